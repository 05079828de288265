import type { Bundle, BundleEntry, CapabilityStatement, FhirResource } from 'fhir/r4';
import { supportsConditionalCreate, supportsSystemInteraction } from '../api/fhir-capabilities.ts';
import { addedEntries, type Created, type FhirClient } from '../fhir/fhir-client.ts';
import { Problem } from '../lib/outcome.ts';
import type { ProxyDeps } from './deps.ts';

/**
 * Writes a consult transaction to the consult store the way the store can take it. A store whose
 * CapabilityStatement offers `transaction` (HAPI, the sandbox) gets the Bundle as one atomic request.
 * Any other store (one that offers batch only, as Oracle Health does, or nothing, as Epic advertises:
 * fhir-landscape.md §3–4) gets the entries as ordered creates, each conditional on the entry's own
 * idempotency identifier, so a write cut off half-way completes on the next attempt without duplicates.
 * Either way the answer has the shape of a transaction-response: one entry per request entry, in order.
 * @see https://hl7.org/fhir/R4/http.html#transaction
 */
export async function writeToStore(deps: ProxyDeps, bundle: Bundle): Promise<Bundle> {
  const statement = await deps.capabilities.get(deps.store, { failOnTransient: true });
  // A store that does not publish its capabilities is written as before: one transaction.
  if (!statement || supportsSystemInteraction(statement, 'transaction')) {
    return deps.store.transaction(bundle);
  }
  deps.logger.info('store.ordered-creates', { entries: bundle.entry?.length ?? 0 });
  // The Provenance joins the creates; it points at every other entry, so it is written last, conditional
  // on its digest: a retry of a write cut off half-way adds none.
  const prepared = deps.store.prepare(bundle);
  const response = await orderedCreates(deps.store, prepared, statement);
  return { ...response, entry: (response.entry ?? []).slice(addedEntries(bundle, prepared)) };
}

/**
 * The entries one by one, each only once every `urn:uuid` it points at has been written (references are
 * then rewritten to the stored `Type/id`). Exported for tests.
 */
export async function orderedCreates(store: FhirClient, bundle: Bundle, statement: CapabilityStatement): Promise<Bundle> {
  const entries = bundle.entry ?? [];
  const stored = new Map<string, string>();
  const answers: BundleEntry[] = new Array<BundleEntry>(entries.length);
  const pending = new Set(entries.map((_, index) => index));
  while (pending.size) {
    const index = [...pending].find((i) => urnsIn(entries[i]?.resource).every((urn) => stored.has(urn)));
    if (index === undefined) {
      throw Problem.of(500, 'exception', 'Curbside built a consult whose parts point at each other in a circle. Nothing more was written; please report this.');
    }
    const entry = entries[index] as BundleEntry;
    if (entry.request?.method !== 'POST' || !entry.resource) {
      throw Problem.of(500, 'exception', 'Curbside can only write new resources to a store without transactions.');
    }
    const resource = withStoredReferences(entry.resource, stored);
    const { resource: saved, created } = await createOnce(store, statement, resource, entry.request.ifNoneExist);
    if (entry.fullUrl) {
      stored.set(entry.fullUrl, `${saved.resourceType}/${saved.id}`);
    }
    answers[index] = { resource: saved, response: { status: created ? '201 Created' : '200 OK', location: `${saved.resourceType}/${saved.id}` } };
    pending.delete(index);
  }
  return { resourceType: 'Bundle', type: 'transaction-response', entry: answers };
}

/**
 * One create, once: conditional (`If-None-Exist`) where the store supports it for the type; otherwise a
 * search on the same identifier, then a create when nothing matched. Shared with the specialist
 * workflow's ordered writes (workflow-in-order.ts).
 */
export async function createOnce(store: FhirClient, statement: CapabilityStatement, resource: FhirResource, ifNoneExist: string | undefined): Promise<Created<FhirResource>> {
  if (!ifNoneExist || supportsConditionalCreate(statement, resource.resourceType)) {
    return store.create(resource, ifNoneExist ? { ifNoneExist } : {});
  }
  const found = await store.search<FhirResource>(`${resource.resourceType}?${ifNoneExist}&_count=2`);
  const matches = (found.entry ?? []).flatMap((e) => (e.resource?.resourceType === resource.resourceType ? [e.resource] : []));
  if (matches.length > 1) {
    throw Problem.of(409, 'duplicate', 'The consult store holds two copies of part of this consult. Nothing more was written; please report this.');
  }
  return matches[0] ? { resource: matches[0], created: false } : store.create(resource);
}

/** The `urn:uuid:` references a resource still holds (entries of the same Bundle it points at). */
export function urnsIn(resource: FhirResource | undefined): string[] {
  return [...JSON.stringify(resource ?? {}).matchAll(/"reference":"(urn:uuid:[^"]+)"/g)].map((m) => m[1] ?? '');
}

/** The resource with every `urn:uuid:` reference already written replaced by the stored `Type/id`. */
export function withStoredReferences<T extends FhirResource>(resource: T, stored: ReadonlyMap<string, string>): T {
  return JSON.parse(JSON.stringify(resource), (key, value: unknown) => (key === 'reference' && typeof value === 'string' && stored.has(value) ? stored.get(value) : value)) as T;
}

/** A transaction-response's entry for the request entry of this type (answers come back in request order). */
export function entryFor(request: Bundle, response: Bundle, type: string): BundleEntry | undefined {
  return response.entry?.[(request.entry ?? []).findIndex((e) => e.resource?.resourceType === type)];
}

/**
 * The resource a transaction wrote for its entry of this type, read back by its location when the
 * server answered without bodies (one that ignores the `Prefer: return=representation` the store client
 * sends with every transaction); `notConfirmed` tells
 * the physician what to do when the answer does not even say where it went.
 */
export async function writtenResource<T extends FhirResource>(deps: ProxyDeps, request: Bundle, response: Bundle, type: T['resourceType'], notConfirmed: string): Promise<T> {
  const entry = entryFor(request, response, type);
  if (entry?.resource?.resourceType === type) {
    return entry.resource as T;
  }
  const id = storedId(entry, type);
  if (!id) {
    throw Problem.of(502, 'processing', notConfirmed);
  }
  return deps.store.read<T>(type, id);
}

/** The id the store gave the resource of a transaction-response entry: from the resource, else from its location. */
export function storedId(entry: BundleEntry | undefined, type: string): string | undefined {
  return entry?.resource?.resourceType === type ? entry.resource.id : new RegExp(`(?:^|/)${type}/([^/]+)`).exec(entry?.response?.location ?? '')?.[1];
}
