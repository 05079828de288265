import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConsultRequestInput, ConsultSummary, EhrRecordItem } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';
import { useSmartClient } from '../../../smart/useSmartClient.ts';
import { dueItems, enqueue, isRetryable, loadOutbox, outboxStorageKey, recordFailure, remove, saveOutbox } from '../api/outbox.ts';
import type { OutboxItem } from '../api/outbox.ts';

export type SendOutcome =
  | { readonly status: 'sent'; readonly consult: ConsultSummary; readonly created: boolean; readonly ehr: readonly EhrRecordItem[] }
  /** Not sent yet; kept in the outbox and sent automatically. */
  | { readonly status: 'queued'; readonly error: ProxyError; readonly nextAttemptAt: number }
  /** Refused for good (e.g. 422): removed from the outbox, the draft is the physician's to fix. */
  | { readonly status: 'refused'; readonly error: ProxyError };

export interface UseOutboxOptions {
  /** A queued consult was sent automatically (not through `send`). */
  readonly onDelivered?: (consult: ConsultSummary, created: boolean, ehr: readonly EhrRecordItem[]) => void;
}

export interface UseOutboxReturn {
  readonly items: readonly OutboxItem[];
  /** Queues the consult (write-ahead) and tries it at once. */
  readonly send: (input: ConsultRequestInput) => Promise<SendOutcome>;
}

function asProxyError(error: unknown): ProxyError {
  return error instanceof ProxyError ? error : new ProxyError(0, [], 'The consult could not be sent.');
}

/**
 * This user's unsent consults for this patient, kept in localStorage so they survive a reload or a
 * closed chart, and sent automatically: at start, when the browser comes back online, and on a backoff
 * timer. Each is sent with its own idempotency key, so a consult that did arrive is never doubled.
 */
export function useOutbox({ onDelivered }: UseOutboxOptions = {}): UseOutboxReturn {
  const proxy = useProxyClient();
  const { serverUrl, fhirUser, patientId } = useSmartClient();
  // Only a requester's launch (with a patient) sends consults; the specialist's screens never mount this.
  const key = outboxStorageKey({ serverUrl, fhirUser, patientId: patientId ?? '' });
  const [items, setItems] = useState<readonly OutboxItem[]>(() => loadOutbox(key));
  const [wakeups, setWakeups] = useState(0);
  const inFlight = useRef(new Set<string>());
  const delivered = useRef(onDelivered);
  useEffect(() => {
    delivered.current = onDelivered;
  });

  // Every change goes through storage first, so two tabs and a reload all see the same outbox.
  const change = useCallback(
    (update: (current: readonly OutboxItem[]) => OutboxItem[]): void => {
      const next = update(loadOutbox(key));
      saveOutbox(key, next);
      setItems(next);
    },
    [key],
  );

  const attempt = useCallback(
    async (input: ConsultRequestInput): Promise<SendOutcome> => {
      const id = input.idempotencyKey;
      inFlight.current.add(id);
      try {
        const { consult, created, ehr } = await proxy.submitConsult(input);
        change((current) => remove(current, id));
        return { status: 'sent', consult, created, ehr };
      } catch (caught) {
        const error = asProxyError(caught);
        if (!isRetryable(error.status)) {
          change((current) => remove(current, id));
          return { status: 'refused', error };
        }
        let nextAttemptAt = Date.now();
        change((current) => {
          const next = recordFailure(current, id, error.message, Date.now(), error.retryAfterMs);
          nextAttemptAt = next.find((i) => i.input.idempotencyKey === id)?.nextAttemptAt ?? nextAttemptAt;
          return next;
        });
        return { status: 'queued', error, nextAttemptAt };
      } finally {
        inFlight.current.delete(id);
      }
    },
    [proxy, change],
  );

  const send = useCallback(
    (input: ConsultRequestInput): Promise<SendOutcome> => {
      change((current) => enqueue(current, input, Date.now()));
      return attempt(input);
    },
    [change, attempt],
  );

  const flush = useCallback(
    async (all: boolean): Promise<void> => {
      const current = loadOutbox(key);
      // Timers may fire a few milliseconds early; an item that is due that soon is due.
      for (const item of all ? current : dueItems(current, Date.now() + 100)) {
        if (inFlight.current.has(item.input.idempotencyKey)) {
          continue;
        }
        const outcome = await attempt(item.input);
        if (outcome.status === 'sent') {
          delivered.current?.(outcome.consult, outcome.created, outcome.ehr);
        }
      }
    },
    [key, attempt],
  );

  // At start (a reload or relaunch: try everything at once) and whenever the browser says it is back online.
  useEffect(() => {
    void flush(true);
    const online = (): void => void flush(true);
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [flush]);

  // The backoff timer: wake up when the earliest queued consult is due.
  const nextDue = items.reduce((min, i) => Math.min(min, i.nextAttemptAt), Infinity);
  useEffect(() => {
    if (nextDue === Infinity) {
      return undefined;
    }
    const timer = setTimeout(() => void flush(false).finally(() => setWakeups((n) => n + 1)), Math.max(0, nextDue - Date.now()));
    return () => clearTimeout(timer);
  }, [nextDue, flush, wakeups]);

  return { items, send };
}
