import { describe, expect, test } from 'vitest';
import { backoff, parseRetryAfter } from './retry.ts';

describe('backoff', () => {
  test('doubles each attempt, keeps at least half of the step and never exceeds the cap', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3].map((a) => backoff(a, policy, () => 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((a) => backoff(a, policy, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoff(10, policy, () => 1)).toBe(1_000);
  });
});

describe('parseRetryAfter', () => {
  test('reads delta-seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
