import type { Bundle, Communication, FhirResource, ServiceRequest, Task } from 'fhir/r4';
import type { FhirClient } from '../fhir/fhir-client.ts';

/** A consult as the store holds it: its ServiceRequest, its thread (oldest first) and its workflow Task. */
export interface ConsultRecord {
  readonly sr: ServiceRequest & { readonly id: string };
  readonly messages: readonly Communication[];
  readonly task: Task | undefined;
}

/**
 * The search parameters that bring a page of ServiceRequests back with their threads and Tasks in one
 * round trip (`_revinclude`), so a page costs one search however long the queue is.
 * @see https://hl7.org/fhir/R4/search.html#revinclude
 */
export function withThread(query: URLSearchParams, withTask: boolean): URLSearchParams {
  query.append('_revinclude', 'Communication:based-on');
  if (withTask) {
    query.append('_revinclude', 'Task:based-on');
  }
  return query;
}

/**
 * Every consult a search matches, page after page (`next` links, up to the client's bound), each with its
 * thread and Task. Pages are kept small because a server caps what one page may include: HAPI loads at
 * most 1,000 included resources per page, so 50 consults leave room for 20 messages and a Task each.
 * @see https://hl7.org/fhir/R4/http.html#paging
 */
export async function searchAllRecords(store: FhirClient, path: string): Promise<ConsultRecord[]> {
  return recordsFrom({ resourceType: 'Bundle', type: 'searchset', entry: await store.searchAllEntries<FhirResource>(path) });
}

/** Groups a searchset of ServiceRequests (matches) and their `_revinclude`d Communications and Tasks, in match order. */
export function recordsFrom(bundle: Bundle<FhirResource>): ConsultRecord[] {
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [{ resource: e.resource, mode: e.search?.mode }] : []));
  const byRef = new Map<string, { sr: ServiceRequest & { id: string }; messages: Communication[]; task: Task | undefined }>();
  for (const { resource, mode } of resources) {
    if (resource.resourceType === 'ServiceRequest' && resource.id && mode !== 'include') {
      byRef.set(`ServiceRequest/${resource.id}`, { sr: { ...resource, id: resource.id }, messages: [], task: undefined });
    }
  }
  for (const { resource } of resources) {
    if (resource.resourceType === 'Communication' || resource.resourceType === 'Task') {
      const record = resource.basedOn?.map((ref) => byRef.get(ref.reference ?? '')).find(Boolean);
      if (record && resource.resourceType === 'Communication') {
        record.messages.push(resource);
      } else if (record && resource.resourceType === 'Task') {
        record.task = resource;
      }
    }
  }
  return [...byRef.values()].map((r) => ({ ...r, messages: r.messages.toSorted(bySent) }));
}

/**
 * One consult by id with its thread and Task, or undefined when the store has no such consult (or,
 * given `subject`, none about that patient: the store applies the filter, so one search answers both).
 */
export async function readConsult(store: FhirClient, id: string, withTask: boolean, subject?: string): Promise<ConsultRecord | undefined> {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    return undefined;
  }
  const query = new URLSearchParams({ _id: id, ...(subject ? { subject } : {}) });
  const bundle = await store.search<FhirResource>(`ServiceRequest?${withThread(query, withTask)}`);
  return recordsFrom(bundle)[0];
}

function bySent(a: Communication, b: Communication): number {
  return (a.sent ?? '').localeCompare(b.sent ?? '');
}
