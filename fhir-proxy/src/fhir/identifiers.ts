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
} as const;

/** The identifier system naming a resource of the issuing EHR: its FHIR base plus the type. */
export function ehrSystem(iss: string, resourceType: string): string {
  return `${iss.replace(/\/+$/, '')}/${resourceType}`;
}

/** E-consult codes. No SNOMED or LOINC code is dedicated to e-consultation; 11429006 is "Consultation". */
export const CODES = {
  consultation: { system: 'http://snomed.info/sct', code: '11429006', display: 'Consultation' },
  /** US Core ServiceRequest category: Evaluation procedure. */
  evaluation: { system: 'http://snomed.info/sct', code: '386053000', display: 'Evaluation procedure' },
  econsultCategory: { system: 'https://curbside.health/fhir/CodeSystem/consult-category', code: 'econsult', display: 'E-consult' },
  questionCategory: { system: 'https://curbside.health/fhir/CodeSystem/message-category', code: 'question', display: 'Consult question' },
} as const;
