import type { Communication, Reference } from 'fhir/r4';
import { questionKey } from './build-communication.ts';
import type { EhrConsultParts } from './build-ehr-service-request.ts';
import { specialtyText } from './build-service-request.ts';
import { CODES, SYSTEMS } from './identifiers.ts';

/**
 * The consult question as a message in an EHR that takes a plain Communication (Epic: create/read/
 * search, fhir-landscape.md §3), based on the EHR's copy of the order when it has one.
 * @see https://hl7.org/fhir/R4/communication.html
 */
export function buildEhrMessage(parts: EhrConsultParts, basedOn: Reference | undefined): Communication {
  return {
    resourceType: 'Communication',
    identifier: [{ system: SYSTEMS.message, value: questionKey(parts.consultKey) }],
    status: 'completed',
    category: [{ coding: [CODES.questionCategory], text: 'Consult question' }],
    priority: parts.urgency,
    subject: { reference: parts.patient },
    ...(basedOn ? { basedOn: [basedOn] } : {}),
    topic: { text: `E-consult: ${specialtyText(parts.target.specialty)}` },
    sent: parts.now,
    sender: { reference: parts.requester },
    payload: [{ contentString: parts.question }],
  } satisfies Communication;
}

/** The Communication category code system (R4). */
const COMMUNICATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/communication-category';

/**
 * The strict notification Oracle Health accepts (lib/resources/r4/communication.yaml, fhir-landscape.md
 * §4): status `completed`; category `notification`; priority routine or urgent only; subject a
 * Patient; topic free text only; a Practitioner sender; a Practitioner or Group recipient; and exactly
 * one payload, a base64 `text/plain` attachment. No identifier or basedOn: neither is in the documented
 * shape, which is why this copy is sent once, when the consult is new.
 */
export function buildEhrNotification(parts: EhrConsultParts, recipient: string): Communication {
  const specialty = specialtyText(parts.target.specialty);
  const text = [
    `E-consult sent with Curbside to ${parts.target.display} (${specialty}), ${parts.urgency}.`,
    `Question: ${parts.question}`,
    `Curbside consult ${parts.storeConsultId}; the specialist answers there.`,
  ].join('\n');
  return {
    resourceType: 'Communication',
    status: 'completed',
    category: [{ coding: [{ system: COMMUNICATION_CATEGORY, code: 'notification', display: 'Notification' }] }],
    priority: parts.urgency === 'routine' ? 'routine' : 'urgent',
    subject: { reference: parts.patient },
    topic: { text: `E-consult: ${specialty}` },
    sent: parts.now,
    sender: { reference: parts.requester },
    recipient: [{ reference: recipient }],
    payload: [{ contentAttachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(text, 'utf8').toString('base64'), title: `E-consult: ${specialty}` } }],
  } satisfies Communication;
}
