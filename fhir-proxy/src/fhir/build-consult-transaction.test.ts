import type { Communication, Condition, MedicationRequest, Patient, ServiceRequest } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import { allergy, condition, EHR, medication, patient, practitioner, pool } from '../test/upstream.ts';
import { buildConsultTransaction } from './build-consult-transaction.ts';
import { SYSTEMS } from './identifiers.ts';
import { validateR4, validateUsCore } from './r4.ts';

const input: ConsultRequestInput = {
  idempotencyKey: '0e6c0d2a-3f7b-4c55-9a43-8f7f0c2b9d11',
  target: { kind: 'pool', healthcareServiceId: pool.id },
  question: 'Is this eGFR decline expected for her age, or does she need a nephrology visit?',
  urgency: 'routine',
  reasonConditionId: condition.id,
  note: 'Metformin dose unchanged since 2022.',
  shared: [],
};

function build(): ReturnType<typeof buildConsultTransaction> {
  let n = 0;
  return buildConsultTransaction({
    input,
    iss: EHR,
    ehrPatient: patient,
    requesterId: 'pcp-1',
    ehrRequester: practitioner,
    shared: [condition, allergy, medication],
    target: { reference: `HealthcareService/${pool.id}`, display: pool.name, specialty: pool.specialty[0]! },
    now: '2026-11-21T10:00:00.000Z',
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
}

const resourceOf = <T,>(type: string): T => build().entry?.find((e) => e.resource?.resourceType === type)?.resource as T;

describe('buildConsultTransaction', () => {
  test('every resource it writes validates against FHIR R4', () => {
    for (const entry of build().entry ?? []) {
      expect(validateR4(entry.resource!), entry.resource?.resourceType).toEqual([]);
    }
  });

  test('every entry is a conditional create, so the same consult sent twice writes once', () => {
    const entries = build().entry ?? [];
    expect(entries.every((e) => e.request?.method === 'POST' && e.request.ifNoneExist)).toBe(true);
    expect(entries.map((e) => e.request?.ifNoneExist)).toEqual(build().entry?.map((e) => e.request?.ifNoneExist));
    expect(resourceOf<ServiceRequest>('ServiceRequest').identifier).toEqual([{ system: SYSTEMS.consult, value: input.idempotencyKey }]);
  });

  test('the ServiceRequest carries what US Core and a specialist need', () => {
    const sr = resourceOf<ServiceRequest>('ServiceRequest');
    expect(sr).toMatchObject({ status: 'active', intent: 'order', priority: 'routine', authoredOn: '2026-11-21T10:00:00.000Z' });
    expect(sr.category?.[0]?.coding?.map((c) => c.code)).toContain('386053000');
    expect(sr.performer?.[0]?.reference).toBe(`HealthcareService/${pool.id}`);
    expect(sr.performerType?.coding?.[0]?.code).toBe('394589003');
    expect(sr.supportingInfo).toHaveLength(3);
    expect(sr.note?.[0]?.text).toBe(input.note);
  });

  test('links the question, the reason and the shared copies inside the bundle', () => {
    const bundle = build();
    const urlOf = (type: string): string | undefined => bundle.entry?.find((e) => e.resource?.resourceType === type)?.fullUrl;
    const sr = resourceOf<ServiceRequest>('ServiceRequest');
    const question = resourceOf<Communication>('Communication');
    expect(question.basedOn?.[0]?.reference).toBe(urlOf('ServiceRequest'));
    expect(question.payload?.[0]?.contentString).toBe(input.question);
    expect(question.status).toBe('completed');
    expect(sr.reasonReference?.[0]?.reference).toBe(urlOf('Condition'));
    expect(sr.subject.reference).toBe(urlOf('Patient'));
    expect(resourceOf<Condition>('Condition').subject.reference).toBe(urlOf('Patient'));
  });

  test('a copy points at other copies it shares and at the EHR for everything else', () => {
    const med = resourceOf<MedicationRequest>('MedicationRequest');
    const conditionUrl = build().entry?.find((e) => e.resource?.resourceType === 'Condition')?.fullUrl;
    expect(med.reasonReference?.[0]?.reference).toBe(conditionUrl);
    expect(med.requester?.reference).toBe(`${EHR}/Practitioner/pcp-1`);
    expect(med.meta?.source).toBe(`${EHR}/MedicationRequest/${medication.id}`);
    expect(med.id).toBeUndefined();
  });

  test('the patient snapshot of a US Core patient is itself US Core conformant, and the check can fail', () => {
    expect(validateUsCore(patient)).toEqual([]);
    expect(validateUsCore(resourceOf<Patient>('Patient'))).toEqual([]);
    const { gender: _gender, ...withoutGender } = resourceOf<Patient>('Patient');
    expect(validateUsCore(withoutGender)?.flatMap((i) => i.expression)).toContain('Patient.gender');
  });

  test('the patient snapshot keeps identity, not the whole record', () => {
    const snapshot = resourceOf<Patient>('Patient');
    expect(snapshot.identifier?.[0]).toEqual({ system: `${EHR}/Patient`, value: patient.id });
    expect(snapshot.birthDate).toBe(patient.birthDate);
    expect(Object.keys(snapshot).sort()).toEqual(['birthDate', 'gender', 'identifier', 'meta', 'name', 'resourceType']);
  });
});

describe('buildConsultTransaction with a workflow Task', () => {
  test('adds a requested Task based on the ServiceRequest, owned by the target, conditional on the consult key', () => {
    let n = 0;
    const bundle = buildConsultTransaction({
      input, iss: EHR, ehrPatient: patient, requesterId: 'pcp-1', ehrRequester: practitioner, shared: [condition],
      target: { reference: `HealthcareService/${pool.id}`, display: pool.name, specialty: pool.specialty[0]! },
      now: '2026-11-21T10:00:00.000Z', uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, withTask: true,
    });
    const srUrl = bundle.entry?.find((e) => e.resource?.resourceType === 'ServiceRequest')?.fullUrl;
    const taskEntry = bundle.entry?.find((e) => e.resource?.resourceType === 'Task');
    expect(taskEntry?.resource).toMatchObject({ status: 'requested', basedOn: [{ reference: srUrl }], focus: { reference: srUrl }, owner: { reference: `HealthcareService/${pool.id}` }, priority: 'routine' });
    expect(taskEntry?.request?.ifNoneExist).toBe(`identifier=${encodeURIComponent(`${SYSTEMS.task}|${input.idempotencyKey}`)}`);
    expect(validateR4(taskEntry!.resource!)).toEqual([]);
  });
});
