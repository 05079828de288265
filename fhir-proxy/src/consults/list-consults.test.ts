import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import type { LaunchContext } from '../auth/launch-context.ts';
import { createDeps } from '../create-deps.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';
import { silentLogger } from '../lib/logger.ts';
import { EHR, STORE } from '../test/upstream.ts';
import { listConsults } from './list-consults.ts';

const launch: LaunchContext = { iss: EHR, patient: 'pat-1', encounter: undefined, fhirUser: `${EHR}/Practitioner/pcp-1`, scope: '', accessToken: 'token', expiresAt: Date.now() + 60_000 };

const consult = (id: string): ServiceRequest => ({
  resourceType: 'ServiceRequest',
  id,
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/x' },
  identifier: [{ system: SYSTEMS.consult, value: `key-${id}` }],
});
const searchset = (resources: FhirResource[]): Bundle => ({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource })) });

/** A consult store answering snapshot lookups with `snapshotId()` and listing `consults[snapshot]`; it records every request. */
function fakeStore(snapshotId: () => string | undefined, consults: Record<string, ServiceRequest[]>) {
  const requests: string[] = [];
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    requests.push(`${url.pathname.replace('/fhir/R4/', '')}`);
    const id = snapshotId();
    const body = url.pathname.endsWith('/Patient')
      ? searchset(id ? [{ resourceType: 'Patient', id }] : [])
      : searchset(consults[(url.searchParams.get('subject') ?? '').replace('Patient/', '')] ?? []);
    return new Response(JSON.stringify(body), { status: 200 });
  };
  const deps = createDeps({ storeUrl: STORE, appOrigins: [], timeoutMs: 1_000, issuers: [] }, { fetch: fetch as typeof globalThis.fetch, logger: silentLogger });
  return { deps, requests };
}

describe("listing a patient's consults", () => {
  test('finds the patient in the store once, then lists with a single search', async () => {
    const { deps, requests } = fakeStore(() => 'snap-1', { 'snap-1': [consult('sr-1'), consult('sr-2')] });
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-1', 'sr-2']);
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-1', 'sr-2']);
    expect(requests).toEqual(['Patient', 'ServiceRequest', 'ServiceRequest']);
  });

  test('lists nothing, and remembers nothing, for a patient without consults', async () => {
    const { deps, requests } = fakeStore(() => undefined, {});
    expect(await listConsults(deps, launch)).toEqual([]);
    expect(await listConsults(deps, launch)).toEqual([]);
    expect(requests).toEqual(['Patient', 'Patient']);
  });

  test('finds the patient again when the store was reset and the snapshot made anew', async () => {
    let snapshot = 'snap-1';
    const consults: Record<string, ServiceRequest[]> = { 'snap-1': [consult('sr-1')] };
    const { deps } = fakeStore(() => snapshot, consults);
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-1']);
    snapshot = 'snap-2';
    delete consults['snap-1'];
    consults['snap-2'] = [consult('sr-9')];
    expect((await listConsults(deps, launch)).map((c) => c.id)).toEqual(['sr-9']);
  });
});
