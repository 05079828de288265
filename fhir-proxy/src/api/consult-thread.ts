import type { AllergyIntolerance, Condition, MedicationRequest, Observation } from 'fhir/r4';
import { z } from 'zod';
import { fhirId, freeText } from './consult-input.ts';
import type { ConsultOutcome, ConsultSummary } from './consult-summary.ts';

const idempotencyKey = z.uuid('must be a UUID made by the app');
// Free text as on the consult itself (no control characters or broken Unicode, which FHIR strings cannot carry).
const messageText = freeText(8000, 'keep the message under 8,000 characters').pipe(z.string().min(2, 'write the message'));

/** A message in a consult's thread: a clarifying question, a reply to one, or a note. */
export const messageInputSchema = z.strictObject({
  /** Made by the app once per message; becomes Communication.identifier, so a double click is one message. */
  idempotencyKey,
  text: messageText,
  /** The message this one answers (Communication.inResponseTo); must be in the same thread. */
  inResponseTo: fhirId.optional(),
});
export type MessageInput = z.infer<typeof messageInputSchema>;

export const consultOutcomeSchema = z.enum(['advice-only', 'see-specialty', 'urgent-referral']) satisfies z.ZodType<ConsultOutcome>;

/** The specialist's final answer: completes the consult. */
export const answerInputSchema = z.strictObject({
  idempotencyKey,
  text: messageText,
  outcome: consultOutcomeSchema,
});
export type AnswerInput = z.infer<typeof answerInputSchema>;

const reason = freeText(2000).pipe(z.string().min(5, 'say why, in a few words, for the requesting physician'));

/** Declining a consult sends it back to the requester with the reason. */
export const declineInputSchema = z.strictObject({ idempotencyKey, reason });
export type DeclineInput = z.infer<typeof declineInputSchema>;

/** Withdrawing a consult (the requester no longer needs it) closes it, with the reason for the specialist. */
export const withdrawInputSchema = z.strictObject({
  idempotencyKey,
  reason: freeText(2000).pipe(z.string().min(5, 'say why, in a few words, for the specialist')),
});
export type WithdrawInput = z.infer<typeof withdrawInputSchema>;

/** Redirecting moves the consult to another specialty's pool; the reason goes into the thread. */
export const redirectInputSchema = z.strictObject({ idempotencyKey, healthcareServiceId: fhirId, reason });
export type RedirectInput = z.infer<typeof redirectInputSchema>;

/** What a thread entry is, from its Communication.category. */
export type MessageKind = 'question' | 'clarification-request' | 'reply' | 'answer' | 'claim' | 'decline' | 'redirect' | 'withdraw';

/** One Communication of a consult's thread, as the app shows it. */
export interface ThreadMessage {
  readonly id: string;
  readonly kind: MessageKind;
  readonly from: 'requester' | 'specialist';
  readonly senderName: string;
  readonly text: string;
  readonly sentAt: string | undefined;
  readonly inResponseTo: string | undefined;
  /** Only on the final answer. */
  readonly outcome: ConsultOutcome | undefined;
}

/** The consult's clock against the programme's target for its urgency. */
export interface SlaClock {
  readonly targetHours: number;
  readonly dueAt: string;
  /** True while the consult is open past its due time. */
  readonly overdue: boolean;
}

/** A consult with its whole thread (requester and specialist views). */
export interface ConsultDetail extends ConsultSummary {
  readonly messages: readonly ThreadMessage[];
  readonly requesterName: string;
  readonly reason: string | undefined;
  readonly note: string | undefined;
  readonly sla: SlaClock;
}

/** The chart items shared with the consult, as the store's frozen copies, for the specialist to read. */
export interface SharedPacket {
  readonly allergies: readonly AllergyIntolerance[];
  readonly medications: readonly MedicationRequest[];
  readonly problems: readonly Condition[];
  readonly observations: readonly Observation[];
}

/** Who the consult is about, from the store's patient snapshot (identity only). */
export interface PatientIdentity {
  readonly name: string;
  readonly gender: string | undefined;
  readonly birthDate: string | undefined;
}

/** The specialist's view: the detail plus the patient's identity and the shared packet. */
export interface SpecialistConsultDetail extends ConsultDetail {
  readonly patient: PatientIdentity;
  readonly packet: SharedPacket;
  /** True when the consult is with one of the caller's own roles (named, or claimed): they may write. */
  readonly mine: boolean;
  /** True when it waits in one of the caller's pools: they may claim it. */
  readonly claimable: boolean;
}
