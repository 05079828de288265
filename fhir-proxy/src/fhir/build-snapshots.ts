import type { Patient, Practitioner } from 'fhir/r4';
import { ehrSystem } from './identifiers.ts';

/**
 * The consult store's copy of the EHR patient: only what a specialist needs to identify the patient
 * (identifiers, name, sex, birth date), keyed by an identifier naming the EHR record so every consult
 * for that patient finds the same snapshot (conditional create).
 */
export function buildPatientSnapshot(ehrPatient: Patient, iss: string): Patient {
  const ehrIdentifier = { system: ehrSystem(iss, 'Patient'), value: ehrPatient.id ?? '' };
  return {
    resourceType: 'Patient',
    meta: { source: `${iss}/Patient/${ehrPatient.id}` },
    identifier: [ehrIdentifier, ...(ehrPatient.identifier ?? []).map(({ assigner: _a, ...id }) => id)],
    ...(ehrPatient.active === undefined ? {} : { active: ehrPatient.active }),
    ...(ehrPatient.name ? { name: ehrPatient.name } : {}),
    ...(ehrPatient.gender ? { gender: ehrPatient.gender } : {}),
    ...(ehrPatient.birthDate ? { birthDate: ehrPatient.birthDate } : {}),
    ...(ehrPatient.deceasedBoolean === undefined ? {} : { deceasedBoolean: ehrPatient.deceasedBoolean }),
    ...(ehrPatient.deceasedDateTime ? { deceasedDateTime: ehrPatient.deceasedDateTime } : {}),
  } satisfies Patient;
}

/** The requester as the consult store knows them; falls back to the fhirUser reference alone when the EHR will not share the record. */
export function buildPractitionerSnapshot(iss: string, id: string, ehrPractitioner: Practitioner | undefined): Practitioner {
  return {
    resourceType: 'Practitioner',
    meta: { source: `${iss}/Practitioner/${id}` },
    identifier: [{ system: ehrSystem(iss, 'Practitioner'), value: id }, ...(ehrPractitioner?.identifier ?? []).map(({ assigner: _a, ...i }) => i)],
    ...(ehrPractitioner?.name ? { name: ehrPractitioner.name } : {}),
    ...(ehrPractitioner?.telecom ? { telecom: ehrPractitioner.telecom } : {}),
  } satisfies Practitioner;
}

/** The `identifier=` search that finds a snapshot again. */
export function snapshotQuery(iss: string, resourceType: 'Patient' | 'Practitioner', id: string): string {
  return `identifier=${encodeURIComponent(`${ehrSystem(iss, resourceType)}|${id}`)}`;
}
