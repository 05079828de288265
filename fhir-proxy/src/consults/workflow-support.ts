import type { CapabilityStatement } from 'fhir/r4';
import type { FhirClient } from '../fhir/fhir-client.ts';

const TTL_MS = 10 * 60_000;
const cache = new WeakMap<FhirClient, { keepsTasks: Promise<boolean>; until: number }>();

/**
 * Whether the consult store keeps the workflow in a Task: its CapabilityStatement must offer Task
 * create, update and search (the sandbox store and HAPI do; Epic offers no Task create, Cerner no Task
 * at all). Read once per store client and kept ten minutes; without Task the ServiceRequest's status
 * and the thread carry the workflow.
 * @see https://hl7.org/fhir/R4/capabilitystatement.html
 */
export function storeKeepsTasks(store: FhirClient, now: () => number = Date.now): Promise<boolean> {
  const cached = cache.get(store);
  if (cached && cached.until > now()) {
    return cached.keepsTasks;
  }
  const keepsTasks = store.request<CapabilityStatement>('GET', 'metadata').then(offersTasks);
  // A failed read is not remembered: the next request asks again rather than running without Tasks for ten minutes.
  keepsTasks.catch(() => cache.delete(store));
  cache.set(store, { keepsTasks, until: now() + TTL_MS });
  return keepsTasks;
}

function offersTasks(statement: CapabilityStatement): boolean {
  const task = statement.rest?.flatMap((r) => r.resource ?? []).find((r) => r.type === 'Task');
  const interactions = new Set<string>(task?.interaction?.map((i) => i.code));
  return ['create', 'update', 'search-type'].every((code) => interactions.has(code));
}
