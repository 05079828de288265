import type { Bundle, Provenance } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import { condition, EHR, patient, pool, practitioner } from '../test/upstream.ts';
import { buildConsultTransaction } from './build-consult-transaction.ts';
import { withProvenance } from './build-provenance.ts';
import { SYSTEMS } from './identifiers.ts';
import { validateR4 } from './r4.ts';

const agent = { iss: EHR, fhirUser: `${EHR}/Practitioner/pcp-1` };

function consult(key: string, seed: number): Bundle {
  let n = seed;
  return buildConsultTransaction({
    input: { idempotencyKey: key, target: { kind: 'pool', healthcareServiceId: pool.id }, question: 'Should metformin stop at this eGFR?', urgency: 'routine', reasonConditionId: condition.id, shared: [] },
    iss: EHR,
    ehrPatient: patient,
    requesterId: 'pcp-1',
    ehrRequester: practitioner,
    shared: [condition],
    target: { reference: `HealthcareService/${pool.id}`, display: pool.name, specialty: pool.specialty[0]! },
    now: new Date(seed * 1000).toISOString(),
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
}

const KEY = '0e6c0d2a-3f7b-4c55-9a43-8f7f0c2b9d11';
const provenanceOf = (bundle: Bundle): Provenance => bundle.entry?.[0]?.resource as Provenance;

describe('withProvenance', () => {
  test('adds one valid Provenance naming every written resource and the requester, in the same transaction', () => {
    const bundle = consult(KEY, 1);
    const withIt = withProvenance(bundle, agent, '2026-11-21T10:00:00.000Z', () => 'prov-1');
    const provenance = provenanceOf(withIt);
    expect(withIt.entry).toHaveLength((bundle.entry?.length ?? 0) + 1);
    expect(validateR4(provenance)).toEqual([]);
    expect(provenance.target.map((t) => t.reference)).toEqual(bundle.entry?.map((e) => e.fullUrl));
    const requesterUrl = bundle.entry?.find((e) => e.resource?.resourceType === 'Practitioner')?.fullUrl;
    expect(provenance.agent[0]).toMatchObject({ type: { coding: [{ code: 'author' }] }, who: { reference: requesterUrl } });
    // The entries callers read responses from keep their places at the end.
    expect(withIt.entry?.slice(-2)).toEqual(bundle.entry?.slice(-2));
  });

  test('is a conditional create keyed by the write, so a retried consult stores one Provenance', () => {
    const first = withProvenance(consult(KEY, 1), agent, '2026-11-21T10:00:00.000Z', () => 'a').entry?.[0]?.request;
    const retry = withProvenance(consult(KEY, 50), agent, '2026-11-21T10:05:00.000Z', () => 'b').entry?.[0]?.request;
    const other = withProvenance(consult('1f7d1e3b-4a8c-4d66-8b54-9a8a1d3c0e22', 1), agent, '2026-11-21T10:00:00.000Z', () => 'c').entry?.[0]?.request;
    expect(first?.ifNoneExist).toMatch(new RegExp(`^_tag=${encodeURIComponent(`${SYSTEMS.write}|`)}`));
    expect(retry?.ifNoneExist).toBe(first?.ifNoneExist);
    expect(other?.ifNoneExist).not.toBe(first?.ifNoneExist);
  });

  test('names a requester without a snapshot in the bundle by their EHR identifier', () => {
    const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:x', resource: { resourceType: 'Basic', code: { text: 'x' } }, request: { method: 'POST', url: 'Basic' } }] };
    expect(provenanceOf(withProvenance(bundle, agent, '2026-11-21T10:00:00.000Z', () => 'p')).agent[0]?.who).toEqual({ identifier: { system: `${EHR}/Practitioner`, value: 'pcp-1' }, display: agent.fhirUser });
  });

  test('leaves reads and batches alone', () => {
    const read: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: 'Patient/1' } }] };
    expect(withProvenance(read, agent, '2026-11-21T10:00:00.000Z', () => 'p')).toBe(read);
    const batch: Bundle = { ...consult(KEY, 1), type: 'batch' };
    expect(withProvenance(batch, agent, '2026-11-21T10:00:00.000Z', () => 'p')).toBe(batch);
  });
});
