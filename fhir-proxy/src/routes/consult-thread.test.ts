import type { Bundle, Communication, OperationOutcome } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConsultDetail } from '../api/consult-thread.ts';
import { specialistStoreHandlers } from '../test/specialist-store.ts';
import { authHeaders, EHR, ehrHandlers, PATIENT_ID, searchset, STORE, testApp } from '../test/upstream.ts';

// The requester's side of the thread. The launch patient's snapshot in the store is `snap-1` unless a test says otherwise.
const posted: Bundle[] = [];
const snapshot = (id: string | undefined) =>
  http.get(`${STORE}/Patient`, ({ request }) => {
    expect(new URL(request.url).searchParams.get('identifier')).toBe(`${EHR}/Patient|${PATIENT_ID}`);
    return HttpResponse.json(searchset(id ? [{ resourceType: 'Patient', id }] : []));
  });
const server = setupServer(...ehrHandlers(), snapshot('snap-1'), ...specialistStoreHandlers(posted));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  posted.length = 0;
});
afterAll(() => server.close());

const key = '9b2e4c1a-7f3d-4a5b-8c6d-1e2f3a4b5c6d';
const get = (path: string) => testApp().request(path, { headers: authHeaders() });
const post = (path: string, body: unknown) => testApp().request(path, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });

describe('GET /consults/:id', () => {
  test('reads the launch patient\'s consult with its thread and SLA clock', async () => {
    const res = await get('/consults/sr-1');
    expect(res.status).toBe(200);
    const { consult } = (await res.json()) as { consult: ConsultDetail };
    expect(consult).toMatchObject({ id: 'sr-1', state: 'submitted', requesterName: 'Dr. Maya Chen', sla: { targetHours: 24, dueAt: '2026-11-21T08:00:00.000Z' } });
    expect(consult.messages.map((m) => m.kind)).toEqual(['question']);
  });

  test('looks the consult up once per call, though both access guards (`/consults/:id` and `/consults/:id/*`) match its path', async () => {
    const searched: string[] = [];
    server.use(
      http.get(`${STORE}/ServiceRequest`, ({ request }) => {
        searched.push(new URL(request.url).searchParams.get('_id') ?? '');
      }),
    );
    expect((await get('/consults/sr-1')).status).toBe(200);
    expect(searched).toEqual(['sr-1']);
  });

  test('is 404 for a consult about another patient, with an OperationOutcome', async () => {
    server.use(snapshot('snap-someone-else'));
    const res = await get('/consults/sr-1');
    expect(res.status).toBe(404);
    expect(((await res.json()) as OperationOutcome).issue[0]?.code).toBe('not-found');
  });

  test('is 404 when no consult was ever sent for the launch patient', async () => {
    server.use(snapshot(undefined));
    expect((await get('/consults/sr-1')).status).toBe(404);
  });
});

describe('POST /consults/:id/messages', () => {
  test('writes the reply as a Communication based on the consult, from a snapshot of the requester', async () => {
    const res = await post('/consults/sr-1/messages', { idempotencyKey: key, text: 'UACR was 410 mg/g.', inResponseTo: 'q-sr-1' });
    expect(res.status).toBe(201);
    const entries = posted[0]?.entry ?? [];
    const sender = entries.find((e) => e.resource?.resourceType === 'Practitioner');
    const reply = entries.find((e) => e.resource?.resourceType === 'Communication')?.resource as Communication;
    expect(reply).toMatchObject({ basedOn: [{ reference: 'ServiceRequest/sr-1' }], inResponseTo: [{ reference: 'Communication/q-sr-1' }], sender: { reference: sender?.fullUrl }, payload: [{ contentString: 'UACR was 410 mg/g.' }] });
    expect(sender?.request?.ifNoneExist).toBe(`identifier=${encodeURIComponent(`${EHR}/Practitioner|pcp-1`)}`);
    // No clarification was asked, so the Task is left as it is.
    expect(entries.filter((e) => e.request?.method === 'PUT')).toEqual([]);
  });

  test('refuses a reply to a message that is not in this thread, naming the field', async () => {
    const res = await post('/consults/sr-1/messages', { idempotencyKey: key, text: 'See above.', inResponseTo: 'someone-elses-message' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as OperationOutcome).issue[0]?.expression).toEqual(['inResponseTo']);
    expect(posted).toHaveLength(0);
  });

  test('refuses to post to another patient\'s consult with 404 and writes nothing', async () => {
    server.use(snapshot('snap-someone-else'));
    expect((await post('/consults/sr-1/messages', { idempotencyKey: key, text: 'Adding something.' })).status).toBe(404);
    expect(posted).toHaveLength(0);
  });
});
