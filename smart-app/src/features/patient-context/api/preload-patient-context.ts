import type { SmartClient } from '../../../smart/fhirclient.ts';
import { sectionLoaders } from './load-patient-context.ts';
import type { PatientContextData, SectionKey } from './load-patient-context.ts';

/** Reads already under way, one promise per section, and the controller that cancels them. */
export interface StartedReads {
  readonly controller: AbortController;
  readonly reads: { readonly [K in SectionKey]?: Promise<PatientContextData[K]> };
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
  for (const key of keys) {
    const read = loaders[key](controller.signal);
    read.catch(() => undefined);
    reads[key] = read;
  }
  return { controller, reads: reads as StartedReads['reads'] };
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

/** The preloaded reads for exactly this client, patient and sections, handed over once; otherwise undefined. */
export function takePreloadedReads(client: SmartClient, patientId: string, keys: readonly SectionKey[]): StartedReads | undefined {
  const taken = preloaded;
  preloaded = undefined;
  if (taken && taken.client === client && taken.patientId === patientId && taken.keys.join() === keys.join()) {
    return taken;
  }
  taken?.controller.abort();
  return undefined;
}
