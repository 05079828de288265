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

const CLINICAL_SECTIONS: readonly SectionKey[] = ['problems', 'medications', 'allergies', 'labs', 'vitals'];
const WITH_PATIENT: readonly SectionKey[] = ['patient', ...CLINICAL_SECTIONS];

/** The sections to read: `patient` only when the EHR asks the app to show its own banner. */
export function sectionKeys(needPatientBanner: boolean): readonly SectionKey[] {
  return needPatientBanner ? WITH_PATIENT : CLINICAL_SECTIONS;
}

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

/**
 * Page size asked of every search. Each page of a search is one more sequential round trip (two in a
 * browser: the CORS preflight and the GET), so the app asks for large pages; servers that cap lower
 * return fewer, as FHIR allows (HAPI caps at 500, Cerner per resource), which costs nothing extra.
 * With 200, a 10,000-Observation chart took 33 sequential pages for labs alone (`npm run bench`).
 * @see https://hl7.org/fhir/R4/search.html#count
 */
export const PAGE_SIZE = '1000';

export type SectionLoaders = { readonly [K in SectionKey]: (signal: AbortSignal) => Promise<PatientContextData[K]> };

/**
 * One loader per section; the caller runs them all in parallel. Searches follow every page.
 * Observations are grouped by code here, once, as they arrive, never per render.
 * @see https://hl7.org/fhir/us/core/STU6.1/CapabilityStatement-us-core-server.html
 */
export function sectionLoaders(client: SmartClient, patientId: string): SectionLoaders {
  const patient = patientId;
  const _count = PAGE_SIZE;
  return {
    patient: (signal) => readResource(client, 'Patient', patientId, signal),
    problems: async (signal) => (await searchAll(client, 'Condition', { patient, 'clinical-status': 'active', _count }, signal)).filter(isProblem),
    medications: (signal) => searchAll(client, 'MedicationRequest', { patient, status: 'active', _count }, signal),
    allergies: async (signal) => (await searchAll(client, 'AllergyIntolerance', { patient, _count }, signal)).filter(isCurrentAllergy).sort(byCriticality),
    labs: async (signal) => groupObservations(await searchAll(client, 'Observation', { patient, category: 'laboratory', _sort: '-date', _count }, signal)),
    vitals: async (signal) => groupObservations(await searchAll(client, 'Observation', { patient, category: 'vital-signs', _sort: '-date', _count }, signal)),
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
