import type { AuditEvent } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import { AuditJournal } from './audit-journal.ts';
import { AuditWriter } from './audit-writer.ts';
import { silentLogger } from './logger.ts';

const event = (id: string): AuditEvent & { id: string } => ({ resourceType: 'AuditEvent', id, type: { code: 'rest' }, recorded: '2026-11-21T12:00:00Z', agent: [{ requestor: true }], source: { observer: { display: 'Curbside proxy' } } });

/** A store whose PUTs wait until the test answers them, one by one: `answer(true)` stores, `answer(false)` fails. */
function heldStore() {
  const waiting: { path: string; settle: (ok: boolean) => void }[] = [];
  const stored: string[] = [];
  const bodies: unknown[] = [];
  const store = {
    request: <T,>(_method: string, path: string, body?: unknown): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        waiting.push({ path, settle: (ok) => (ok ? (stored.push(path), bodies.push(body), resolve(undefined as T)) : reject(new Error('store refused'))) });
      }),
  };
  const answer = async (ok: boolean): Promise<void> => {
    // The write starts after the current turn (so the answer it audits goes out first).
    await new Promise((resolve) => setImmediate(resolve));
    waiting.shift()?.settle(ok);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { store, waiting, stored, bodies, answer };
}

describe('writing AuditEvents in the background', () => {
  test('recording an event returns before the store has stored it; it is stored with a PUT by its id', async () => {
    const { store, stored, answer } = heldStore();
    const audit = new AuditWriter({ store, logger: silentLogger });
    audit.record(event('req-1'));
    expect(audit.pending).toBe(1);
    expect(stored).toEqual([]);
    await answer(true);
    expect(stored).toEqual(['AuditEvent/req-1']);
    expect(audit.pending).toBe(0);
    expect(audit.failing).toBe(false);
  });

  test('a failed write makes the log "failing", is kept, and is stored by a later attempt', async () => {
    const { store, waiting, stored, answer } = heldStore();
    const audit = new AuditWriter({ store, logger: silentLogger, retryMs: 60_000 });
    audit.record(event('req-1'));
    await answer(false);
    expect(audit.failing).toBe(true);
    expect(audit.pending).toBe(1);
    // flush() does not wait for the minute-long backoff: it tries again now.
    const flushed = audit.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(waiting.map((w) => w.path)).toEqual(['AuditEvent/req-1']);
    waiting.shift()?.settle(true);
    await flushed;
    expect(stored).toEqual(['AuditEvent/req-1']);
    expect(audit.failing).toBe(false);
    expect(audit.pending).toBe(0);
  });

  test('past its bound it drops the oldest unwritten event, and stays failing until a write succeeds', async () => {
    const { store, waiting, answer } = heldStore();
    const audit = new AuditWriter({ store, logger: silentLogger, maxPending: 2 });
    audit.record(event('req-1'));
    audit.record(event('req-2'));
    audit.record(event('req-3'));
    expect(audit.pending).toBe(2);
    expect(audit.failing).toBe(true);
    await answer(true);
    expect(waiting.length).toBe(2);
    expect(audit.failing).toBe(false);
  });

  test('an event recorded again under its id before its write starts is written once, as recorded last', async () => {
    const { store, waiting, bodies, answer } = heldStore();
    const audit = new AuditWriter({ store, logger: silentLogger });
    audit.record(event('req-1'));
    audit.record({ ...event('req-1'), outcomeDesc: 'HTTP 503' });
    await answer(true);
    expect(waiting).toEqual([]);
    expect(bodies).toEqual([{ ...event('req-1'), outcomeDesc: 'HTTP 503' }]);
  });
});

describe('the audit journal under the writer', () => {
  test('an event stays in the journal until the store has it, failed writes included', async () => {
    const { store, answer } = heldStore();
    const journal = new AuditJournal(':memory:');
    const audit = new AuditWriter({ store, logger: silentLogger, journal, retryMs: 60_000 });
    expect(audit.record(event('req-1'))).toBe(true);
    expect(journal.pending().map((e) => e.id)).toEqual(['req-1']);
    await answer(false);
    expect(journal.pending().map((e) => e.id)).toEqual(['req-1']);
    const flushed = audit.flush();
    await answer(true);
    await flushed;
    expect(journal.pending()).toEqual([]);
  });

  test('a writer started on a journal a dead one left writes every event in it, and empties it', async () => {
    const journal = new AuditJournal(':memory:');
    const dead = heldStore();
    const before = new AuditWriter({ store: dead.store, logger: silentLogger, journal });
    before.record(event('req-1'));
    before.record(event('req-2'));
    // `before` never hears from its store again: the process is gone.
    const { store, stored, answer } = heldStore();
    const after = new AuditWriter({ store, logger: silentLogger, journal });
    expect(after.resume()).toBe(2);
    await answer(true);
    await answer(true);
    expect(stored).toEqual(['AuditEvent/req-1', 'AuditEvent/req-2']);
    expect(journal.pending()).toEqual([]);
  });

  test('when the journal cannot keep an event, record says so, and the event is still written', async () => {
    const { store, stored, answer } = heldStore();
    const journal = { add: () => { throw new Error('SQLITE_FULL: database or disk is full'); }, remove: () => undefined, pending: () => [] };
    const errors: string[] = [];
    const audit = new AuditWriter({ store, logger: { info: () => undefined, error: (e) => void errors.push(e) }, journal });
    expect(audit.record(event('req-1'))).toBe(false);
    expect(errors).toEqual(['audit.journal-failed']);
    await answer(true);
    expect(stored).toEqual(['AuditEvent/req-1']);
  });
});
