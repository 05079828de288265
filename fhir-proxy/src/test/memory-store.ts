import type { Bundle, Communication, FhirResource, ServiceRequest, Task } from 'fhir/r4';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { consult, question, taskFor } from './specialist-store.ts';
import { auditHandler, capabilityStatement, STORE } from './upstream.ts';

type Stored = FhirResource & { id: string; meta: { versionId: string } };

/**
 * A consult store that takes no transactions (like a store in `batch-only` mode), kept in memory for
 * the specialist routes' unit tests: conditional create on `identifier`, versioned update with
 * `If-Match` (412 when stale), reads of a consult with its thread and Task. Put its handlers before
 * `specialistStoreHandlers`, which answer the directory reads. `log` lists every write in order;
 * `failNext` makes the next matching write answer 503, retries included (a step cut off there); `beforeNextUpdate` runs
 * once just before an update is applied (another writer getting in first).
 */
export function memoryStore(options: { readonly consults?: readonly (ServiceRequest & { id: string })[] } = {}) {
  const resources = new Map<string, Stored>();
  const log: string[] = [];
  let failing: string | undefined;
  let interleave: (() => void) | undefined;
  let n = 0;
  const put = (resource: FhirResource & { id: string }, version = `v${++n}`): Stored => {
    const { meta, ...body } = resource;
    const stored = { ...body, meta: { ...(meta?.tag ? { tag: meta.tag } : {}), versionId: version } } as Stored;
    resources.set(`${resource.resourceType}/${resource.id}`, stored);
    return stored;
  };
  for (const sr of options.consults ?? [consult()]) {
    put(sr, sr.meta?.versionId);
    put({ ...question(sr), id: `q-${sr.id}` });
    put({ ...taskFor(sr), id: `task-${sr.id}` }, 't1');
  }
  const all = <T extends FhirResource>(type: T['resourceType']): T[] => [...resources.values()].filter((r): r is Stored & T => r.resourceType === type);
  const withIdentifier = (type: string, query: string): FhirResource[] => {
    const params = new URLSearchParams(query);
    // A Provenance is made conditional on its digest tag, everything else on its identifier.
    const [system, value] = (params.get('identifier') ?? params.get('_tag') ?? '').split('|');
    const codes = (r: Stored): { system?: string; value?: string }[] =>
      params.has('_tag') ? (r.meta as { tag?: { system?: string; code?: string }[] }).tag?.map((t) => ({ system: t.system, value: t.code })) ?? [] : (r as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
    return [...resources.values()].filter((r) => r.resourceType === type && codes(r).some((i) => i.system === system && i.value === value));
  };
  let failed = false;
  const fail = (what: string): Response | undefined => {
    log.push(what);
    if (failing !== what) return undefined;
    // Every attempt of that request fails (the proxy retries writes that are safe to repeat), so the
    // step is cut off there; the next request's read of the consult ends the failure.
    failed = true;
    log.push(`${what} failed`);
    return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 });
  };
  const types = Object.fromEntries(['ServiceRequest', 'Communication', 'Task', 'Practitioner', 'Provenance'].map((t) => [t, { interactions: ['read', 'create', 'update', 'search-type'], conditionalCreate: true, searchParams: ['identifier', '_tag'] }]));

  const handlers: HttpHandler[] = [
    auditHandler(),
    http.get(`${STORE}/metadata`, () => HttpResponse.json(capabilityStatement({ system: ['batch'], types }))),
    http.post(STORE, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', details: { text: 'This server does not support transaction Bundles.' } }] }, { status: 405 })),
    http.post(`${STORE}/:type`, async ({ request, params }) => {
      const type = String(params.type);
      const refused = fail(`POST ${type}`);
      if (refused) return refused;
      const ifNoneExist = request.headers.get('if-none-exist');
      const existing = ifNoneExist ? withIdentifier(type, ifNoneExist)[0] : undefined;
      if (existing) return HttpResponse.json(existing, { status: 200 });
      const body = (await request.json()) as FhirResource;
      return HttpResponse.json(put({ ...body, id: `${type.toLowerCase()}-${++n}` }), { status: 201 });
    }),
    http.put(`${STORE}/:type/:id`, async ({ request, params }) => {
      const key = `${String(params.type)}/${String(params.id)}`;
      const refused = fail(`PUT ${String(params.type)}`);
      if (refused) return refused;
      interleave?.();
      interleave = undefined;
      const current = resources.get(key);
      if (!current) return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, { status: 404 });
      if (request.headers.get('if-match') !== `W/"${current.meta.versionId}"`) {
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict', details: { text: 'Precondition Failed' } }] }, { status: 412 });
      }
      return HttpResponse.json(put({ ...((await request.json()) as FhirResource), id: String(params.id) }));
    }),
    http.get(`${STORE}/Communication`, ({ request }) => HttpResponse.json(searchset(withIdentifier('Communication', new URL(request.url).search)))),
    http.get(`${STORE}/Practitioner`, ({ request }) => HttpResponse.json(searchset(withIdentifier('Practitioner', new URL(request.url).search)))),
    http.get(`${STORE}/ServiceRequest`, ({ request }) => {
      if (failed) {
        failing = undefined;
        failed = false;
      }
      const id = new URL(request.url).searchParams.get('_id');
      const sr = resources.get(`ServiceRequest/${id}`);
      const about = (r: Communication | Task): boolean => r.basedOn?.some((b) => b.reference === `ServiceRequest/${id}`) ?? false;
      const included = sr ? [...all<Communication>('Communication').filter(about), ...all<Task>('Task').filter(about)] : [];
      return HttpResponse.json({ ...searchset(sr ? [sr] : []), entry: [...(sr ? [{ resource: sr, search: { mode: 'match' as const } }] : []), ...included.map((resource) => ({ resource, search: { mode: 'include' as const } }))] });
    }),
  ];
  return {
    handlers,
    log,
    read: <T extends FhirResource>(type: T['resourceType'], id: string): T => resources.get(`${type}/${id}`) as unknown as T,
    all,
    /** Stores a new version as another writer would. */
    write: (resource: FhirResource & { id: string }) => void put(resource),
    failNext: (what: string) => (failing = what),
    beforeNextUpdate: (fn: (store: { update: (resource: FhirResource & { id: string }) => void }) => void) => (interleave = () => fn({ update: (r) => put(r) })),
  };
}

function searchset(resources: FhirResource[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) };
}
