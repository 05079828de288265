import type { OperationOutcome, ServiceRequest, Task } from 'fhir/r4';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConsultDetail } from '../api/consult-thread.ts';
import { validateR4 } from '../fhir/r4.ts';
import { workflowHarness } from '../test/workflow-harness.ts';
import { consult } from '../test/specialist-store.ts';
import { ehrHandlers, GOOD_TOKEN, SPECIALIST_TOKEN } from '../test/upstream.ts';

// The requesting physician withdraws a consult they no longer need (the patient was admitted, the
// question answered elsewhere): the placer's own move in R4's request workflow.
const server = setupServer(...ehrHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// The requester's calls by default.
const storeWith = (consults = [consult()]) => workflowHarness(server, consults, GOOD_TOKEN);
const withdrawal = { idempotencyKey: '4c5d6e7f-8091-4a2b-9c3d-4e5f6a7b8c9d', reason: 'Admitted overnight; the renal team is seeing her.' };

describe('POST /consults/:id/withdraw', () => {
  test('revokes the ServiceRequest, cancels its Task and tells the specialist why in the thread, each valid R4', async () => {
    const { store, call, thread } = storeWith();
    const res = await call('/consults/sr-1/withdraw', withdrawal);
    expect(res.status).toBe(201);
    const sr = store.read<ServiceRequest>('ServiceRequest', 'sr-1');
    const task = store.read<Task>('Task', 'task-sr-1');
    const [note] = thread('withdraw');
    expect(sr.status).toBe('revoked');
    expect(task).toMatchObject({ status: 'cancelled', statusReason: { text: withdrawal.reason } });
    expect(task.businessStatus?.coding?.[0]?.code).toBe('withdrawn');
    expect(note).toMatchObject({ basedOn: [{ reference: 'ServiceRequest/sr-1' }], recipient: [{ reference: 'HealthcareService/pool-nephrology' }], payload: [{ contentString: withdrawal.reason }] });
    expect([sr, task, note!].flatMap((r) => validateR4(r))).toEqual([]);
  });

  test('reads as withdrawn on both sides, not as declined, and takes no more replies', async () => {
    const { call, get } = storeWith();
    expect((await call('/consults/sr-1/withdraw', withdrawal)).status).toBe(201);
    const { consult: detail } = (await (await get('/consults/sr-1')).json()) as { consult: ConsultDetail };
    expect(detail.state).toBe('withdrawn');
    expect(detail.messages.at(-1)).toMatchObject({ kind: 'withdraw', from: 'requester', text: withdrawal.reason });
    const reply = await call('/consults/sr-1/messages', { idempotencyKey: '5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e', text: 'One more thing.' });
    expect(reply.status).toBe(409);
    expect(((await reply.json()) as OperationOutcome).issue[0]?.details?.text).toBe('This consult was withdrawn; send a new consult to ask more.');
    const specialistView = (await (await get('/specialist/consults/sr-1', SPECIALIST_TOKEN)).json()) as { consult: { state: string; claimable: boolean } };
    expect(specialistView.consult).toMatchObject({ state: 'withdrawn', claimable: false });
    const claim = await call('/specialist/consults/sr-1/claim', {}, SPECIALIST_TOKEN);
    expect(claim.status).toBe(409);
  });

  test('a withdrawal cut off half-way is completed by its retry, and a later retry writes nothing', async () => {
    const { store, call, thread } = storeWith();
    store.failNext('PUT ServiceRequest');
    expect((await call('/consults/sr-1/withdraw', withdrawal)).status).toBe(503);
    expect((await call('/consults/sr-1/withdraw', withdrawal)).status).toBe(200);
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').status).toBe('revoked');
    const before = store.log.length;
    expect((await call('/consults/sr-1/withdraw', withdrawal)).status).toBe(200);
    expect(store.log.slice(before)).toEqual([]);
    expect(thread('withdraw')).toHaveLength(1);
  });

  test('refuses a consult that is already answered, saying so', async () => {
    const { call } = storeWith([{ ...consult(), status: 'completed' }]);
    const res = await call('/consults/sr-1/withdraw', withdrawal);
    expect(res.status).toBe(409);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toBe('This consult is already answered; there is nothing to withdraw.');
  });

  test('needs a reason for the specialist, naming the field', async () => {
    const { call, store } = storeWith();
    const res = await call('/consults/sr-1/withdraw', { idempotencyKey: withdrawal.idempotencyKey, reason: 'no' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as OperationOutcome).issue[0]?.expression).toEqual(['reason']);
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').status).toBe('active');
  });

  test('is not the specialist\'s to make: a specialist\'s token cannot withdraw a consult', async () => {
    const { call, store } = storeWith();
    const res = await call('/consults/sr-1/withdraw', withdrawal, SPECIALIST_TOKEN);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(store.read<ServiceRequest>('ServiceRequest', 'sr-1').status).toBe('active');
  });
});
