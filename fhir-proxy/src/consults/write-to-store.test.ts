import type { Bundle, Communication, FhirResource, ServiceRequest } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import { allergy, auditHandler, audits, authHeaders, capabilityStatement, condition, ehrHandlers, medication, pool, STORE, storeHandlers, testApp } from '../test/upstream.ts';

/**
 * A consult store without transactions, kept in memory: conditional create on `identifier` (or a
 * Provenance's `_tag`, when it says so), search by them, read. `failNext` makes every create of a type
 * answer 503 until `heal` (a write cut off: the proxy's own retries meet the same failure).
 */
function storeWithoutTransactions(options: { conditionalCreate: boolean }) {
  const resources: FhirResource[] = [];
  const log: string[] = [];
  let failOn: string | undefined;
  const byIdentifier = (type: string, query: string): FhirResource[] => {
    const params = new URLSearchParams(query);
    const [system, value] = decodeURIComponent(params.get('identifier') ?? params.get('_tag') ?? '').split('|');
    const codes = (r: FhirResource): { system?: string; value?: string }[] =>
      params.has('_tag') ? (r.meta?.tag ?? []).map((t) => ({ system: t.system, value: t.code })) : ((r as { identifier?: { system?: string; value?: string }[] }).identifier ?? []);
    return resources.filter((r) => r.resourceType === type && codes(r).some((i) => i.system === system && i.value === value));
  };
  const types = Object.fromEntries(['Patient', 'Practitioner', 'AllergyIntolerance', 'MedicationRequest', 'Condition', 'ServiceRequest', 'Communication', 'Provenance'].map((t) => [t, { interactions: ['create', 'read', 'search-type'], conditionalCreate: options.conditionalCreate, searchParams: ['identifier', '_tag'] }]));
  const handlers = [
    http.get(`${STORE}/metadata`, () => HttpResponse.json(capabilityStatement({ system: ['batch'], types }))),
    http.get(`${STORE}/HealthcareService/${pool.id}`, () => HttpResponse.json(pool)),
    http.post(STORE, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] }, { status: 405 })),
    http.post(`${STORE}/:type`, async ({ request, params }) => {
      const type = String(params.type);
      const ifNoneExist = request.headers.get('if-none-exist');
      log.push(`POST ${type}${ifNoneExist ? ' (conditional)' : ''}`);
      if (failOn === type) {
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 503 });
      }
      const existing = ifNoneExist ? byIdentifier(type, ifNoneExist)[0] : undefined;
      if (existing) {
        return HttpResponse.json(existing, { status: 200 });
      }
      const saved = { ...((await request.json()) as FhirResource), id: `${type.toLowerCase()}-${resources.length + 1}` } as FhirResource;
      resources.push(saved);
      return HttpResponse.json(saved, { status: 201, headers: { Location: `${STORE}/${type}/${saved.id}/_history/1` } });
    }),
    http.get(`${STORE}/:type`, ({ request, params }) => {
      log.push(`GET ${String(params.type)}`);
      const found = byIdentifier(String(params.type), new URL(request.url).search);
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: found.length, entry: found.map((resource) => ({ resource })) } satisfies Bundle);
    }),
  ];
  return { handlers, resources, log, failNext: (type: string) => (failOn = type), heal: () => (failOn = undefined) };
}

// The proxy's AuditEvents have a store of their own here, so msw does not report each one as unhandled.
const server = setupServer(...ehrHandlers(), auditHandler());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  audits.clear();
});
afterAll(() => server.close());

const input: ConsultRequestInput = {
  idempotencyKey: '2b1e6f0c-5d4a-4c3b-9a8f-7e6d5c4b3a21',
  target: { kind: 'pool', healthcareServiceId: pool.id },
  question: 'Potassium 5.6 on lisinopril with eGFR 38: stop the ACE inhibitor or add a binder?',
  urgency: 'urgent',
  reasonConditionId: condition.id,
  shared: [{ type: 'MedicationRequest', id: medication.id }, { type: 'AllergyIntolerance', id: allergy.id }],
};
const send = (app = testApp()) => app.request('/consults', { method: 'POST', headers: authHeaders(), body: JSON.stringify(input) });

describe('writing the consult store by capability', () => {
  test('a store without transactions gets ordered conditional creates, each reference pointing at what was stored', async () => {
    const store = storeWithoutTransactions({ conditionalCreate: true });
    server.use(...store.handlers);
    const res = await send();
    expect(res.status).toBe(201);
    // The Provenance last, conditional on its digest: it points at everything else written.
    expect(store.log).toEqual(['Patient', 'Practitioner', 'AllergyIntolerance', 'Condition', 'MedicationRequest', 'ServiceRequest', 'Communication', 'Provenance'].map((t) => `POST ${t} (conditional)`));
    const provenance = store.resources.find((r) => r.resourceType === 'Provenance') as { target?: { reference?: string }[] } | undefined;
    expect(provenance?.target).toHaveLength(7);
    expect(JSON.stringify(provenance)).not.toContain('urn:uuid:');
    const sr = store.resources.find((r): r is ServiceRequest => r.resourceType === 'ServiceRequest');
    const question = store.resources.find((r): r is Communication => r.resourceType === 'Communication');
    const idOf = (type: string): string | undefined => store.resources.find((r) => r.resourceType === type)?.id;
    expect(sr?.subject.reference).toBe(`Patient/${idOf('Patient')}`);
    expect(sr?.supportingInfo?.map((r) => r.reference)).toEqual([`MedicationRequest/${idOf('MedicationRequest')}`, `AllergyIntolerance/${idOf('AllergyIntolerance')}`, `Condition/${idOf('Condition')}`]);
    expect(question?.basedOn?.[0]?.reference).toBe(`ServiceRequest/${sr?.id}`);
    expect(JSON.stringify(store.resources)).not.toContain('urn:uuid:');
  });

  test('a copy that points at another copy is written after it (the medication after its reason)', async () => {
    const store = storeWithoutTransactions({ conditionalCreate: true });
    server.use(...store.handlers);
    await send();
    const med = store.resources.find((r) => r.resourceType === 'MedicationRequest') as { reasonReference?: { reference?: string }[] };
    expect(med.reasonReference?.[0]?.reference).toBe(`Condition/${store.resources.find((r) => r.resourceType === 'Condition')?.id}`);
    expect(store.log.indexOf('POST Condition (conditional)')).toBeLessThan(store.log.indexOf('POST MedicationRequest (conditional)'));
  });

  test('a write cut off half-way completes on retry, with nothing stored twice', async () => {
    const store = storeWithoutTransactions({ conditionalCreate: true });
    server.use(...store.handlers);
    const app = testApp();
    store.failNext('ServiceRequest');
    const first = await send(app);
    expect(first.status).toBe(503);
    expect(store.resources.map((r) => r.resourceType)).toEqual(['Patient', 'Practitioner', 'AllergyIntolerance', 'Condition', 'MedicationRequest']);

    store.heal();
    const retry = await send(app);
    expect(retry.status).toBe(201);
    const counts = store.resources.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.resourceType]: (acc[r.resourceType] ?? 0) + 1 }), {});
    expect(counts).toEqual({ Patient: 1, Practitioner: 1, MedicationRequest: 1, AllergyIntolerance: 1, Condition: 1, ServiceRequest: 1, Communication: 1, Provenance: 1 });

    const replay = await send(app);
    expect(replay.status).toBe(200);
    expect(store.resources).toHaveLength(8);
  });

  test('without conditional create it searches by identifier first, and finds what an earlier attempt wrote', async () => {
    const store = storeWithoutTransactions({ conditionalCreate: false });
    server.use(...store.handlers);
    const app = testApp();
    expect((await send(app)).status).toBe(201);
    expect(store.log.slice(0, 2)).toEqual(['GET Patient', 'POST Patient']);
    expect((await send(app)).status).toBe(200);
    // Seven parts and one Provenance, each found by its search on the replay rather than created again.
    expect(store.resources).toHaveLength(8);
    expect(store.log.filter((l) => l.startsWith('POST'))).toHaveLength(8);
  });

  test('a store that offers transactions gets one transaction, as before', async () => {
    const posted: Bundle[] = [];
    server.use(...storeHandlers(posted));
    expect((await send()).status).toBe(201);
    expect(posted.map((b) => b.type)).toEqual(['transaction']);
  });
});
