import { describe, expect, test } from 'vitest';
import { buildEhrMessage, buildEhrNotification } from './build-ehr-communication.ts';
import { buildEhrServiceRequest, type EhrConsultParts } from './build-ehr-service-request.ts';
import { validateR4 } from './r4.ts';

const parts: EhrConsultParts = {
  consultKey: '5f0c2e8a-1b3d-4e6f-8a9b-0c1d2e3f4a5b',
  storeConsultId: 'sr-42',
  urgency: 'stat',
  question: 'New AF with INR swinging 1.4 to 3.9 on warfarin: switch to a DOAC now?',
  patient: 'Patient/pat-1',
  requester: 'Practitioner/pcp-1',
  target: { display: 'Cardiology e-consults', specialty: { coding: [{ system: 'http://snomed.info/sct', code: '394579002', display: 'Cardiology' }], text: 'Cardiology' } },
  reason: 'Condition/af-1',
  shared: ['Observation/inr-1', 'MedicationRequest/warfarin-1'],
  now: '2026-11-21T10:00:00.000Z',
};

describe('EHR-shaped consult resources', () => {
  test('each validates against FHIR R4', () => {
    for (const resource of [buildEhrServiceRequest(parts), buildEhrMessage(parts, { reference: 'ServiceRequest/ehr-1' }), buildEhrNotification(parts, 'Group/cardiology-pool')]) {
      expect(validateR4(resource), resource.resourceType).toEqual([]);
    }
  });

  test('the EHR ServiceRequest points at the EHR\'s own records and carries the consult\'s key', () => {
    const sr = buildEhrServiceRequest(parts);
    expect(sr).toMatchObject({ subject: { reference: 'Patient/pat-1' }, requester: { reference: 'Practitioner/pcp-1' }, priority: 'stat', reasonReference: [{ reference: 'Condition/af-1' }] });
    expect(sr.supportingInfo?.map((r) => r.reference)).toEqual(parts.shared);
    expect(sr.performer).toEqual([{ display: 'Cardiology e-consults' }]);
    expect(sr.identifier?.[0]?.value).toBe(parts.consultKey);
    expect(sr.note?.[0]?.text).toContain('sr-42');
  });

  test('the notification takes the strict Oracle Health form: one base64 text/plain attachment, urgent for anything not routine', () => {
    const note = buildEhrNotification(parts, 'Group/cardiology-pool');
    expect(note).toMatchObject({ status: 'completed', priority: 'urgent', recipient: [{ reference: 'Group/cardiology-pool' }], sender: { reference: 'Practitioner/pcp-1' }, topic: { text: 'E-consult: Cardiology' } });
    expect(note.category).toEqual([{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'notification', display: 'Notification' }] }]);
    expect(note.payload).toHaveLength(1);
    const text = Buffer.from(note.payload?.[0]?.contentAttachment?.data ?? '', 'base64').toString('utf8');
    expect(text).toContain(parts.question);
    expect(text).toContain('Cardiology e-consults');
    expect(Object.keys(note)).not.toEqual(expect.arrayContaining(['identifier']));
    expect(note.basedOn).toBeUndefined();
  });

  test('the message is based on the EHR\'s order only when there is one', () => {
    expect(buildEhrMessage(parts, undefined).basedOn).toBeUndefined();
    expect(buildEhrMessage(parts, { reference: 'ServiceRequest/ehr-1' }).basedOn).toEqual([{ reference: 'ServiceRequest/ehr-1' }]);
  });
});
