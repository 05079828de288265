import type { FhirResource, Patient } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createDeps } from '../create-deps.ts';
import { silentLogger } from '../lib/logger.ts';
import { consult, specialistPractitioner } from '../test/specialist-store.ts';
import { pool, searchset, STORE } from '../test/upstream.ts';
import { PRIORITY_ORDER, readQueue } from './read-queue.ts';
import type { SpecialistContext } from './specialist-context.ts';

// A store whose queue has `size` consults per priority, answered lazily (only the requested slice is
// built); it includes each consult's patient when asked (`_include=ServiceRequest:subject`) unless
// `includes` is false, and answers patient searches by `_id`.
const searches: URLSearchParams[] = [];
const patientSearches: string[] = [];
function queueStore(sizes: Readonly<Record<string, number>>, includes = true) {
  const patient = (id: string): Patient => ({ resourceType: 'Patient', id, name: [{ given: ['Rosa'], family: 'Delgado' }] });
  return [
    http.get(`${STORE}/metadata`, () => HttpResponse.json({ resourceType: 'CapabilityStatement', status: 'active', date: '2026-11-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], rest: [{ mode: 'server', resource: [{ type: 'Task', interaction: ['create', 'update', 'search-type'].map((code) => ({ code })) }] }] })),
    http.get(`${STORE}/Patient`, ({ request }) => {
      const ids = new URL(request.url).searchParams.get('_id') ?? '';
      patientSearches.push(ids);
      return HttpResponse.json(searchset(ids.split(',').filter(Boolean).map(patient)));
    }),
    http.get(`${STORE}/ServiceRequest`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      searches.push(query);
      const priority = query.get('priority') ?? '';
      const total = sizes[priority] ?? 0;
      const offset = Number(query.get('_offset'));
      const count = Math.max(0, Math.min(Number(query.get('_count')), total - offset));
      const page: FhirResource[] = Array.from({ length: count }, (_, i) => ({ ...consult(`${priority}-${offset + i}`), priority: priority as 'stat' }));
      const subjects = includes && query.getAll('_include').includes('ServiceRequest:subject') && page.length ? [patient('snap-1')] : [];
      return HttpResponse.json({ ...searchset(page), entry: [...(searchset(page).entry ?? []), ...subjects.map((resource) => ({ resource, search: { mode: 'include' as const } }))], total });
    }),
  ];
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  searches.length = 0;
  patientSearches.length = 0;
});
afterAll(() => server.close());

// Built per test, after msw has patched fetch.
const deps = () => createDeps({ storeUrl: STORE, appOrigins: ['https://app.test'], timeoutMs: 2_000, issuers: [] }, { logger: silentLogger });
const specialist: SpecialistContext = {
  user: { iss: 'https://ehr.test/fhir/R4', patient: undefined, encounter: undefined, fhirUser: `${STORE}/Practitioner/spec-1`, scope: '', accessToken: 't', expiresAt: Date.now() + 60_000 },
  practitionerId: specialistPractitioner.id,
  name: 'Dr. Ada Okoro',
  roles: [{ id: 'role-1', reference: 'PractitionerRole/role-1', specialties: ['394589003'], pools: [`HealthcareService/${pool.id}`] }],
  pools: [{ id: pool.id, reference: `HealthcareService/${pool.id}`, name: pool.name, specialtyCodes: ['394589003'] }],
  programmeLead: false,
};

describe('the specialist queue', () => {
  test('asks for no more than one page, whatever the queue size: one search per priority, each for what the page still lacks', async () => {
    for (const size of [100, 100_000]) {
      server.use(...queueStore({ stat: 3, asap: 0, urgent: size, routine: size }));
      searches.length = 0;
      const page = await readQueue(deps(), specialist, { status: 'open', pageSize: 20 });
      expect(page.items).toHaveLength(20);
      expect(searches.map((q) => [q.get('priority'), q.get('_count'), q.get('_offset')])).toEqual([['stat', '20', '0'], ['asap', '17', '0'], ['urgent', '17', '0']]);
      expect(page.next).toBe('2.17');
    }
  });

  test('orders most urgent first and sorts newest first within an urgency', async () => {
    server.use(...queueStore({ stat: 1, asap: 1, urgent: 1, routine: 1 }));
    const page = await readQueue(deps(), specialist, { status: 'open', pageSize: 10 });
    expect(page.items.map((i) => i.urgency)).toEqual([...PRIORITY_ORDER]);
    expect(searches.every((q) => q.get('_sort') === '-authored')).toBe(true);
    expect(page.next).toBeUndefined();
  });

  test('filters: "unclaimed" asks only for the pools, "mine" only for the roles, "answered" for completed consults', async () => {
    server.use(...queueStore({}));
    for (const [status, performer, srStatus] of [['unclaimed', `HealthcareService/${pool.id}`, 'active'], ['mine', 'PractitionerRole/role-1', 'active'], ['answered', `PractitionerRole/role-1,HealthcareService/${pool.id}`, 'completed']] as const) {
      searches.length = 0;
      await readQueue(deps(), specialist, { status, urgency: 'urgent', pageSize: 5 });
      expect(searches.map((q) => [q.get('performer'), q.get('status'), q.get('priority')]), status).toEqual([[performer, srStatus, 'urgent']]);
    }
  });

  test("names each row's patient from the page's own searches (_include), with no request of its own", async () => {
    server.use(...queueStore({ stat: 2, asap: 0, urgent: 30, routine: 0 }));
    const page = await readQueue(deps(), specialist, { status: 'open', pageSize: 20 });
    expect(page.items.every((i) => i.patientName === 'Rosa Delgado')).toBe(true);
    expect(searches.every((q) => q.getAll('_include').includes('ServiceRequest:subject'))).toBe(true);
    expect(patientSearches).toEqual([]);
  });

  test('still names the patients, with one search for them, where the store leaves out what was included', async () => {
    server.use(...queueStore({ stat: 0, asap: 0, urgent: 5, routine: 0 }, false));
    const page = await readQueue(deps(), specialist, { status: 'open', pageSize: 20 });
    expect(page.items.map((i) => i.patientName)).toEqual(Array.from({ length: 5 }, () => 'Rosa Delgado'));
    expect(patientSearches).toEqual(['snap-1']);
  });

  test('continues from the cursor of the previous page', async () => {
    server.use(...queueStore({ stat: 0, asap: 0, urgent: 30, routine: 5 }));
    const page = await readQueue(deps(), specialist, { status: 'open', pageSize: 20, cursor: '2.20' });
    expect(page.items.map((i) => i.id)).toEqual([...Array.from({ length: 10 }, (_, i) => `urgent-${20 + i}`), ...Array.from({ length: 5 }, (_, i) => `routine-${i}`)]);
    expect(page.next).toBeUndefined();
  });
});
