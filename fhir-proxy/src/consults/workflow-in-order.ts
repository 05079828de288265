import type { Bundle, BundleEntry, CapabilityStatement, FhirResource } from 'fhir/r4';
import { addedEntries, type FhirClient } from '../fhir/fhir-client.ts';
import { Problem } from '../lib/outcome.ts';
import { createOnce, urnsIn, withStoredReferences } from './write-to-store.ts';

/**
 * Which half of a step goes first. `updates-first` for a claim: the If-Match update of the
 * ServiceRequest decides the race before anything else is written, so of two claims at once exactly one
 * writes anything. `creates-first` for every message step: the Communication is stored first and the
 * status changes follow, so a step cut off half-way is found by its message key and completed on retry.
 */
export type StepOrder = 'updates-first' | 'creates-first';

export interface InOrderResult {
  /** False when an update met a newer version (412); what was written before it stays written. */
  readonly ok: boolean;
  /** One entry per request entry, in order, shaped like a transaction-response (empty where nothing was written). */
  readonly response: Bundle;
}

/**
 * Writes one workflow step to a consult store that takes no transactions (Epic, Oracle Health, a store
 * in `batch-only` mode): the step's resources one request at a time, in a safe order, each write
 * idempotent. Creates are conditional on the entry's identifier (or a search then a create where the
 * store cannot create conditionally, as `writeToStore` does); updates carry the entry's `If-Match`.
 * Updates go ServiceRequest first for a claim (the race) and Task first otherwise: the ServiceRequest
 * says whether the consult is closed and who sees it, so until it is written the step's author can
 * still complete it.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */
export async function writeStepInOrder(store: FhirClient, statement: CapabilityStatement, bundle: Bundle, order: StepOrder): Promise<InOrderResult> {
  const entries = bundle.entry ?? [];
  const answers: BundleEntry[] = entries.map(() => ({}));
  const stored = new Map<string, string>();
  const indexes = entries.map((_, index) => index);
  const creates = indexes.filter((i) => entries[i]?.request?.method === 'POST');
  const updates = indexes.filter((i) => entries[i]?.request?.method === 'PUT').toSorted((a, b) => rank(entries[a], order) - rank(entries[b], order));
  if (creates.length + updates.length !== entries.length) {
    throw Problem.of(500, 'exception', 'Curbside built a workflow step it cannot write without transactions. Nothing was written; please report this.');
  }

  const writeCreates = async (): Promise<void> => {
    const pending = new Set(creates);
    while (pending.size) {
      const index = [...pending].find((i) => urnsIn(entries[i]?.resource).every((urn) => stored.has(urn)));
      const entry = index === undefined ? undefined : entries[index];
      if (index === undefined || !entry?.resource) {
        throw Problem.of(500, 'exception', 'Curbside built a workflow step whose parts point at each other in a circle. Please report this.');
      }
      const { resource, created } = await createOnce(store, statement, withStoredReferences(entry.resource, stored), entry.request?.ifNoneExist);
      if (entry.fullUrl) {
        stored.set(entry.fullUrl, `${resource.resourceType}/${resource.id}`);
      }
      answers[index] = { resource, response: { status: created ? '201 Created' : '200 OK', location: `${resource.resourceType}/${resource.id}` } };
      pending.delete(index);
    }
  };

  const writeUpdates = async (): Promise<boolean> => {
    for (const index of updates) {
      const entry = entries[index];
      const id = /^[A-Za-z]+\/([A-Za-z0-9\-.]{1,64})$/.exec(entry?.request?.url ?? '')?.[1];
      const resource = entry?.resource && withStoredReferences(entry.resource, stored);
      if (!id || !resource || urnsIn(resource).length) {
        throw Problem.of(500, 'exception', 'Curbside built a workflow update it cannot write without transactions. Please report this.');
      }
      try {
        const saved = await store.update<FhirResource>({ ...resource, id }, entry.request?.ifMatch ? { ifMatch: entry.request.ifMatch } : {});
        answers[index] = { resource: saved, response: { status: '200 OK', location: `${saved.resourceType}/${saved.id}` } };
      } catch (err) {
        if (err instanceof Problem && err.status === 412) {
          return false;
        }
        throw err;
      }
    }
    return true;
  };

  let ok: boolean;
  if (order === 'updates-first') {
    ok = await writeUpdates();
    if (ok) {
      await writeCreates();
    }
  } else {
    await writeCreates();
    ok = await writeUpdates();
  }
  if (ok) {
    await writeProvenance(store, statement, bundle, stored);
  }
  return { ok, response: { resourceType: 'Bundle', type: 'transaction-response', entry: answers } };
}

/**
 * The step's Provenance (what the store client adds to a transaction), written once the whole step is
 * written, conditional on the digest of the step: a retried step adds no second one. A step stopped by
 * a 412 gets none; its retry is a new step that records itself.
 */
async function writeProvenance(store: FhirClient, statement: CapabilityStatement, bundle: Bundle, stored: ReadonlyMap<string, string>): Promise<void> {
  const prepared = store.prepare(bundle);
  for (const entry of (prepared.entry ?? []).slice(0, addedEntries(bundle, prepared))) {
    if (entry.resource) {
      await createOnce(store, statement, withStoredReferences(entry.resource, stored), entry.request?.ifNoneExist);
    }
  }
}

function rank(entry: BundleEntry | undefined, order: StepOrder): number {
  const isServiceRequest = entry?.resource?.resourceType === 'ServiceRequest';
  return order === 'updates-first' ? (isServiceRequest ? 0 : 1) : isServiceRequest ? 1 : 0;
}
