import type { AuditEvent } from 'fhir/r4';
import type { FhirClient } from '../fhir/fhir-client.ts';
import type { AuditJournal } from './audit-journal.ts';
import type { Logger } from './logger.ts';
import { outsideRequest } from './request-context.ts';

export interface AuditWriterOptions {
  readonly store: Pick<FhirClient, 'request'>;
  readonly logger: Logger;
  /** Keeps each event on disk until the store has it, so a proxy that dies between answer and write loses none. */
  readonly journal?: Pick<AuditJournal, 'add' | 'remove' | 'pending'>;
  /** First wait before a failed write is tried again; doubles up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Events kept unwritten at most; past it the oldest is dropped (and logged) so memory stays bounded. */
  readonly maxPending?: number;
}

interface Pending {
  readonly event: AuditEvent & { readonly id: string };
  attempts: number;
  /** Recorded again under the same id: the newer entry is the one to write. */
  replaced?: boolean;
  timer?: ReturnType<typeof setTimeout>;
  writing?: Promise<void>;
}

/**
 * Writes the proxy's AuditEvents to the consult store in the background, as `PUT AuditEvent/<request
 * id>` (safe to repeat), each started the moment it is recorded, so an answer never waits on its audit
 * write (one store round trip per call otherwise: the largest cost of a cached read). A write that
 * fails is kept and tried again with backoff until it is stored. While any write is failing,
 * `failing` is true and the audit middleware refuses reads (503): consult data is not handed out while
 * the audit log cannot record it. The reads in flight when the log starts failing are answered and
 * their events kept for the retries. With a `journal`, each event is on disk before its answer is
 * released and leaves it once stored, and a proxy started on that journal (`resume`) writes what a
 * dead one left; without one, events unwritten when the process ends are lost (`flush` on shutdown
 * writes what it can).
 * @see https://hl7.org/fhir/R4/auditevent.html
 */
export class AuditWriter {
  readonly #options: AuditWriterOptions;
  readonly #pending = new Map<string, Pending>();
  readonly #failed = new Set<string>();
  /** An event was dropped unwritten: failing until the store takes a write again. */
  #dropped = false;

  constructor(options: AuditWriterOptions) {
    this.#options = options;
  }

  /**
   * Starts writing this event, in the background, after the current turn (an event recorded again
   * with the same id before then replaces it unsent). False when the journal could not keep it: it
   * is still written, but a proxy that died before the store had it would lose it, so the caller
   * does not release a read on it.
   */
  record(event: AuditEvent & { readonly id: string }): boolean {
    let journaled = true;
    try {
      this.#options.journal?.add(event);
    } catch (err) {
      journaled = false;
      this.#options.logger.error('audit.journal-failed', { requestId: event.id, reason: err instanceof Error ? err.message : String(err) });
    }
    const existing = this.#pending.get(event.id);
    if (existing) {
      existing.replaced = true;
      clearTimeout(existing.timer);
    }
    const entry: Pending = { event, attempts: 0 };
    this.#pending.delete(event.id);
    this.#pending.set(event.id, entry);
    this.#bound();
    this.#write(entry, true);
    return journaled;
  }

  /** Writes every event the journal still holds (a previous proxy's, unwritten when it ended); returns how many. */
  resume(): number {
    const left = (this.#options.journal?.pending() ?? []).filter((event) => !this.#pending.has(event.id));
    for (const event of left) {
      const entry: Pending = { event, attempts: 0 };
      this.#pending.set(event.id, entry);
      this.#write(entry);
    }
    this.#bound();
    return left.length;
  }

  /** True from a failed write until every failed write has been stored (or, after a drop, until a write succeeds). */
  get failing(): boolean {
    return this.#failed.size > 0 || this.#dropped;
  }

  /** Events recorded and not yet stored. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Tries every unwritten event once more now and waits for the writes (shutdown, tests), up to `timeoutMs`. */
  async flush(timeoutMs = 5_000): Promise<void> {
    const writes = [...this.#pending.values()].map((entry) => {
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        this.#write(entry);
      }
      return entry.writing;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(writes), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Writes the event; `later` waits for the current answer to go out first (its JSON and headers are built after). */
  #write(entry: Pending, later = false): void {
    const { event } = entry;
    entry.attempts += 1;
    const turn = later ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve();
    // Outside the request: its deadline has nothing to do with how long the audit log may take.
    entry.writing = turn
      // Replaced (recorded again with this id) while waiting its turn: the newer event is written instead.
      .then(async () => (entry.replaced ? false : (await outsideRequest(() => this.#options.store.request('PUT', `AuditEvent/${encodeURIComponent(event.id)}`, event)), true)))
      .then(
        (sent) => {
          entry.writing = undefined;
          if (!sent || entry.replaced) {
            return;
          }
          if (this.#pending.get(event.id) === entry) {
            this.#pending.delete(event.id);
          }
          this.#forget(event.id);
          this.#failed.delete(event.id);
          this.#dropped = false;
        },
        () => {
          entry.writing = undefined;
          if (this.#pending.get(event.id) !== entry) {
            return;
          }
          this.#failed.add(event.id);
          this.#options.logger.error('audit.write-failed', { requestId: event.id, attempts: entry.attempts, pending: this.#pending.size });
          const base = this.#options.retryMs ?? 1_000;
          const delay = Math.min(this.#options.maxRetryMs ?? 30_000, base * 2 ** (entry.attempts - 1));
          entry.timer = setTimeout(() => {
            entry.timer = undefined;
            this.#write(entry);
          }, delay);
          entry.timer.unref?.();
        },
      );
  }

  /** Stored: out of the journal. A failure here only means the event is written once more by the next `resume`. */
  #forget(id: string): void {
    try {
      this.#options.journal?.remove(id);
    } catch (err) {
      this.#options.logger.error('audit.journal-failed', { requestId: id, reason: err instanceof Error ? err.message : String(err) });
    }
  }

  #bound(): void {
    const max = this.#options.maxPending ?? 10_000;
    for (const [id, entry] of this.#pending) {
      if (this.#pending.size <= max) {
        return;
      }
      clearTimeout(entry.timer);
      this.#pending.delete(id);
      this.#failed.delete(id);
      this.#dropped = true;
      // With a journal the event stays there, and the next `resume` writes it.
      this.#options.logger.error('audit.dropped', { requestId: id, journaled: this.#options.journal !== undefined });
    }
  }
}
