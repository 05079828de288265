import { z } from 'zod';
import { useSmartClient } from '../smart/useSmartClient.ts';
import { fhirId } from './api-contract.ts';
import { sessionViewKey, useSessionView } from './session-view.ts';

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

/** The queue is where a sign-in starts anyway, so it is kept as no entry; `back` is not kept. */
function toSaved(view: SpecialistView): z.infer<typeof savedViewSchema> | undefined {
  return view.kind === 'queue' ? undefined : view.kind === 'consult' ? { kind: 'consult', id: view.id } : { kind: view.kind };
}

const fromSaved = (saved: SpecialistView | undefined): SpecialistView => saved ?? QUEUE;

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
  // One saved view per EHR and user: another specialist signing in on the same tab starts at their own queue.
  const key = sessionViewKey('specialist-view.v1', serverUrl, fhirUserUrl ?? fhirUser);
  const [view, show] = useSessionView(key, savedViewSchema, fromSaved, toSaved);
  return { view, show };
}
