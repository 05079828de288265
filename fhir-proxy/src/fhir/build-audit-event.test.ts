import { describe, expect, test } from 'vitest';
import { EHR } from '../test/upstream.ts';
import { buildAuditEvent, type AuditParts } from './build-audit-event.ts';
import { validateR4 } from './r4.ts';

const parts: AuditParts = {
  requestId: '6a2f41a0-8c1e-4b3f-9d2e-1f0a9b8c7d6e',
  recorded: '2026-11-21T10:00:00.000Z',
  iss: EHR,
  fhirUser: `${EHR}/Practitioner/pcp-1`,
  patient: 'pat-1',
  method: 'GET',
  route: 'GET /consults/:id',
  status: 200,
  entities: ['ServiceRequest/sr-1'],
};

describe('buildAuditEvent', () => {
  test('records who, for which patient, what and the outcome, as valid R4', () => {
    const event = buildAuditEvent(parts);
    expect(validateR4(event)).toEqual([]);
    expect(event.id).toBe(parts.requestId);
    expect(event.agent[0]?.who).toEqual({ reference: parts.fhirUser, identifier: { system: `${EHR}/Practitioner`, value: 'pcp-1' } });
    expect(event.entity?.[0]?.what?.identifier).toEqual({ system: `${EHR}/Patient`, value: 'pat-1' });
    expect(event.entity?.[1]?.what?.reference).toBe('ServiceRequest/sr-1');
    expect(event).toMatchObject({ action: 'R', outcome: '0', outcomeDesc: 'HTTP 200' });
    expect(event.subtype?.map((s) => s.code)).toEqual(['read', 'GET /consults/:id']);
  });

  test('names a specialist whose record is in the consult store\'s directory by that server, not as an EHR id', () => {
    const store = 'https://store.example.org/fhir/R4';
    const event = buildAuditEvent({ ...parts, fhirUser: `${store}/Practitioner/spec-1`, patient: undefined });
    expect(event.agent[0]?.who?.identifier).toEqual({ system: `${store}/Practitioner`, value: 'spec-1' });
  });

  test('maps writes and failures onto FHIR actions and outcomes', () => {
    expect(buildAuditEvent({ ...parts, method: 'POST', route: 'POST /consults', status: 201 })).toMatchObject({ action: 'C', outcome: '0', subtype: [{ code: 'create' }, { code: 'POST /consults' }] });
    expect(buildAuditEvent({ ...parts, status: 404 }).outcome).toBe('4');
    expect(buildAuditEvent({ ...parts, status: 503 }).outcome).toBe('8');
    expect(buildAuditEvent({ ...parts, route: 'GET /consults' }).subtype?.[0]?.code).toBe('search-type');
  });

  test('records a POST that only reads (the shared-items check) as a read, not a create', () => {
    const event = buildAuditEvent({ ...parts, method: 'POST', readOnly: true, route: 'POST /consults/shared-check' });
    expect(event).toMatchObject({ action: 'R', subtype: [{ code: 'search-type' }, { code: 'POST /consults/shared-check' }] });
  });
});
