import type { DocumentReference } from 'fhir/r4';
import type { ConsultDetail } from '../../../lib/api-contract.ts';
import { OUTCOME_LABELS, URGENCY_LABELS } from '../../../lib/consult-labels.ts';

/** Identifier of a filed consult note: the answer's message id, so the same answer is filed once. */
export const CONSULT_NOTE_SYSTEM = 'https://curbside.health/fhir/sid/consult-note';
const LOINC_CONSULT_NOTE = { system: 'http://loinc.org', code: '11488-4', display: 'Consult note' } as const;
const CLINICAL_NOTE = { system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' } as const;

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const when = (iso: string | undefined): string => (iso ? `${dateFormat.format(new Date(iso))} UTC` : 'date unknown');

/** The identifier of the consult's note: the answer's id (else the consult's), so the same answer is filed once. */
export function consultNoteIdentifier(detail: ConsultDetail): { readonly system: string; readonly value: string } {
  return { system: CONSULT_NOTE_SYSTEM, value: detail.messages.findLast((m) => m.kind === 'answer')?.id ?? detail.id };
}

/** The consult as a plain-text note: question, clarifications, answer and outcome, who and when. */
export function consultNoteText(detail: ConsultDetail): string {
  const answer = detail.messages.findLast((m) => m.kind === 'answer');
  const exchange = detail.messages.filter((m) => m.kind === 'clarification-request' || m.kind === 'reply');
  return [
    `E-consult: ${detail.specialty} (${URGENCY_LABELS[detail.urgency]})`,
    `Requested by ${detail.requesterName} on ${when(detail.authoredOn)}.${answer ? ` Answered by ${answer.senderName} on ${when(answer.sentAt)}.` : ''}`,
    '',
    'Question:',
    detail.question,
    ...(exchange.length
      ? ['', 'Clarifications:', ...exchange.map((m) => `- ${when(m.sentAt)}, ${m.senderName} ${m.kind === 'reply' ? 'replied' : 'asked'}: ${m.text}`)]
      : []),
    '',
    'Answer:',
    answer?.text ?? '(no answer yet)',
    '',
    `Outcome: ${detail.outcome ? OUTCOME_LABELS[detail.outcome] : 'not recorded'}`,
    `Curbside e-consult ${detail.id}`,
  ].join('\n');
}

export interface ConsultNoteContext {
  readonly patientId: string;
  /** The signed-in user (`Practitioner/<id>` in the EHR), who files the note. */
  readonly author: string | undefined;
  readonly encounterId: string | undefined;
  readonly now: string;
}

/**
 * The consult note the requesting physician files into the chart: LOINC 11488-4 Consult note,
 * text/plain, current and final, about the launch patient, authored by the user, in the launch's
 * encounter when there is one. Its identifier is the answer's id, so it is filed once.
 * @see https://hl7.org/fhir/us/core/STU6.1/StructureDefinition-us-core-documentreference.html
 */
export function buildConsultNote(detail: ConsultDetail, ctx: ConsultNoteContext): DocumentReference {
  const answer = detail.messages.findLast((m) => m.kind === 'answer');
  const bytes = new TextEncoder().encode(consultNoteText(detail));
  return {
    resourceType: 'DocumentReference',
    identifier: [consultNoteIdentifier(detail)],
    status: 'current',
    docStatus: 'final',
    type: { coding: [LOINC_CONSULT_NOTE], text: 'E-consult note' },
    category: [{ coding: [CLINICAL_NOTE] }],
    subject: { reference: `Patient/${ctx.patientId}` },
    date: ctx.now,
    ...(ctx.author ? { author: [{ reference: ctx.author }] } : {}),
    description: `E-consult answer from ${detail.specialty}`,
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')), title: `E-consult: ${detail.specialty}`, creation: answer?.sentAt ?? ctx.now } }],
    context: {
      ...(ctx.encounterId ? { encounter: [{ reference: `Encounter/${ctx.encounterId}` }] } : {}),
      period: { ...(detail.authoredOn ? { start: detail.authoredOn } : {}), ...(answer?.sentAt ? { end: answer.sentAt } : {}) },
    },
  } satisfies DocumentReference;
}
