import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { AuditEvent } from 'fhir/r4';

export type JournaledEvent = AuditEvent & { readonly id: string };

/**
 * The proxy's AuditEvents from the moment an answer is released until the store has them: a SQLite
 * file on the proxy's host (built into Node; WAL, so each add is one append). The AuditWriter sends
 * events in the background, after the answer; without this a proxy that dies in between (killed,
 * out of memory, the host restarted) loses the record of a disclosure it already made. A proxy
 * started on the same journal sends what it finds there.
 *
 * Durable against the process dying; `synchronous = NORMAL` does not fsync every commit, so a power
 * cut can lose the last few (the price of ~0.05 ms rather than a disk flush per API call).
 * The file holds patient references: it is created readable by the proxy's user only.
 */
export class AuditJournal {
  readonly #db: DatabaseSync;
  readonly #add: StatementSync;
  readonly #remove: StatementSync;

  constructor(path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // A new journal is made private from its first byte (an empty file is an empty SQLite database).
      writeFileSync(path, '', { flag: 'a', mode: 0o600 });
    }
    this.#db = new DatabaseSync(path);
    // busy_timeout: two proxies given the same file (a misconfiguration, but not a crash) take turns.
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000; CREATE TABLE IF NOT EXISTS pending (id TEXT PRIMARY KEY, event TEXT NOT NULL)');
    if (path !== ':memory:') {
      // Only once the file has proved to be a journal: AUDIT_JOURNAL naming some other file must leave it as it was.
      chmodSync(path, 0o600);
    }
    this.#add = this.#db.prepare('INSERT OR REPLACE INTO pending (id, event) VALUES (?, ?)');
    this.#remove = this.#db.prepare('DELETE FROM pending WHERE id = ?');
  }

  /** Keeps the event until `remove(id)`; the same id again replaces it. Throws when the file cannot be written. */
  add(event: JournaledEvent): void {
    this.#add.run(event.id, JSON.stringify(event));
  }

  remove(id: string): void {
    this.#remove.run(id);
  }

  /** Every event added and not removed, oldest first. */
  pending(): JournaledEvent[] {
    return this.#db.prepare('SELECT event FROM pending ORDER BY rowid').all().map((row) => JSON.parse((row as { event: string }).event) as JournaledEvent);
  }

  close(): void {
    this.#db.close();
  }
}
