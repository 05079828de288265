import { useEffect, useMemo, useState } from 'react';
import { useRequesterSession } from '../../../smart/useRequesterSession.ts';
import { sectionKeys } from '../api/load-patient-context.ts';
import type { SectionKey } from '../api/load-patient-context.ts';
import { peekPreloadedSections, startReads, takePreloadedReads } from '../api/preload-patient-context.ts';
import type { PatientContextSections } from '../api/preload-patient-context.ts';

export type { PatientContextSections, SectionState } from '../api/preload-patient-context.ts';

export interface UsePatientContextReturn {
  /** Only the sections being read: `patient` is read only when the app shows its own banner. */
  readonly sections: PatientContextSections;
  /** How many of the sections have finished (loaded or failed), for a progress indicator. */
  readonly progress: { readonly done: number; readonly total: number };
}

function withLoading(keys: readonly SectionKey[], settled: PatientContextSections = {}): PatientContextSections {
  return Object.fromEntries(keys.map((key) => [key, settled[key] ?? { status: 'loading' }]));
}

/** `next` when a section's state changed, else `current` itself (React then skips the render). */
function changed(current: PatientContextSections, next: PatientContextSections): PatientContextSections {
  const keys = Object.keys(next) as SectionKey[];
  return keys.length === Object.keys(current).length && keys.every((key) => current[key] === next[key]) ? current : next;
}

/**
 * Reads the launch patient's chart: every section in parallel, every page of each search. Each
 * section's state changes on its own, so sections render as they arrive and a failure stays in its section.
 * Reads started at launch (`preloadPatientContext`) are taken over rather than made again, and what
 * they have already brought is in the first render.
 */
export function usePatientContext(): UsePatientContextReturn {
  const { client, patientId, needPatientBanner } = useRequesterSession();
  const keys = useMemo(() => sectionKeys(needPatientBanner), [needPatientBanner]);
  const [sections, setSections] = useState<PatientContextSections>(() => withLoading(keys, peekPreloadedSections(client, patientId, keys)));

  useEffect(() => {
    const { controller, reads, settled } = takePreloadedReads(client, patientId, keys) ?? startReads(client, patientId, keys);
    const show = (): void => {
      if (!controller.signal.aborted) {
        setSections((current) => changed(current, withLoading(keys, settled)));
      }
    };
    show();
    // startReads records each outcome in `settled` before these run (its handlers were attached first).
    keys.forEach((key) => reads[key]?.then(show, show));
    return () => controller.abort();
  }, [client, patientId, keys]);

  const progress = useMemo(() => {
    const states = Object.values(sections);
    return { done: states.filter((s) => s.status !== 'loading').length, total: states.length };
  }, [sections]);

  return { sections, progress };
}
