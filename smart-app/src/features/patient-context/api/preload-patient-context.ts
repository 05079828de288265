import type { SmartClient } from '../../../smart/fhirclient.ts';
import { describeLoadError, sectionLoaders } from './load-patient-context.ts';
import type { PatientContextData, SectionKey } from './load-patient-context.ts';

export type SectionState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly message: string };
export type PatientContextSections = { readonly [K in SectionKey]?: SectionState<PatientContextData[K]> };

/** Reads already under way, one promise per section, the controller that cancels them, and what has already settled. */
export interface StartedReads {
  readonly controller: AbortController;
  readonly reads: { readonly [K in SectionKey]?: Promise<PatientContextData[K]> };
  /**
   * Each section's outcome once its read has settled, filled in as they do. The page that takes the
   * reads over renders these at once: a section that arrived while the page was still rendering shows
   * in its first render, not one effect and one more render later.
   */
  readonly settled: PatientContextSections;
}

interface Preload extends StartedReads {
  readonly client: SmartClient;
  readonly patientId: string;
  readonly keys: readonly SectionKey[];
}

let preloaded: Preload | undefined;

/** Starts every section's read now; each promise is also observed, so a failure nobody awaits yet is not "unhandled". */
export function startReads(client: SmartClient, patientId: string, keys: readonly SectionKey[], controller = new AbortController()): StartedReads {
  const loaders = sectionLoaders(client, patientId);
  const reads: Record<string, Promise<unknown>> = {};
  const settled: Record<string, SectionState<unknown>> = {};
  for (const key of keys) {
    const read = loaders[key](controller.signal);
    read.then(
      (data) => (settled[key] = { status: 'ready', data }),
      (error: unknown) => (settled[key] = { status: 'error', message: describeLoadError(error) }),
    );
    reads[key] = read;
  }
  return { controller, reads: reads as StartedReads['reads'], settled: settled as PatientContextSections };
}

/**
 * Starts reading the chart the moment the SMART client is ready, before React renders the page
 * (render-as-you-fetch). The chart read is the longest wait of a launch, and starting it from the
 * first render's effect put a render, a layout and a paint (30–45 ms in `npm run bench`) in front of it.
 */
export function preloadPatientContext(client: SmartClient, patientId: string, keys: readonly SectionKey[]): void {
  preloaded?.controller.abort();
  preloaded = { client, patientId, keys, ...startReads(client, patientId, keys) };
}

/** What the preloaded reads for exactly this client, patient and sections have settled so far, without taking them. */
export function peekPreloadedSections(client: SmartClient, patientId: string, keys: readonly SectionKey[]): PatientContextSections | undefined {
  return preloaded && matches(preloaded, client, patientId, keys) ? preloaded.settled : undefined;
}

const matches = (p: Preload, client: SmartClient, patientId: string, keys: readonly SectionKey[]): boolean =>
  p.client === client && p.patientId === patientId && p.keys.join() === keys.join();

/** The preloaded reads for exactly this client, patient and sections, handed over once; otherwise undefined. */
export function takePreloadedReads(client: SmartClient, patientId: string, keys: readonly SectionKey[]): StartedReads | undefined {
  const taken = preloaded;
  preloaded = undefined;
  if (taken && matches(taken, client, patientId, keys)) {
    return taken;
  }
  taken?.controller.abort();
  return undefined;
}
