// A small, named cast for the app's unit tests (stable ids, typed with `satisfies`), each built to show one
// behaviour (out-of-order results, a high-criticality allergy, an encounter diagnosis). Tests of the
// whole chart use the project's cast from fixtures/data through ./fixture-cast.ts.
import type { AllergyIntolerance, CodeableConcept, Condition, MedicationRequest, Observation, Patient } from 'fhir/r4';
import type { ConsultSummary, Directory } from '../lib/api-contract.ts';

export const EHR_BASE = 'https://ehr.test/fhir/R4';
export const PROXY_BASE = 'https://proxy.test';
export const PRACTITIONER_USER = 'Practitioner/pcp-maya-chen';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

export const patientX = {
  resourceType: 'Patient',
  id: 'patient-x',
  identifier: [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
      system: 'http://sandbox-ehr.curbside.test/mrn',
      value: 'MRN-004211',
    },
  ],
  name: [{ use: 'official', family: 'Delgado', given: ['Rosa'] }],
  gender: 'female',
  birthDate: '1961-04-12',
} satisfies Patient;

export const patientY = { ...patientX, id: 'patient-y', name: [{ use: 'official', family: 'Okafor', given: ['Ben'] }] } satisfies Patient;

function category(code: string): CodeableConcept[] {
  return [{ coding: [{ system: CONDITION_CATEGORY, code }] }];
}

const active = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] };

export const diabetesProblem = {
  resourceType: 'Condition',
  id: 'cond-t2dm',
  clinicalStatus: active,
  category: category('problem-list-item'),
  code: { coding: [{ system: SNOMED, code: '44054006', display: 'Type 2 diabetes mellitus' }], text: 'Type 2 diabetes mellitus' },
  subject: { reference: 'Patient/patient-x' },
  onsetDateTime: '2015-06-01',
} satisfies Condition;

export const ckdDiagnosis = {
  resourceType: 'Condition',
  id: 'cond-ckd3a',
  clinicalStatus: active,
  category: category('encounter-diagnosis'),
  code: { coding: [{ system: SNOMED, code: '700378005', display: 'Chronic kidney disease stage 3A' }], text: 'Chronic kidney disease stage 3A' },
  subject: { reference: 'Patient/patient-x' },
} satisfies Condition;

export const metforminOrder = {
  resourceType: 'MedicationRequest',
  id: 'medreq-metformin',
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: { text: 'Metformin 500 mg oral tablet' },
  subject: { reference: 'Patient/patient-x' },
  dosageInstruction: [{ text: '500 mg by mouth twice daily' }],
} satisfies MedicationRequest;

export const penicillinAllergy = {
  resourceType: 'AllergyIntolerance',
  id: 'allergy-penicillin',
  criticality: 'high',
  code: { text: 'Penicillin' },
  patient: { reference: 'Patient/patient-x' },
  reaction: [{ manifestation: [{ text: 'Anaphylaxis' }] }],
} satisfies AllergyIntolerance;

export const latexAllergy = {
  resourceType: 'AllergyIntolerance',
  id: 'allergy-latex',
  criticality: 'low',
  code: { text: 'Latex' },
  patient: { reference: 'Patient/patient-x' },
  reaction: [{ manifestation: [{ text: 'Contact dermatitis' }] }],
} satisfies AllergyIntolerance;

interface LabOptions {
  readonly id: string;
  readonly code: string;
  readonly text: string;
  readonly value: number;
  readonly unit: string;
  readonly date: string;
  readonly flag?: string;
  readonly category?: 'laboratory' | 'vital-signs';
}

/** A numeric result with a LOINC code. */
export function numericResult({ id, code, text, value, unit, date, flag, category: cat = 'laboratory' }: LabOptions): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: cat }] }],
    code: { coding: [{ system: LOINC, code }], text },
    subject: { reference: 'Patient/patient-x' },
    effectiveDateTime: date,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    ...(flag ? { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: flag }] }] } : {}),
  } satisfies Observation;
}

/** Three HbA1c results, deliberately out of date order (newest in the middle). */
export const hba1cResults: readonly Observation[] = [
  numericResult({ id: 'obs-a1c-2024', code: '4548-4', text: 'HbA1c', value: 7.1, unit: '%', date: '2024-02-10', flag: 'H' }),
  numericResult({ id: 'obs-a1c-2026', code: '4548-4', text: 'HbA1c', value: 7.4, unit: '%', date: '2026-01-15', flag: 'H' }),
  numericResult({ id: 'obs-a1c-2021', code: '4548-4', text: 'HbA1c', value: 6.8, unit: '%', date: '2021-05-03', flag: 'H' }),
];

export const egfrResult = numericResult({ id: 'obs-egfr-2026', code: '33914-3', text: 'eGFR', value: 52, unit: 'mL/min/1.73m2', date: '2026-01-15', flag: 'L' });

function bloodPressure(id: string, date: string, systolic: number, diastolic: number): Observation {
  const component = (code: string, value: number) => ({
    code: { coding: [{ system: LOINC, code }] },
    valueQuantity: { value, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: '85354-9' }], text: 'Blood pressure' },
    subject: { reference: 'Patient/patient-x' },
    effectiveDateTime: date,
    component: [component('8480-6', systolic), component('8462-4', diastolic)],
  } satisfies Observation;
}

export const bpResults: readonly Observation[] = [bloodPressure('obs-bp-2025', '2025-11-02', 138, 86), bloodPressure('obs-bp-2026', '2026-01-15', 142, 88)];

/** The chart of patient-x as the EHR serves it. */
export const chartX = {
  patient: patientX,
  conditions: [diabetesProblem, ckdDiagnosis],
  medications: [metforminOrder],
  allergies: [penicillinAllergy, latexAllergy],
  labs: [...hba1cResults, egfrResult],
  vitals: bpResults,
};

export const nephrology = {
  code: '394589003',
  system: SNOMED,
  display: 'Nephrology',
  poolId: 'pool-nephrology',
  poolName: 'Nephrology e-consults',
} as const;

export const directory = {
  specialties: [
    nephrology,
    { code: '394583002', system: SNOMED, display: 'Endocrinology', poolId: 'pool-endocrinology', poolName: 'Endocrinology e-consults' },
  ],
  specialists: [
    { practitionerRoleId: 'role-nephro-okafor', name: 'Dr. Chidi Okafor', specialtyCodes: [nephrology.code] },
    { practitionerRoleId: 'role-endo-lind', name: 'Dr. Sara Lind', specialtyCodes: ['394583002'] },
  ],
} satisfies Directory;

export const earlierConsult = {
  id: 'sr-earlier-1',
  idempotencyKey: '7d3c2a6e-4b6f-4a57-9b0e-6f1c2d3e4f50',
  status: 'completed',
  urgency: 'routine',
  specialty: 'Endocrinology',
  target: 'Endocrinology e-consults',
  question: 'Is an SGLT2 inhibitor appropriate given her eGFR?',
  authoredOn: '2025-09-01T10:00:00Z',
  sharedCount: 3,
  state: 'answered',
  outcome: 'advice-only',
  lastSpecialistMessageAt: '2025-09-02T09:00:00Z',
  lastRequesterMessageAt: undefined,
} satisfies ConsultSummary;
