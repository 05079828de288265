import { describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../../../lib/api-contract.ts';
import { dueItems, enqueue, isRetryable, outboxStorageKey, recordFailure, remove, retryDelay } from './outbox.ts';

const input: ConsultRequestInput = {
  idempotencyKey: '6a2f41a0-8c1e-4b3f-9d2e-1f0a9b8c7d6e',
  target: { kind: 'pool', healthcareServiceId: 'pool-nephrology' },
  question: 'Should metformin stop at an eGFR of 44?',
  urgency: 'routine',
  reasonText: 'CKD',
  shared: [],
};

describe('the outbox', () => {
  test('holds one item per idempotency key, however often the consult is queued', () => {
    const once = enqueue([], input, 1_000);
    const twice = enqueue(recordFailure(once, input.idempotencyKey, 'down', 1_000, undefined, () => 0), input, 5_000);
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatchObject({ attempts: 1, nextAttemptAt: 5_000, queuedAt: new Date(1_000).toISOString() });
    expect(remove(twice, input.idempotencyKey)).toEqual([]);
  });

  test('waits longer after each failure, and at least as long as the server asked', () => {
    let items = enqueue([], input, 0);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      items = recordFailure(items, input.idempotencyKey, 'down', 0, undefined, () => 1);
      waits.push(items[0]?.nextAttemptAt ?? 0);
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(recordFailure(enqueue([], input, 0), input.idempotencyKey, 'busy', 0, 30_000, () => 1)[0]?.nextAttemptAt).toBe(30_000);
    expect(retryDelay(0, () => 0)).toBe(1_000);
    expect(dueItems(items, 59_999)).toEqual([]);
  });

  test('keeps retrying outages and an ended session, but not refusals that a resend cannot fix', () => {
    expect([0, 401, 429, 502, 503, 504].every(isRetryable)).toBe(true);
    expect([400, 403, 404, 409, 413, 415, 422].some(isRetryable)).toBe(false);
  });

  test('is kept per EHR, user and patient', () => {
    const key = outboxStorageKey({ serverUrl: 'https://ehr.test/fhir', fhirUser: 'Practitioner/1', patientId: 'p1' });
    expect(key).not.toBe(outboxStorageKey({ serverUrl: 'https://ehr.test/fhir', fhirUser: 'Practitioner/1', patientId: 'p2' }));
    expect(key).not.toBe(outboxStorageKey({ serverUrl: 'https://ehr.test/fhir', fhirUser: 'Practitioner/2', patientId: 'p1' }));
  });
});
