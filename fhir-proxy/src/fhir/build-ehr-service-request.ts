import type { CodeableConcept, Reference, ServiceRequest } from 'fhir/r4';
import type { Urgency } from '../api/consult-input.ts';
import { consultOrder } from './build-service-request.ts';

/** A consult as the EHR should record it: everything points at the EHR's own records. */
export interface EhrConsultParts {
  /** The app's idempotency key: the same identifier the consult store's ServiceRequest carries. */
  readonly consultKey: string;
  /** The consult's id in the consult store, quoted so a reader of the chart can find the thread. */
  readonly storeConsultId: string;
  readonly urgency: Urgency;
  readonly question: string;
  /** The launch patient, `Patient/<EHR id>`. */
  readonly patient: string;
  /** The signed-in user, `Practitioner/<EHR id>`. */
  readonly requester: string;
  /** Who the consult went to (a pool or a specialist in the consult network, not an EHR record). */
  readonly target: { readonly display: string; readonly specialty: CodeableConcept };
  /** `Condition/<EHR id>` when the consult is about a charted problem. */
  readonly reason: string | undefined;
  /** The shared chart items as EHR references (`Observation/<id>`, …). */
  readonly shared: readonly string[];
  readonly now: string;
}

/**
 * The ServiceRequest an EHR that takes one (Epic: create/read/search/update, fhir-landscape.md §3) files
 * in the chart: the same order as the consult store's, but pointing at the EHR's own patient, user,
 * problem and chart items. The performer lives in the consult network, so it is named, not referenced.
 * The identifier is the consult's idempotency key, which links the two copies.
 * @see https://hl7.org/fhir/us/core/STU7/StructureDefinition-us-core-servicerequest.html
 */
export function buildEhrServiceRequest(parts: EhrConsultParts): ServiceRequest {
  const requester: Reference = { reference: parts.requester };
  return {
    ...consultOrder(parts.consultKey, parts.urgency, parts.target.specialty),
    subject: { reference: parts.patient },
    authoredOn: parts.now,
    requester,
    performerType: parts.target.specialty,
    performer: [{ display: parts.target.display }],
    ...(parts.reason ? { reasonReference: [{ reference: parts.reason }] } : {}),
    ...(parts.shared.length ? { supportingInfo: parts.shared.map((reference) => ({ reference })) } : {}),
    note: [{ text: `Sent with Curbside as e-consult ${parts.storeConsultId}; the specialist answers there.`, time: parts.now, authorReference: requester }],
  } satisfies ServiceRequest;
}
