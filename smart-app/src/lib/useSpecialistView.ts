import { useCallback, useState } from 'react';
import { z } from 'zod';
import { useSmartClient } from '../smart/useSmartClient.ts';
import { fhirId } from './api-contract.ts';

/** `back`: the queue was reached with Back from a consult, so it takes the focus Back had. */
export type SpecialistView = { readonly kind: 'queue'; readonly back?: boolean } | { readonly kind: 'consult'; readonly id: string } | { readonly kind: 'metrics' };

const QUEUE: SpecialistView = { kind: 'queue' };

// What may come back from storage: anything else (an older shape, a hand edit) opens the queue. `back`
// is not kept (zod drops it): a reload has no Back button whose focus the queue should take.
const savedViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue') }),
  // A FHIR id, by the proxy's own rule for its consult routes.
  z.object({ kind: z.literal('consult'), id: fhirId }),
  z.object({ kind: z.literal('metrics') }),
]);

/** One saved view per EHR and user: another specialist signing in on the same tab starts at their own queue. */
function specialistViewKey(serverUrl: string, user: string | undefined): string {
  return ['curbside.specialist-view.v1', serverUrl, user ?? 'unknown-user'].map(encodeURIComponent).join(':');
}

function load(key: string): SpecialistView {
  try {
    const raw = sessionStorage.getItem(key);
    if (raw === null) {
      return QUEUE;
    }
    const parsed = savedViewSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : QUEUE;
  } catch {
    return QUEUE;
  }
}

/** The queue is where a sign-in starts anyway, so it is kept as no entry. Storage failures only lose the restore. */
function save(key: string, view: SpecialistView): void {
  try {
    if (view.kind === 'queue') {
      sessionStorage.removeItem(key);
    } else {
      sessionStorage.setItem(key, JSON.stringify(view.kind === 'consult' ? { kind: 'consult', id: view.id } : { kind: view.kind }));
    }
  } catch {
    // The page keeps working; a reload opens the queue.
  }
}

export interface UseSpecialistViewReturn {
  readonly view: SpecialistView;
  /** Goes to `view`; saved at once, so a reload comes back to it. */
  readonly show: (view: SpecialistView) => void;
}

/**
 * Which screen the specialist is on, kept in sessionStorage (per tab, as the SMART session is): a reload,
 * or Epic re-rendering the app's frame when the user comes back from another activity, returns them to
 * the consult they were working on instead of the queue. Not in the URL: inside the EHR's frame the URL
 * belongs to the SMART launch.
 */
export function useSpecialistView(): UseSpecialistViewReturn {
  const { serverUrl, fhirUser, fhirUserUrl } = useSmartClient();
  const key = specialistViewKey(serverUrl, fhirUserUrl ?? fhirUser);
  const [held, setHeld] = useState(() => ({ key, view: load(key) }));
  let current = held;
  if (held.key !== key) {
    current = { key, view: load(key) };
    setHeld(current);
  }
  const show = useCallback(
    (view: SpecialistView) => {
      save(key, view);
      setHeld({ key, view });
    },
    [key],
  );
  return { view: current.view, show };
}
