import type { Coding } from 'fhir/r4';
import type { MessageKind } from '../api/consult-thread.ts';
import type { ConsultOutcome, ConsultState } from '../api/consult-summary.ts';

/**
 * Identifier systems Curbside mints. Each makes a write idempotent: the proxy writes with
 * `ifNoneExist` on these, so a retry or a replay finds the first write instead of making a second.
 */
export const SYSTEMS = {
  /** ServiceRequest.identifier: the client-made idempotency key of a consult. */
  consult: 'https://curbside.health/fhir/sid/consult-request',
  /** Communication.identifier: `<consult key>/question` or a message's own key. */
  message: 'https://curbside.health/fhir/sid/message',
  /** Identifier on each shared copy: `<consult key>/<EHR type>/<EHR id>`. */
  sharedCopy: 'https://curbside.health/fhir/sid/shared-copy',
  /** meta.tag on a Provenance: a digest of the write it records, so a replayed write adds no second Provenance. */
  write: 'https://curbside.health/fhir/sid/write',
  /** Task.identifier: the consult's key, so the consult's one workflow Task is created once. */
  task: 'https://curbside.health/fhir/sid/consult-task',
} as const;

/** The identifier system naming a resource of the issuing EHR: its FHIR base plus the type. */
export function ehrSystem(iss: string, resourceType: string): string {
  return `${iss.replace(/\/+$/, '')}/${resourceType}`;
}

/**
 * The signed-in user as an identifier on the server that holds their record: an absolute fhirUser names
 * its own server (a specialist's may be a Practitioner of the consult store's directory, not the EHR's),
 * a relative one the EHR's.
 */
export function userIdentifier(iss: string, fhirUser: string, user: { readonly resourceType: string; readonly id: string }): { system: string; value: string } {
  const suffix = `/${user.resourceType}/${user.id}`;
  const base = /^https?:/.test(fhirUser) && fhirUser.endsWith(suffix) ? fhirUser.slice(0, -suffix.length) : iss;
  return { system: ehrSystem(base, user.resourceType), value: user.id };
}

const MESSAGE_CATEGORY = 'https://curbside.health/fhir/CodeSystem/message-category';
const BUSINESS_STATUS = 'https://curbside.health/fhir/CodeSystem/consult-business-status';
const OUTCOME = 'https://curbside.health/fhir/CodeSystem/consult-outcome';

/** E-consult codes. No SNOMED or LOINC code is dedicated to e-consultation; 11429006 is "Consultation". */
export const CODES = {
  consultation: { system: 'http://snomed.info/sct', code: '11429006', display: 'Consultation' },
  /** US Core ServiceRequest category: Evaluation procedure. */
  evaluation: { system: 'http://snomed.info/sct', code: '386053000', display: 'Evaluation procedure' },
  econsultCategory: { system: 'https://curbside.health/fhir/CodeSystem/consult-category', code: 'econsult', display: 'E-consult' },
  questionCategory: { system: MESSAGE_CATEGORY, code: 'question', display: 'Consult question' },
  /** Task.code: FHIR's own "fulfill the focal request" (the focus is the ServiceRequest). */
  fulfill: { system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' },
  /** PractitionerRole.code of a programme lead, who may read the programme metrics. */
  programmeLead: { system: 'https://curbside.health/fhir/CodeSystem/practitioner-role', code: 'programme-lead', display: 'E-consult programme lead' },
} as const;

/** Communication.category per thread entry kind. */
export const MESSAGE_CATEGORIES: Readonly<Record<MessageKind, Coding & { system: string; code: string }>> = {
  question: CODES.questionCategory,
  'clarification-request': { system: MESSAGE_CATEGORY, code: 'clarification-request', display: 'Clarification requested' },
  reply: { system: MESSAGE_CATEGORY, code: 'reply', display: 'Reply from the requesting physician' },
  answer: { system: MESSAGE_CATEGORY, code: 'answer', display: 'Consult answer' },
  claim: { system: MESSAGE_CATEGORY, code: 'claim', display: 'Consult taken by a specialist' },
  decline: { system: MESSAGE_CATEGORY, code: 'decline', display: 'Consult declined' },
  redirect: { system: MESSAGE_CATEGORY, code: 'redirect', display: 'Consult redirected' },
  withdraw: { system: MESSAGE_CATEGORY, code: 'withdraw', display: 'Consult withdrawn by the requesting physician' },
};

/** Task.businessStatus codes that have no FHIR Task.status of their own. */
export type BusinessStatus = Exclude<ConsultState, 'answered'> | 'consult-provided' | 'redirected';

/**
 * Task.businessStatus. The Canadian eConsult IG (CA:eReC) names these business states ("Case
 * Submitted/Redirected", "Clarification Requested", "More Information Provided", "Consult Provided");
 * BSeR's TaskBusinessStatus codes (Created, Accepted, Declined, Fulfillment Completed) cover referrals
 * but have no clarification loop, and the IGs publish no canonical CodeSystem we could bind to here,
 * so Curbside mints its own small system with the IG's words as displays.
 * @see shared/reference/fhir-landscape.md §6
 */
export const BUSINESS_STATUSES: Readonly<Record<BusinessStatus, Coding & { system: string; code: string; display: string }>> = {
  submitted: { system: BUSINESS_STATUS, code: 'submitted', display: 'Case submitted' },
  accepted: { system: BUSINESS_STATUS, code: 'accepted', display: 'Accepted' },
  'clarification-requested': { system: BUSINESS_STATUS, code: 'clarification-requested', display: 'Clarification requested' },
  'information-provided': { system: BUSINESS_STATUS, code: 'information-provided', display: 'More information provided' },
  'consult-provided': { system: BUSINESS_STATUS, code: 'consult-provided', display: 'Consult provided' },
  declined: { system: BUSINESS_STATUS, code: 'declined', display: 'Declined' },
  withdrawn: { system: BUSINESS_STATUS, code: 'withdrawn', display: 'Withdrawn by the requester' },
  redirected: { system: BUSINESS_STATUS, code: 'redirected', display: 'Redirected' },
};

/**
 * The outcome of an answered consult. Neither SNOMED CT nor LOINC has a concept for "this e-consult
 * needs no visit" vs "the patient should be seen"; the nearest prior art is Ontario's Ocean eConsult
 * extension `ca-on-eConsult-ext-patient-needs-to-be-seen` (a boolean) and CA:eReC's
 * `PatientNeedsToBeSeen`. A boolean cannot say "urgent referral", so Curbside codes three outcomes in
 * its own system (carried as an extension on the answer Communication and as a Task output).
 * @see shared/reference/fhir-landscape.md §6 (Ocean, CA:eReC)
 */
export const OUTCOMES: Readonly<Record<ConsultOutcome, Coding & { system: string; code: string; display: string }>> = {
  'advice-only': { system: OUTCOME, code: 'advice-only', display: 'Advice only: no visit needed' },
  'see-specialty': { system: OUTCOME, code: 'see-specialty', display: 'The patient should be seen by the specialty' },
  'urgent-referral': { system: OUTCOME, code: 'urgent-referral', display: 'Urgent referral' },
};

/** Extension on the answer Communication carrying the outcome (valueCodeableConcept). */
export const OUTCOME_EXTENSION = 'https://curbside.health/fhir/StructureDefinition/consult-outcome';
