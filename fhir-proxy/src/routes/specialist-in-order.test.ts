import type { OperationOutcome, ServiceRequest, Task } from 'fhir/r4';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { workflowHarness } from '../test/workflow-harness.ts';
import { consult } from '../test/specialist-store.ts';
import { authHeaders, ehrHandlers, GOOD_TOKEN, STORE, testApp } from '../test/upstream.ts';

// The specialist workflow against a consult store that refuses transactions (405): each step is written
// one request at a time, in a safe order, and a step cut off half-way is completed by its retry.
const server = setupServer(...ehrHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const storeWith = (consults = [consult()]) => workflowHarness(server, consults);
const writes = (log: readonly string[]) => log.filter((line) => !line.endsWith('failed'));
const mine = consult('sr-1', 'PractitionerRole/role-1');
const answer = { idempotencyKey: '7d0c2f4e-1a3b-4c5d-8e9f-0a1b2c3d4e5f', text: 'Continue metformin at 500 mg twice daily.', outcome: 'advice-only' };

describe('claiming without transactions', () => {
  test('writes the ServiceRequest first, then the Task, then the thread note, each update with If-Match', async () => {
    const { store, call, thread } = storeWith();
    const res = await call('/specialist/consults/sr-1/claim');
    expect(res.status).toBe(200);
    // The step's Provenance last, once everything it records is written.
    expect(writes(store.log)).toEqual(['PUT ServiceRequest', 'PUT Task', 'POST Communication', 'POST Provenance']);
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').performer?.[0]?.reference).toBe('PractitionerRole/role-1');
    expect(store.read<Task>('Task', 'task-sr-1')).toMatchObject({ status: 'accepted', owner: { reference: 'PractitionerRole/role-1' } });
    expect(thread('claim')).toHaveLength(1);
  });

  test('a claim that meets another claim first writes nothing at all and answers 409 naming the winner', async () => {
    const { store, call, thread } = storeWith();
    store.beforeNextUpdate(({ update }) => update({ ...consult(), performer: [{ reference: 'PractitionerRole/role-2', display: 'Dr. Quick' }] }));
    const res = await call('/specialist/consults/sr-1/claim');
    expect(res.status).toBe(409);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toBe('This consult was already claimed by Dr. Quick. It is no longer in your queue.');
    expect(writes(store.log)).toEqual(['PUT ServiceRequest']);
    expect(store.read<Task>('Task', 'task-sr-1').status).toBe('requested');
    expect(thread('claim')).toEqual([]);
  });

  test('a colleague\'s claim whose Task and note are not written yet already reads as claimed (409), not as unknown', async () => {
    const { store, call } = storeWith();
    store.write({ ...consult(), performer: [{ reference: 'PractitionerRole/role-2', display: 'Dr. Quick' }] });
    const res = await call('/specialist/consults/sr-1/claim');
    expect(res.status).toBe(409);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toMatch(/already claimed by Dr\. Quick/);
  });

  test('a claim cut off after its ServiceRequest update is completed by claiming again, with one thread note', async () => {
    const { store, call, thread } = storeWith();
    store.failNext('PUT Task');
    expect((await call('/specialist/consults/sr-1/claim')).status).toBe(503);
    expect(store.read<Task>('Task', 'task-sr-1').status).toBe('requested');
    expect((await call('/specialist/consults/sr-1/claim')).status).toBe(200);
    expect(store.read<Task>('Task', 'task-sr-1')).toMatchObject({ status: 'accepted', owner: { reference: 'PractitionerRole/role-1' } });
    expect(thread('claim')).toHaveLength(1);
  });

  test('a claim cut off before its thread note adds the note when claimed again', async () => {
    const { store, call, thread } = storeWith();
    store.failNext('POST Communication');
    expect((await call('/specialist/consults/sr-1/claim')).status).toBe(503);
    expect(thread('claim')).toEqual([]);
    expect((await call('/specialist/consults/sr-1/claim')).status).toBe(200);
    expect(thread('claim')).toHaveLength(1);
    expect((await call('/specialist/consults/sr-1/claim')).status).toBe(200);
    expect(thread('claim')).toHaveLength(1);
  });
});

describe('messages without transactions', () => {
  test('the answer is stored first, then the Task and the ServiceRequest are completed, the Task pointing at the stored answer', async () => {
    const { store, call, thread } = storeWith([mine]);
    const res = await call('/specialist/consults/sr-1/answer', answer);
    expect(res.status).toBe(201);
    expect(writes(store.log)).toEqual(['POST Communication', 'PUT Task', 'PUT ServiceRequest', 'POST Provenance']);
    const [stored] = thread('answer');
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').status).toBe('completed');
    expect(store.read<Task>('Task', 'task-sr-1')).toMatchObject({ status: 'completed', output: [{ valueReference: { reference: `Communication/${stored?.id}` } }, expect.anything()] });
  });

  test('an answer cut off after the message is completed by the retry with the same key: one answer, consult completed', async () => {
    const { store, call, thread } = storeWith([mine]);
    store.failNext('PUT Task');
    expect((await call('/specialist/consults/sr-1/answer', answer)).status).toBe(503);
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').status).toBe('active');
    const retry = await call('/specialist/consults/sr-1/answer', answer);
    expect(retry.status).toBe(200);
    expect(thread('answer')).toHaveLength(1);
    expect(store.read<Task>('Task', 'task-sr-1').status).toBe('completed');
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').status).toBe('completed');
  });

  test('a decline cut off before its ServiceRequest update is completed by the retry, and a later retry writes nothing', async () => {
    const { store, call, thread } = storeWith([mine]);
    const decline = { idempotencyKey: '1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b', reason: 'This needs an in-person visit.' };
    store.failNext('PUT ServiceRequest');
    expect((await call('/specialist/consults/sr-1/decline', decline)).status).toBe(503);
    expect(store.read<Task>('Task', 'task-sr-1').status).toBe('rejected');
    expect((await call('/specialist/consults/sr-1/decline', decline)).status).toBe(200);
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').status).toBe('revoked');
    const before = store.log.length;
    expect((await call('/specialist/consults/sr-1/decline', decline)).status).toBe(200);
    expect(store.log.slice(before)).toEqual([]);
    expect(thread('decline')).toHaveLength(1);
  });

  test('a clarifying question and the requester\'s reply each move the Task on after their message', async () => {
    const { store, call, thread } = storeWith([mine]);
    const ask = await call('/specialist/consults/sr-1/messages', { idempotencyKey: '2a3b4c5d-6e7f-4809-9a1b-2c3d4e5f6a7b', text: 'Any recent HbA1c?' });
    expect(ask.status).toBe(201);
    expect(store.read<Task>('Task', 'task-sr-1').businessStatus?.coding?.[0]?.code).toBe('clarification-requested');
    store.failNext('PUT Task');
    const reply = { idempotencyKey: '3b4c5d6e-7f80-4a1b-8c2d-3e4f5a6b7c8d', text: 'HbA1c 7.9% last month.' };
    const headers = authHeaders(GOOD_TOKEN);
    const send = () => testApp().request('/consults/sr-1/messages', { method: 'POST', headers, body: JSON.stringify(reply) });
    expect((await send()).status).toBe(503);
    expect((await send()).status).toBe(200);
    expect(store.read<Task>('Task', 'task-sr-1').businessStatus?.coding?.[0]?.code).toBe('information-provided');
    expect(thread('reply')).toHaveLength(1);
  });
});

describe('a store whose CapabilityStatement offers no transaction', () => {
  test('is never sent a transaction Bundle', async () => {
    const { call } = storeWith([mine]);
    const toBase: string[] = [];
    const listener = ({ request }: { request: Request }): void => {
      if (request.method === 'POST' && request.url.replace(/\/$/, '') === STORE) toBase.push(request.url);
    };
    server.events.on('request:start', listener);
    expect((await call('/specialist/consults/sr-1/claim')).status).toBe(200);
    expect((await call('/specialist/consults/sr-1/answer', answer)).status).toBe(201);
    server.events.removeListener('request:start', listener);
    expect(toBase).toEqual([]);
  });
});
