import type { Condition } from 'fhir/r4';
import { expect, test } from 'vitest';
import type { LaunchContext } from '../auth/launch-context.ts';
import { ChartCache } from './chart-cache.ts';

const launch: LaunchContext = { iss: 'https://ehr.test/fhir/R4', patient: 'pat-1', encounter: undefined, fhirUser: 'https://ehr.test/fhir/R4/Practitioner/pcp-1', scope: '', accessToken: 'token-a', expiresAt: Infinity };
const condition = (id: string): Condition => ({ resourceType: 'Condition', id, subject: { reference: 'Patient/pat-1' } });
const read = (id: string) => ({ resource: condition(id), issues: [] });

test('a session never sees what another session read: another token, user, patient or EHR', () => {
  const cache = new ChartCache();
  cache.session(launch).set(read('c1'));
  expect(cache.session({ ...launch }).get('Condition', 'c1')?.resource.id).toBe('c1');
  for (const other of [{ accessToken: 'token-b' }, { fhirUser: 'https://ehr.test/fhir/R4/Practitioner/pcp-2' }, { patient: 'pat-2' }, { iss: 'https://other-ehr.test/fhir' }]) {
    expect(cache.session({ ...launch, ...other }).get('Condition', 'c1')).toBeUndefined();
  }
});

test('an entry is gone once its time is up, and reading it again renews it', () => {
  let now = 0;
  const cache = new ChartCache({ ttlMs: 1_000, now: () => now });
  const session = cache.session(launch);
  session.set(read('c1'));
  now = 999;
  expect(session.get('Condition', 'c1')).toBeDefined();
  now = 1_000;
  expect(session.get('Condition', 'c1')).toBeUndefined();
  session.set(read('c1'));
  now = 1_999;
  expect(session.get('Condition', 'c1')).toBeDefined();
});

test('an entry is found only under its own type', () => {
  const session = new ChartCache().session(launch);
  session.set(read('x1'));
  expect(session.get('Observation', 'x1')).toBeUndefined();
});

test('the oldest entries make way when the cache is full', () => {
  const cache = new ChartCache({ maxEntries: 2 });
  const session = cache.session(launch);
  session.set(read('c1'));
  session.set(read('c2'));
  session.set(read('c1'));
  session.set(read('c3'));
  expect(cache.size).toBe(2);
  expect(session.get('Condition', 'c2')).toBeUndefined();
  expect(session.get('Condition', 'c1')).toBeDefined();
  expect(session.get('Condition', 'c3')).toBeDefined();
});
