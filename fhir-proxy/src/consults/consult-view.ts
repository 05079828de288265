import type { Communication } from 'fhir/r4';
import type { MessageKind, ThreadMessage } from '../api/consult-thread.ts';
import { isOpenState, type ConsultOutcome, type ConsultState } from '../api/consult-summary.ts';
import { businessStatusOf } from '../fhir/build-task.ts';
import { MESSAGE_CATEGORIES, OUTCOME_EXTENSION, OUTCOMES } from '../fhir/identifiers.ts';
import { Problem } from '../lib/outcome.ts';
import type { ConsultRecord } from './consult-record.ts';

const KINDS = Object.entries(MESSAGE_CATEGORIES) as [MessageKind, { system: string; code: string }][];

/** The thread entry's kind from its category; an uncategorised message counts as a reply. */
export function messageKind(message: Communication): MessageKind {
  const codings = message.category?.flatMap((c) => c.coding ?? []) ?? [];
  return KINDS.find(([, coding]) => codings.some((c) => c.system === coding.system && c.code === coding.code))?.[0] ?? 'reply';
}

/** Specialists write as a PractitionerRole of the consult store's directory; requesters as a Practitioner snapshot. */
export function messageSide(message: Communication): 'requester' | 'specialist' {
  return message.sender?.reference?.startsWith('PractitionerRole/') ? 'specialist' : 'requester';
}

/** The outcome coded on an answer Communication. */
export function messageOutcome(message: Communication): ConsultOutcome | undefined {
  const codes = message.extension?.find((e) => e.url === OUTCOME_EXTENSION)?.valueCodeableConcept?.coding ?? [];
  return (Object.keys(OUTCOMES) as ConsultOutcome[]).find((key) => codes.some((c) => c.system === OUTCOMES[key].system && c.code === OUTCOMES[key].code));
}

export function toThreadMessage(message: Communication): ThreadMessage {
  const kind = messageKind(message);
  return {
    id: message.id ?? '',
    kind,
    from: messageSide(message),
    senderName: message.sender?.display ?? (messageSide(message) === 'specialist' ? 'Specialist' : 'Requesting physician'),
    text: message.payload?.map((p) => p.contentString ?? '').filter(Boolean).join('\n\n') ?? '',
    sentAt: message.sent,
    inResponseTo: message.inResponseTo?.[0]?.reference?.split('/')[1],
    outcome: kind === 'answer' ? messageOutcome(message) : undefined,
  };
}

/**
 * Where the consult is. A closed ServiceRequest decides (completed → answered; revoked → withdrawn when
 * the requester withdrew it, which its Task or its thread says, else declined);
 * otherwise the Task says, and where the store keeps no Task the thread does, replaying its workflow
 * entries in order (the thread carries every step in both cases).
 */
export function consultState(record: ConsultRecord): ConsultState {
  const { sr, task } = record;
  if (sr.status === 'completed') {
    return 'answered';
  }
  if (sr.status === 'revoked' || sr.status === 'entered-in-error') {
    return task?.status === 'cancelled' || record.messages.some((m) => messageKind(m) === 'withdraw') ? 'withdrawn' : 'declined';
  }
  if (task) {
    return stateFromTask(task.status, businessStatusOf(task));
  }
  return record.messages.reduce<ConsultState>((state, message) => nextState(state, messageKind(message)), 'submitted');
}

function stateFromTask(status: string, business: ReturnType<typeof businessStatusOf>): ConsultState {
  switch (status) {
    case 'completed':
      return 'answered';
    case 'cancelled':
      return 'withdrawn';
    case 'rejected':
    case 'failed':
      return 'declined';
    case 'accepted':
    case 'in-progress':
      return business === 'clarification-requested' || business === 'information-provided' ? business : 'accepted';
    default:
      return 'submitted';
  }
}

function nextState(state: ConsultState, kind: MessageKind): ConsultState {
  switch (kind) {
    case 'claim':
      return 'accepted';
    case 'clarification-request':
      return 'clarification-requested';
    case 'reply':
      return state === 'clarification-requested' ? 'information-provided' : state;
    case 'redirect':
      return 'submitted';
    case 'answer':
      return 'answered';
    case 'decline':
      return 'declined';
    case 'withdraw':
      return 'withdrawn';
    case 'question':
      return state;
  }
}

/** Why a closed consult takes no more steps, for a 409 ("This consult was withdrawn"). */
function closedAs(state: ConsultState): string {
  return state === 'withdrawn' ? 'was withdrawn' : `is already ${state === 'answered' ? 'answered' : 'declined'}`;
}

/**
 * The consult's state, once it is open: a step on an answered, declined or withdrawn consult is refused
 * with 409 ("This consult was withdrawn; there is nothing to claim."), `then` saying what that means for
 * this step. Unless `resuming` a step whose message is already stored: the consult may read as closed by
 * that very step then, and the retry must complete it.
 */
export function requireOpen(record: ConsultRecord, then: string, resuming = false): ConsultState {
  const state = consultState(record);
  if (!resuming && !isOpenState(state)) {
    throw Problem.of(409, 'business-rule', `This consult ${closedAs(state)}${then}.`);
  }
  return state;
}
