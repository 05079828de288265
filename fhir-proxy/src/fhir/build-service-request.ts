import type { CodeableConcept, Reference, ServiceRequest } from 'fhir/r4';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import { CODES, SYSTEMS } from './identifiers.ts';

/** Where the consult goes, resolved against the consult store's directory. */
export interface ResolvedTarget {
  /** `HealthcareService/<id>` (a specialty pool) or `PractitionerRole/<id>` (a named specialist). */
  readonly reference: string;
  readonly display: string;
  readonly specialty: CodeableConcept;
}

export interface ServiceRequestParts {
  readonly input: ConsultRequestInput;
  readonly target: ResolvedTarget;
  readonly patient: Reference;
  readonly requester: Reference;
  readonly reason: Reference | undefined;
  readonly supportingInfo: readonly Reference[];
  readonly now: string;
}

/**
 * The consult itself: an active order for a consultation, addressed to a pool (performerType + the
 * HealthcareService) or a named specialist, with the shared chart copies as supportingInfo. Its
 * identifier is the client's idempotency key, so a resend finds it instead of making a second one.
 * @see https://hl7.org/fhir/R4/servicerequest.html
 * @see https://hl7.org/fhir/us/core/STU7/StructureDefinition-us-core-servicerequest.html
 */
export function buildServiceRequest(parts: ServiceRequestParts): ServiceRequest {
  const { input, target } = parts;
  const specialty = target.specialty.text ?? target.specialty.coding?.[0]?.display ?? 'specialist';
  return {
    resourceType: 'ServiceRequest',
    identifier: [{ system: SYSTEMS.consult, value: input.idempotencyKey }],
    status: 'active',
    intent: 'order',
    category: [{ coding: [CODES.evaluation, CODES.econsultCategory], text: 'E-consult' }],
    priority: input.urgency,
    code: { coding: [CODES.consultation], text: `E-consult: ${specialty}` },
    subject: parts.patient,
    authoredOn: parts.now,
    requester: parts.requester,
    performerType: target.specialty,
    performer: [{ reference: target.reference, display: target.display }],
    ...(parts.reason ? { reasonReference: [parts.reason] } : {}),
    ...(input.reasonText ? { reasonCode: [{ text: input.reasonText }] } : {}),
    ...(parts.supportingInfo.length ? { supportingInfo: [...parts.supportingInfo] } : {}),
    ...(input.note ? { note: [{ text: input.note, time: parts.now, authorReference: parts.requester }] } : {}),
  } satisfies ServiceRequest;
}
