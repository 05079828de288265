import type { AllergyIntolerance, Condition, MedicationRequest, Patient } from 'fhir/r4';
import { hasCoding } from '../../../lib/fhir/format.ts';
import { groupObservations } from '../../../lib/fhir/observations.ts';
import type { ObservationGroup } from '../../../lib/fhir/observations.ts';
import type { SmartClient } from '../../../smart/fhirclient.ts';
import { readResource, searchAll } from '../../../smart/fhir-requests.ts';

/** The chart sections Curbside reads, each with its own request so one failure never hides the others. */
export interface PatientContextData {
  readonly patient: Patient;
  readonly problems: readonly Condition[];
  readonly medications: readonly MedicationRequest[];
  readonly allergies: readonly AllergyIntolerance[];
  readonly labs: readonly ObservationGroup[];
  readonly vitals: readonly ObservationGroup[];
}
export type SectionKey = keyof PatientContextData;

export const SECTION_LABELS: Readonly<Record<SectionKey, string>> = {
  patient: 'Patient',
  problems: 'Problems',
  medications: 'Medications',
  allergies: 'Allergies',
  labs: 'Labs',
  vitals: 'Vital signs',
};

const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const REFUTED = ['entered-in-error', 'refuted'];

function isProblem(condition: Condition): boolean {
  if (REFUTED.some((code) => hasCoding(condition.verificationStatus, code))) {
    return false;
  }
  const categories = condition.category ?? [];
  // Uncategorised active conditions are still problems; health concerns and other categories are not.
  return (
    categories.length === 0 ||
    categories.some((c) => hasCoding(c, 'problem-list-item', CONDITION_CATEGORY) || hasCoding(c, 'encounter-diagnosis', CONDITION_CATEGORY))
  );
}

const CRITICALITY_ORDER: Readonly<Record<string, number>> = { high: 0, 'unable-to-assess': 1, low: 2 };

function isCurrentAllergy(allergy: AllergyIntolerance): boolean {
  const retracted = REFUTED.some((code) => hasCoding(allergy.verificationStatus, code));
  const ended = hasCoding(allergy.clinicalStatus, 'inactive') || hasCoding(allergy.clinicalStatus, 'resolved');
  return !retracted && !ended;
}

function byCriticality(a: AllergyIntolerance, b: AllergyIntolerance): number {
  return (CRITICALITY_ORDER[a.criticality ?? ''] ?? 3) - (CRITICALITY_ORDER[b.criticality ?? ''] ?? 3);
}

export type SectionLoaders = { readonly [K in SectionKey]: (signal: AbortSignal) => Promise<PatientContextData[K]> };

/**
 * One loader per section; the caller runs them all in parallel. Searches follow every page.
 * Observations are grouped by code here, once, as they arrive, never per render.
 * @see https://hl7.org/fhir/us/core/STU6.1/CapabilityStatement-us-core-server.html
 */
export function sectionLoaders(client: SmartClient, patientId: string): SectionLoaders {
  const patient = patientId;
  return {
    patient: (signal) => readResource(client, 'Patient', patientId, signal),
    problems: async (signal) => (await searchAll(client, 'Condition', { patient, 'clinical-status': 'active' }, signal)).filter(isProblem),
    medications: (signal) => searchAll(client, 'MedicationRequest', { patient, status: 'active' }, signal),
    allergies: async (signal) => (await searchAll(client, 'AllergyIntolerance', { patient }, signal)).filter(isCurrentAllergy).sort(byCriticality),
    labs: async (signal) =>
      groupObservations(await searchAll(client, 'Observation', { patient, category: 'laboratory', _sort: '-date', _count: '200' }, signal)),
    vitals: async (signal) =>
      groupObservations(await searchAll(client, 'Observation', { patient, category: 'vital-signs', _sort: '-date', _count: '200' }, signal)),
  };
}

/** A section's failure in words for the physician (status only: a FHIR error body may quote chart data). */
export function describeLoadError(error: unknown): string {
  const status = typeof error === 'object' && error !== null && 'status' in error ? (error as { status: unknown }).status : undefined;
  if (typeof status === 'number') {
    return `The EHR answered with an error (HTTP ${status}).`;
  }
  return 'The EHR could not be reached.';
}
