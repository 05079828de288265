import type { ConsultRequestInput } from '../../fhir-proxy/src/api/consult-input.ts';
import { enqueue, isRetryable, recordFailure, remove, type OutboxItem } from '../../smart-app/src/features/consult-request/api/outbox.ts';

export interface Acknowledgement {
  readonly key: string;
  readonly consultId: string;
  readonly status: 200 | 201;
}

export interface ClientOptions {
  readonly proxyUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Attempts per consult before it is left in the outbox. */
  readonly maxAttempts: number;
  /** The app's waits are scaled down by this factor, so a run of 1,000 takes seconds, not hours. */
  readonly timeScale: number;
  readonly random: () => number;
}

/**
 * One physician's app, reduced to what the fault suite needs: it keeps unsent consults in an outbox
 * with the app's own outbox rules (write-ahead, same idempotency key, backoff, what is worth retrying)
 * and counts what the proxy acknowledged. The outbox lives in memory here instead of localStorage.
 */
export class TestClient {
  outbox: OutboxItem[] = [];
  readonly acknowledged: Acknowledgement[] = [];
  readonly refused: { key: string; status: number }[] = [];
  attempts = 0;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    this.#options = options;
  }

  /** Queues the consult, then tries it until acknowledged, refused, or out of attempts (it stays queued). */
  async submit(input: ConsultRequestInput): Promise<void> {
    this.outbox = enqueue(this.outbox, input, Date.now());
    await this.#deliver(input);
  }

  /** Sends everything still queued (the app does this at start, when online, and on its timer). */
  async drain(): Promise<void> {
    for (const item of [...this.outbox]) {
      await this.#deliver(item.input);
    }
  }

  async #deliver(input: ConsultRequestInput): Promise<void> {
    const key = input.idempotencyKey;
    for (let attempt = 0; attempt < this.#options.maxAttempts; attempt++) {
      this.attempts++;
      const { status, body, retryAfterMs } = await this.#post(input);
      if (status === 200 || status === 201) {
        this.outbox = remove(this.outbox, key);
        this.acknowledged.push({ key, consultId: (body as { consult: { id: string } }).consult.id, status });
        return;
      }
      if (!isRetryable(status)) {
        this.outbox = remove(this.outbox, key);
        this.refused.push({ key, status });
        return;
      }
      this.outbox = recordFailure(this.outbox, key, `HTTP ${status}`, Date.now(), retryAfterMs, this.#options.random);
      const due = this.outbox.find((i) => i.input.idempotencyKey === key)?.nextAttemptAt ?? Date.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) / this.#options.timeScale));
    }
  }

  async #post(input: ConsultRequestInput): Promise<{ status: number; body: unknown; retryAfterMs: number | undefined }> {
    try {
      const res = await fetch(`${this.#options.proxyUrl}/consults`, { method: 'POST', headers: this.#options.headers, body: JSON.stringify(input), signal: AbortSignal.timeout(30_000) });
      const retryAfter = Number(res.headers.get('retry-after'));
      return { status: res.status, body: await res.json().catch(() => undefined), retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined };
    } catch {
      return { status: 0, body: undefined, retryAfterMs: undefined };
    }
  }
}
