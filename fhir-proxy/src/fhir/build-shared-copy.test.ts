import type { AllergyIntolerance, MedicationRequest } from 'fhir/r4';
import { expect, test } from 'vitest';
import { buildSharedCopy } from './build-shared-copy.ts';
import { validateR4 } from './r4.ts';

const iss = 'https://ehr.test/fhir/R4';
const medication: MedicationRequest = {
  resourceType: 'MedicationRequest',
  id: 'med-1',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/pat-1' },
  medicationCodeableConcept: { text: 'Metformin 500 mg' },
  reasonReference: [{ reference: 'Condition/cond-1' }],
  requester: { reference: 'Practitioner/pcp-1' },
};
// Without clinicalStatus an (unrefuted) allergy is not valid R4 (invariant ait-1).
const invalidAllergy: AllergyIntolerance = { resourceType: 'AllergyIntolerance', id: 'alg-1', patient: { reference: 'Patient/pat-1' }, verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] }, code: { text: 'Penicillin' } };

// chart-reads.ts validates a copy made with a stand-in key once, when the item is read, and reuses the verdict for every consult.
test('a shared copy\'s R4 verdict does not depend on the consult it is sent with', () => {
  for (const resource of [medication, invalidAllergy]) {
    const verdicts = [
      { consultKey: '00000000-0000-4000-8000-000000000000', local: new Map([['Patient/pat-1', 'urn:uuid:00000000-0000-4000-8000-000000000001']]) },
      { consultKey: '6a2f41a0-8c1e-4b3f-9d2e-1f0a9b8c7d6e', local: new Map([['Patient/pat-1', 'urn:uuid:5d1c1f7e-0d7a-4a57-9a43-1f9a5a0e6c11'], ['Condition/cond-1', 'urn:uuid:7a3e1f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b']]) },
      { consultKey: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e', local: new Map<string, string>() },
    ].map((ctx) => validateR4(buildSharedCopy(resource, { iss, ...ctx })).map((issue) => issue.expression));
    expect(new Set(verdicts.map((v) => JSON.stringify(v))).size).toBe(1);
  }
  expect(validateR4(buildSharedCopy(invalidAllergy, { iss, consultKey: 'k', local: new Map() }))).not.toEqual([]);
  expect(validateR4(buildSharedCopy(medication, { iss, consultKey: 'k', local: new Map() }))).toEqual([]);
});

test('a reference to a version of an EHR record (Type/id/_history/vid) points at that version in the EHR, or at its copy when it is shared too, never into the consult store', () => {
  const versioned: MedicationRequest = { ...medication, reasonReference: [{ reference: 'Condition/cond-1/_history/3' }], requester: { reference: 'Practitioner/pcp-1/_history/7' } };
  const copy = buildSharedCopy(versioned, { iss, consultKey: 'k', local: new Map([['Condition/cond-1', 'urn:uuid:7a3e1f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b']]) });
  expect(copy.reasonReference?.[0]?.reference).toBe('urn:uuid:7a3e1f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b');
  expect(copy.requester?.reference).toBe(`${iss}/Practitioner/pcp-1/_history/7`);
});
