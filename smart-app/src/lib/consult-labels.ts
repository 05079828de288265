import type { ConsultOutcome, ConsultState, MessageKind, Urgency } from './api-contract.ts';

/** Where a consult is, in the words both sides see. */
export const STATE_LABELS: Readonly<Record<ConsultState, string>> = {
  submitted: 'Waiting for a specialist',
  accepted: 'With a specialist',
  'clarification-requested': 'Question for the requesting physician',
  'information-provided': 'Reply sent to the specialist',
  answered: 'Answered',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** The specialist's verdict. */
export const OUTCOME_LABELS: Readonly<Record<ConsultOutcome, string>> = {
  'advice-only': 'Advice only: no visit needed',
  'see-specialty': 'The patient should be seen by the specialty',
  'urgent-referral': 'Urgent referral',
};

export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = { routine: 'Routine', urgent: 'Urgent', asap: 'ASAP', stat: 'STAT' };

export const MESSAGE_KIND_LABELS: Readonly<Record<MessageKind, string>> = {
  question: 'Consult question',
  'clarification-request': 'Clarifying question',
  reply: 'Reply',
  answer: 'Answer',
  claim: 'Taken',
  decline: 'Declined',
  redirect: 'Redirected',
  withdraw: 'Withdrawn by the requesting physician',
};
