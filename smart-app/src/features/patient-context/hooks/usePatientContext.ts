import { useEffect, useMemo, useState } from 'react';
import { useRequesterSession } from '../../../smart/useRequesterSession.ts';
import { describeLoadError, sectionKeys } from '../api/load-patient-context.ts';
import type { PatientContextData, SectionKey } from '../api/load-patient-context.ts';
import { startReads, takePreloadedReads } from '../api/preload-patient-context.ts';

export type SectionState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly message: string };

export type PatientContextSections = { readonly [K in SectionKey]?: SectionState<PatientContextData[K]> };

export interface UsePatientContextReturn {
  /** Only the sections being read: `patient` is read only when the app shows its own banner. */
  readonly sections: PatientContextSections;
  /** How many of the sections have finished (loaded or failed), for a progress indicator. */
  readonly progress: { readonly done: number; readonly total: number };
}

function initialSections(keys: readonly SectionKey[]): PatientContextSections {
  return Object.fromEntries(keys.map((key) => [key, { status: 'loading' }]));
}

/**
 * Reads the launch patient's chart: every section in parallel, every page of each search. Each
 * section's state changes on its own, so sections render as they arrive and a failure stays in its section.
 * Reads started at launch (`preloadPatientContext`) are taken over rather than made again.
 */
export function usePatientContext(): UsePatientContextReturn {
  const { client, patientId, needPatientBanner } = useRequesterSession();
  const keys = useMemo(() => sectionKeys(needPatientBanner), [needPatientBanner]);
  const [sections, setSections] = useState<PatientContextSections>(() => initialSections(keys));

  useEffect(() => {
    const { controller, reads } = takePreloadedReads(client, patientId, keys) ?? startReads(client, patientId, keys);
    setSections(initialSections(keys));
    const settle = <K extends SectionKey>(key: K, state: SectionState<PatientContextData[K]>): void => {
      if (!controller.signal.aborted) {
        setSections((current) => ({ ...current, [key]: state }));
      }
    };
    const load = <K extends SectionKey>(key: K): void => {
      const read = reads[key] as Promise<PatientContextData[K]> | undefined;
      read?.then(
        (data) => settle(key, { status: 'ready', data }),
        (error: unknown) => settle(key, { status: 'error', message: describeLoadError(error) }),
      );
    };
    keys.forEach(load);
    return () => controller.abort();
  }, [client, patientId, keys]);

  const progress = useMemo(() => {
    const states = Object.values(sections);
    return { done: states.filter((s) => s.status !== 'loading').length, total: states.length };
  }, [sections]);

  return { sections, progress };
}
