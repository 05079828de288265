import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import type { LaunchContext } from '../auth/launch-context.ts';
import { createDeps } from '../create-deps.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';
import { silentLogger } from '../lib/logger.ts';
import { EHR, STORE } from '../test/upstream.ts';
import { listConsults } from './list-consults.ts';
import { readForRequester } from './requester-access.ts';
import { snapshotIdsFor } from './snapshot-ids.ts';

const launch: LaunchContext = { iss: EHR, patient: 'pat-1', encounter: undefined, fhirUser: `${EHR}/Practitioner/pcp-1`, scope: '', accessToken: 'token', expiresAt: Date.now() + 60_000 };

const consult = (id: string, snapshot: string): ServiceRequest => ({
  resourceType: 'ServiceRequest',
  id,
  status: 'active',
  intent: 'order',
  subject: { reference: `Patient/${snapshot}` },
  identifier: [{ system: SYSTEMS.consult, value: `key-${id}` }],
});
const searchset = (resources: FhirResource[]): Bundle => ({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource })) });

/**
 * A consult store whose snapshot of the launch patient is `snapshotId()`, holding `consults` (filtered
 * by `subject` and `_id` as a FHIR server does); it records every search it answers (not /metadata).
 */
function fakeStore(snapshotId: () => string | undefined, consults: () => ServiceRequest[]) {
  const requests: string[] = [];
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    const type = url.pathname.replace('/fhir/R4/', '');
    if (type === 'metadata') {
      return new Response(JSON.stringify({ resourceType: 'CapabilityStatement' }), { status: 200 });
    }
    requests.push(type);
    const id = snapshotId();
    const subject = url.searchParams.get('subject');
    const only = url.searchParams.get('_id');
    if (type === 'Patient') {
      return new Response(JSON.stringify(searchset(id ? [{ resourceType: 'Patient', id }] : [])), { status: 200 });
    }
    // Pages of `_count`, linked by `next` as a FHIR server pages a search.
    const matches = consults().filter((sr) => (!subject || sr.subject.reference === subject) && (!only || sr.id === only));
    const count = Number(url.searchParams.get('_count') ?? matches.length) || matches.length;
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    const page: Bundle = { ...searchset(matches.slice(offset, offset + count)), total: matches.length };
    if (offset + count < matches.length) {
      const next = new URL(url);
      next.searchParams.set('_offset', String(offset + count));
      page.link = [{ relation: 'next', url: next.toString() }];
    }
    return new Response(JSON.stringify(page), { status: 200 });
  };
  const deps = createDeps({ storeUrl: STORE, appOrigins: [], timeoutMs: 1_000, issuers: [] }, { fetch: fetch as typeof globalThis.fetch, logger: silentLogger });
  return { deps, requests };
}

describe("listing a patient's consults", () => {
  test('finds the patient in the store once, then lists with a single search', async () => {
    const { deps, requests } = fakeStore(() => 'snap-1', () => [consult('sr-1', 'snap-1'), consult('sr-2', 'snap-1')]);
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-1', 'sr-2']);
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-1', 'sr-2']);
    expect(requests).toEqual(['Patient', 'ServiceRequest', 'ServiceRequest']);
  });

  test('lists every consult of a patient who has more than one page of them, following the store\'s next links', async () => {
    const many = Array.from({ length: 130 }, (_, i) => consult(`sr-${i}`, 'snap-1'));
    const { deps, requests } = fakeStore(() => 'snap-1', () => many);
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(many.map((sr) => sr.id));
    expect(requests.filter((r) => r === 'ServiceRequest').length).toBeGreaterThan(1);
  });

  test('lists nothing, and remembers nothing, for a patient without consults', async () => {
    const { deps, requests } = fakeStore(() => undefined, () => []);
    expect(await listConsults(deps, launch)).toEqual([]);
    expect(await listConsults(deps, launch)).toEqual([]);
    expect(requests).toEqual(['Patient', 'Patient']);
  });

  test('finds the patient again when the store was reset and the snapshot made anew', async () => {
    let snapshot = 'snap-1';
    let consults = [consult('sr-1', 'snap-1')];
    const { deps } = fakeStore(() => snapshot, () => consults);
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-1']);
    snapshot = 'snap-2';
    consults = [consult('sr-9', 'snap-2')];
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-9']);
    expect(snapshotIdsFor(deps.store).lookup(EHR, 'pat-1')).toBe('snap-2');
  });

  test('uses a snapshot id the submit path remembered, without searching for it', async () => {
    const { deps, requests } = fakeStore(() => 'snap-1', () => [consult('sr-1', 'snap-1')]);
    snapshotIdsFor(deps.store).remember(EHR, 'pat-1', 'snap-1');
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-1']);
    expect(requests).toEqual(['ServiceRequest']);
  });
});

describe("reading one of the patient's consults", () => {
  test('is one search by id and snapshot once the snapshot is known', async () => {
    const { deps, requests } = fakeStore(() => 'snap-1', () => [consult('sr-1', 'snap-1')]);
    expect((await readForRequester(deps, launch, 'sr-1')).sr.id).toBe('sr-1');
    expect((await readForRequester(deps, launch, 'sr-1')).sr.id).toBe('sr-1');
    expect(requests).toEqual(['Patient', 'ServiceRequest', 'ServiceRequest']);
  });

  test("is not found for another patient's consult, even after looking the snapshot up afresh", async () => {
    const { deps } = fakeStore(() => 'snap-1', () => [consult('sr-1', 'snap-1'), consult('sr-other', 'snap-other')]);
    await readForRequester(deps, launch, 'sr-1');
    await expect(readForRequester(deps, launch, 'sr-other')).rejects.toMatchObject({ status: 404 });
    expect(snapshotIdsFor(deps.store).lookup(EHR, 'pat-1')).toBe('snap-1');
  });

  test('finds the consult under a snapshot made anew after the store was reset', async () => {
    let snapshot = 'snap-1';
    let consults = [consult('sr-1', 'snap-1')];
    const { deps } = fakeStore(() => snapshot, () => consults);
    await readForRequester(deps, launch, 'sr-1');
    snapshot = 'snap-2';
    consults = [consult('sr-1', 'snap-2')];
    expect((await readForRequester(deps, launch, 'sr-1')).sr.subject.reference).toBe('Patient/snap-2');
  });
});
