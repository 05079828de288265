import type { ConsultSummary } from '../api/consult-summary.ts';
import { urgencySchema } from '../api/consult-input.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';
import type { ConsultRecord } from './consult-record.ts';
import { consultState, messageKind, messageOutcome, messageSide } from './consult-view.ts';

/** The app's view of a consult, read from the store's ServiceRequest, its thread and its Task. */
export function toConsultSummary(record: ConsultRecord): ConsultSummary {
  const { sr, messages } = record;
  const urgency = urgencySchema.safeParse(sr.priority);
  const question = messages.find((m) => messageKind(m) === 'question');
  const answer = messages.findLast((m) => messageKind(m) === 'answer');
  const latest = (side: 'requester' | 'specialist'): string | undefined => messages.findLast((m) => messageSide(m) === side && messageKind(m) !== 'question')?.sent;
  return {
    id: sr.id,
    idempotencyKey: sr.identifier?.find((i) => i.system === SYSTEMS.consult)?.value,
    status: sr.status,
    urgency: urgency.success ? urgency.data : 'routine',
    specialty: sr.performerType?.text ?? sr.performerType?.coding?.[0]?.display ?? '',
    target: sr.performer?.[0]?.display ?? '',
    question: question?.payload?.find((p) => p.contentString)?.contentString ?? '',
    authoredOn: sr.authoredOn,
    sharedCount: sr.supportingInfo?.length ?? 0,
    state: consultState(record),
    outcome: answer ? messageOutcome(answer) : undefined,
    lastSpecialistMessageAt: latest('specialist'),
    lastRequesterMessageAt: latest('requester'),
  };
}
