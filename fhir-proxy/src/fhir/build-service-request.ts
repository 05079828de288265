import type { CodeableConcept, Reference, ServiceRequest } from 'fhir/r4';
import type { ConsultRequestInput, Urgency } from '../api/consult-input.ts';
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
  return {
    ...consultOrder(input.idempotencyKey, input.urgency, target.specialty),
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

/**
 * What every copy of a consult's order says alike, the consult store's and the EHR's
 * (build-ehr-service-request.ts): the idempotency key as identifier, an active e-consult order for a
 * consultation in the target's specialty, at the consult's urgency. Each copy adds its own references.
 */
export function consultOrder(consultKey: string, urgency: Urgency, specialty: CodeableConcept) {
  return {
    resourceType: 'ServiceRequest',
    identifier: [{ system: SYSTEMS.consult, value: consultKey }],
    status: 'active',
    intent: 'order',
    category: [{ coding: [CODES.evaluation, CODES.econsultCategory], text: 'E-consult' }],
    priority: urgency,
    code: { coding: [CODES.consultation], text: `E-consult: ${specialtyText(specialty)}` },
  } as const satisfies Partial<ServiceRequest>;
}

/** The specialty in words: its text, else its first coding's display. */
export function specialtyText(specialty: CodeableConcept): string {
  return specialty.text ?? specialty.coding?.[0]?.display ?? 'specialist';
}
