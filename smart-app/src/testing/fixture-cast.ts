// The project's shared fixture cast (fixtures/data), reshaped for the app's msw EHR. This is the only
// testing module that reaches into fixtures/, so the app's tests keep one import path for it.
import type { FhirResource, Observation } from 'fhir/r4';
import type { PatientRecord } from '../../../fixtures/data/index.ts';
import type { EhrChart } from './msw/handlers/ehr-fhir.ts';

export { generateLargePatient, rosaDelgado, ROSA_DELGADO_ID } from '../../../fixtures/data/index.ts';

function isCategory(observation: Observation, code: string): boolean {
  return observation.category?.some((c) => c.coding?.some((coding) => coding.code === code)) ?? false;
}

/** Splits a fixture patient's resources into the searches the app makes. */
export function chartFromRecord(record: PatientRecord): EhrChart {
  const of = (type: FhirResource['resourceType']): FhirResource[] => record.resources.filter((r) => r.resourceType === type);
  const observations = record.resources.filter((r): r is Observation => r.resourceType === 'Observation');
  return {
    patient: { ...record.patient, id: record.patient.id ?? 'unknown' },
    conditions: of('Condition'),
    medications: of('MedicationRequest'),
    allergies: of('AllergyIntolerance'),
    labs: observations.filter((o) => isCategory(o, 'laboratory')),
    vitals: observations.filter((o) => isCategory(o, 'vital-signs')),
  };
}
