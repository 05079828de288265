import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { AuditJournal, type JournaledEvent } from './audit-journal.ts';

const event = (id: string, outcomeDesc = 'HTTP 200'): JournaledEvent => ({ resourceType: 'AuditEvent', id, outcomeDesc, type: { code: 'rest' }, recorded: '2026-11-21T12:00:00Z', agent: [{ requestor: true }], source: { observer: { display: 'Curbside proxy' } } });
const journalFile = (): string => join(mkdtempSync(join(tmpdir(), 'curbside-journal-')), 'audit', 'journal.sqlite');

test('what a journal holds is there for the next one opened on the same file, removals included', () => {
  const file = journalFile();
  const first = new AuditJournal(file);
  first.add(event('req-1'));
  first.add(event('req-2'));
  first.add(event('req-3'));
  first.remove('req-2');
  // No close(): a process that dies does not close its database either.
  const next = new AuditJournal(file);
  expect(next.pending().map((e) => e.id)).toEqual(['req-1', 'req-3']);
  expect(next.pending()[0]).toEqual(event('req-1'));
  first.close();
  next.close();
});

test('an event added again under its id replaces the first', () => {
  const journal = new AuditJournal(':memory:');
  journal.add(event('req-1'));
  journal.add(event('req-1', 'HTTP 503'));
  expect(journal.pending()).toEqual([event('req-1', 'HTTP 503')]);
});

test('the file is readable by the proxy user only', () => {
  const file = journalFile();
  new AuditJournal(file).close();
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

test('a file that is not a journal is refused and left exactly as it was', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'curbside-journal-')), 'passwd');
  writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\n', { mode: 0o644 });
  chmodSync(file, 0o644);
  expect(() => new AuditJournal(file)).toThrow(/not a database/);
  expect(statSync(file).mode & 0o777).toBe(0o644);
  expect(readFileSync(file, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
});
