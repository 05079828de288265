import type { Communication, Reference, ServiceRequest } from 'fhir/r4';
import type { MessageKind } from '../api/consult-thread.ts';
import type { ConsultOutcome } from '../api/consult-summary.ts';
import { MESSAGE_CATEGORIES, OUTCOME_EXTENSION, OUTCOMES, SYSTEMS } from './identifiers.ts';

export interface ThreadMessageParts {
  readonly kind: Exclude<MessageKind, 'question'>;
  /** The message's idempotency key: the same key is the same message. */
  readonly key: string;
  readonly text: string;
  readonly serviceRequest: Reference;
  readonly patient: Reference;
  readonly sender: Reference;
  readonly recipient: readonly Reference[];
  readonly inResponseTo?: Reference | undefined;
  /** Only for the final answer. */
  readonly outcome?: ConsultOutcome | undefined;
  readonly now: string;
}

/** A message from the specialist's side: in this consult's thread, about its patient, to its requester. */
export function toRequester(sr: ServiceRequest): Pick<ThreadMessageParts, 'serviceRequest' | 'patient' | 'recipient'> {
  return { serviceRequest: { reference: `ServiceRequest/${sr.id}` }, patient: sr.subject, recipient: sr.requester ? [sr.requester] : [] };
}

/**
 * One entry in a consult's thread after the question: a Communication `basedOn` the ServiceRequest, its
 * kind in `category`, a reply pointing at what it answers with `inResponseTo` (as CA:eReC's
 * send-communication messages do). The final answer carries its coded outcome in an extension.
 * @see https://hl7.org/fhir/R4/communication.html
 */
export function buildThreadMessage(parts: ThreadMessageParts): Communication {
  const category = MESSAGE_CATEGORIES[parts.kind];
  const outcome = parts.outcome ? OUTCOMES[parts.outcome] : undefined;
  return {
    resourceType: 'Communication',
    identifier: [{ system: SYSTEMS.message, value: parts.key }],
    ...(outcome ? { extension: [{ url: OUTCOME_EXTENSION, valueCodeableConcept: { coding: [outcome], text: outcome.display } }] } : {}),
    basedOn: [parts.serviceRequest],
    ...(parts.inResponseTo ? { inResponseTo: [parts.inResponseTo] } : {}),
    status: 'completed',
    category: [{ coding: [category], text: category.display }],
    subject: parts.patient,
    sent: parts.now,
    recipient: [...parts.recipient],
    sender: parts.sender,
    payload: [{ contentString: parts.text }],
  } satisfies Communication;
}
