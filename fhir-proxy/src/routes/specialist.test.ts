import type { Bundle, Communication, OperationOutcome, Provenance, ServiceRequest, Task } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { SpecialistProfile } from '../api/specialist.ts';
import { consult, specialistStoreHandlers } from '../test/specialist-store.ts';
import { authHeaders, ehrHandlers, OUTSIDER_TOKEN, pool, SPECIALIST_TOKEN, STORE, testApp } from '../test/upstream.ts';

const posted: Bundle[] = [];
const server = setupServer(...ehrHandlers(), ...specialistStoreHandlers(posted));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  posted.length = 0;
});
afterAll(() => server.close());

const call = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
  testApp().request(path, { method: init.method ?? 'GET', headers: authHeaders(init.token ?? SPECIALIST_TOKEN), ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
const updates = (bundle: Bundle | undefined) => (bundle?.entry ?? []).filter((e) => e.request?.method === 'PUT');
const key = '4c1f9a3e-2b7d-4e8a-9f10-3d2c1b0a9e8f';

describe('specialist sign-in', () => {
  test('finds the specialist\'s roles and pools from fhirUser', async () => {
    const res = await call('/specialist/me');
    expect(res.status).toBe(200);
    expect((await res.json()) as SpecialistProfile).toMatchObject({ name: 'Dr. Ada Okoro', pools: [{ id: pool.id, name: pool.name }], programmeLead: false });
  });

  test('refuses a signed-in user with no active role in the directory with 403', async () => {
    const res = await call('/specialist/queue', { token: OUTSIDER_TOKEN });
    expect(res.status).toBe(403);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toMatch(/no active role/);
  });

  test('refuses the metrics to a specialist who is not a programme lead', async () => {
    expect((await call('/specialist/metrics')).status).toBe(403);
  });
});

describe('claiming a pool consult', () => {
  test('writes the ServiceRequest, the Task and a thread note in one transaction, each update with If-Match', async () => {
    const res = await call('/specialist/consults/sr-1/claim', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(posted).toHaveLength(1);
    const [sr, task] = updates(posted[0]).map((e) => e.resource) as [ServiceRequest, Task];
    expect(updates(posted[0]).map((e) => e.request?.ifMatch)).toEqual(['W/"v1"', 'W/"t1"']);
    expect(sr.performer).toEqual([{ reference: 'PractitionerRole/role-1', display: 'Dr. Ada Okoro' }]);
    expect(task).toMatchObject({ status: 'accepted', owner: { reference: 'PractitionerRole/role-1' } });
    expect(posted[0]?.entry?.find((e) => e.resource?.resourceType === 'Communication')?.request?.ifNoneExist).toContain('claim');
  });

  test('answers 409 naming who has it when another claim was written first (412 from the store)', async () => {
    server.use(...specialistStoreHandlers(posted, { staleBecause: { performer: 'PractitionerRole/role-2', display: 'Dr. Quick' } }));
    const res = await call('/specialist/consults/sr-1/claim', { method: 'POST' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toBe('This consult was already claimed by Dr. Quick. It is no longer in your queue.');
  });

  test('without Task in the store\'s CapabilityStatement, claims with If-Match on the ServiceRequest alone', async () => {
    server.use(...specialistStoreHandlers(posted, { tasks: false }));
    expect((await call('/specialist/consults/sr-1/claim', { method: 'POST' })).status).toBe(200);
    expect(updates(posted[0]).map((e) => `${e.resource?.resourceType} ${e.request?.ifMatch}`)).toEqual(['ServiceRequest W/"v1"']);
  });
});

describe('a consult store without transactions', () => {
  test('is not sent a transaction: the answer is looked up by its key and created (no conditional create offered), then the If-Match updates', async () => {
    const writes: string[] = [];
    server.use(
      http.get(`${STORE}/Communication`, ({ request }) => {
        writes.push(`GET Communication ${new URL(request.url).searchParams.get('identifier') ?? ''}`);
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 0 });
      }),
      ...specialistStoreHandlers(posted, { systemInteractions: ['batch'], consults: [consult('sr-1', 'PractitionerRole/role-1')] }),
      http.post(`${STORE}/Communication`, async ({ request }) => {
        writes.push(`POST Communication ${request.headers.get('if-none-exist') ?? ''}`);
        return HttpResponse.json({ ...((await request.json()) as Communication), id: 'answer-1', meta: { versionId: '1' } }, { status: 201 });
      }),
      http.get(`${STORE}/Provenance`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 0 })),
      http.post(`${STORE}/Provenance`, async ({ request }) => {
        writes.push('POST Provenance');
        return HttpResponse.json({ ...((await request.json()) as Provenance), id: 'prov-1' }, { status: 201 });
      }),
      http.put(`${STORE}/:type/:id`, async ({ request, params }) => {
        writes.push(`PUT ${String(params.type)} ${request.headers.get('if-match') ?? ''}`);
        return HttpResponse.json({ ...((await request.json()) as ServiceRequest | Task), meta: { versionId: '2' } });
      }),
    );
    const res = await call('/specialist/consults/sr-1/answer', { method: 'POST', body: { idempotencyKey: key, text: 'Continue metformin.', outcome: 'advice-only' } });
    expect(res.status).toBe(201);
    expect(posted).toHaveLength(0);
    const lookup = `GET Communication https://curbside.health/fhir/sid/message|${key}`;
    expect(writes).toEqual([lookup, lookup, 'POST Communication ', 'PUT Task W/"t1"', 'PUT ServiceRequest W/"v1"', 'POST Provenance']);
  });
});

describe('the final answer', () => {
  test('completes the ServiceRequest and the Task in the same transaction as the answer', async () => {
    server.use(...specialistStoreHandlers(posted, { consults: [consult('sr-1', 'PractitionerRole/role-1')] }));
    const res = await call('/specialist/consults/sr-1/answer', { method: 'POST', body: { idempotencyKey: key, text: 'Continue metformin at 500 mg twice daily.', outcome: 'advice-only' } });
    expect(res.status).toBe(201);
    expect(posted).toHaveLength(1);
    const entries = posted[0]?.entry ?? [];
    const answer = entries.find((e) => e.resource?.resourceType === 'Communication');
    const sr = entries.find((e) => e.resource?.resourceType === 'ServiceRequest')?.resource as ServiceRequest;
    const task = entries.find((e) => e.resource?.resourceType === 'Task')?.resource as Task;
    expect(sr.status).toBe('completed');
    expect(task.status).toBe('completed');
    expect(task.businessStatus?.coding?.[0]?.code).toBe('consult-provided');
    expect(task.output?.[0]?.valueReference?.reference).toBe(answer?.fullUrl);
    expect(answer?.request?.ifNoneExist).toContain(key);
  });

  test('refuses an answer with an unknown outcome, naming the field', async () => {
    const res = await call('/specialist/consults/sr-1/answer', { method: 'POST', body: { idempotencyKey: key, text: 'Fine.', outcome: 'maybe' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as OperationOutcome).issue[0]?.expression).toEqual(['outcome']);
  });
});

describe('consults of other pools', () => {
  test('are 404 for every action, and nothing is written', async () => {
    for (const [path, body] of [
      ['/specialist/consults/sr-other', undefined],
      ['/specialist/consults/sr-other/claim', {}],
      ['/specialist/consults/sr-other/messages', { idempotencyKey: key, text: 'Any recent ECG?' }],
      ['/specialist/consults/sr-other/decline', { idempotencyKey: key, reason: 'Not ours to answer' }],
    ] as const) {
      const res = await call(path, body === undefined ? {} : { method: 'POST', body });
      expect(res.status, path).toBe(404);
    }
    expect(posted).toHaveLength(0);
  });
});
