import { z } from 'zod';
import { consultRequestInputSchema } from '../../../lib/api-contract.ts';
import type { ConsultRequestInput } from '../../../lib/api-contract.ts';
import { isTransientStatus } from '../../../lib/proxy-send.ts';
import type { DraftOwner } from './consult-draft.ts';

/**
 * A consult waiting to be sent. Stored as the exact API input, idempotency key included, so however
 * many times it is sent (automatically, by Retry, from another tab) the store keeps one consult.
 */
export const outboxItemSchema = z.object({
  input: consultRequestInputSchema,
  queuedAt: z.string(),
  attempts: z.number().int().min(0),
  /** Epoch ms before which no automatic attempt is made. */
  nextAttemptAt: z.number(),
  lastError: z.string().optional(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

/** One outbox per EHR, user and patient: a consult can only be sent with a launch for its own patient. */
export function outboxStorageKey({ serverUrl, fhirUser, patientId }: DraftOwner): string {
  return ['curbside.consult-outbox.v1', serverUrl, fhirUser ?? 'unknown-user', patientId].map(encodeURIComponent).join(':');
}

export function loadOutbox(key: string): OutboxItem[] {
  try {
    const raw = localStorage.getItem(key);
    const parsed = raw ? z.array(outboxItemSchema).safeParse(JSON.parse(raw)) : undefined;
    return parsed?.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Storage failures (quota, private mode) leave the item in memory only: it is still sent while the page is open. */
export function saveOutbox(key: string, items: readonly OutboxItem[]): void {
  try {
    if (items.length > 0) {
      localStorage.setItem(key, JSON.stringify(items));
    } else {
      localStorage.removeItem(key);
    }
  } catch {
    // Kept in memory.
  }
}

/** Adds (or replaces, same key) a consult, due at once. Written before the first attempt, so a closed page cannot lose it. */
export function enqueue(items: readonly OutboxItem[], input: ConsultRequestInput, now: number): OutboxItem[] {
  const existing = items.find((i) => i.input.idempotencyKey === input.idempotencyKey);
  const item: OutboxItem = { input, queuedAt: existing?.queuedAt ?? new Date(now).toISOString(), attempts: existing?.attempts ?? 0, nextAttemptAt: now };
  return [...items.filter((i) => i !== existing), item];
}

export function remove(items: readonly OutboxItem[], key: string): OutboxItem[] {
  return items.filter((i) => i.input.idempotencyKey !== key);
}

/** After a failed attempt: wait longer each time (with jitter, so many clients do not return at once), at least what the server asked. */
export function recordFailure(items: readonly OutboxItem[], key: string, error: string, now: number, retryAfterMs: number | undefined, random: () => number = Math.random): OutboxItem[] {
  return items.map((i) =>
    i.input.idempotencyKey === key ? { ...i, attempts: i.attempts + 1, lastError: error, nextAttemptAt: now + Math.max(retryAfterMs ?? 0, retryDelay(i.attempts, random)) } : i,
  );
}

/** 2 s, 4 s, 8 s … up to a minute, each between half and all of its step. */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const step = Math.min(60_000, 2_000 * 2 ** attempts);
  return step / 2 + random() * (step / 2);
}

export function dueItems(items: readonly OutboxItem[], now: number): OutboxItem[] {
  return items.filter((i) => i.nextAttemptAt <= now);
}

/**
 * Failures worth trying again later: the transient ones (proxy-send.ts), and an ended session (401: sent
 * after the physician relaunches). Anything else is a refusal of this consult (400, 403, 404, 409, 413,
 * 422) that sending again cannot fix.
 */
export function isRetryable(status: number): boolean {
  return status === 401 || isTransientStatus(status);
}
