import type { Communication, Reference } from 'fhir/r4';
import type { Urgency } from '../api/consult-input.ts';
import { CODES, SYSTEMS } from './identifiers.ts';

export interface QuestionParts {
  readonly consultKey: string;
  readonly question: string;
  readonly urgency: Urgency;
  readonly serviceRequest: Reference;
  readonly patient: Reference;
  readonly sender: Reference;
  readonly recipient: Reference;
  readonly now: string;
}

/**
 * The clinical question as the first message of the consult's thread: a completed Communication based
 * on the ServiceRequest. Later messages (clarifications, the answer) join the thread the same way.
 * @see https://hl7.org/fhir/R4/communication.html
 */
export function buildQuestionCommunication(parts: QuestionParts): Communication {
  return {
    resourceType: 'Communication',
    identifier: [{ system: SYSTEMS.message, value: questionKey(parts.consultKey) }],
    status: 'completed',
    category: [{ coding: [CODES.questionCategory], text: 'Consult question' }],
    priority: parts.urgency,
    subject: parts.patient,
    basedOn: [parts.serviceRequest],
    sender: parts.sender,
    recipient: [parts.recipient],
    sent: parts.now,
    payload: [{ contentString: parts.question }],
  } satisfies Communication;
}

export function questionKey(consultKey: string): string {
  return `${consultKey}/question`;
}
