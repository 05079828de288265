import { isOpenState } from '../api/consult-summary.ts';
import type { ConsultDetail } from '../api/consult-thread.ts';
import { urgencySchema } from '../api/consult-input.ts';
import { slaClock, type SlaTargets } from '../lib/sla.ts';
import type { ConsultRecord } from './consult-record.ts';
import { toThreadMessage } from './consult-view.ts';
import { toConsultSummary } from './to-consult-summary.ts';

/** A consult with its whole thread, oldest message first, and its SLA clock. */
export function toConsultDetail(record: ConsultRecord, now: Date, sla: SlaTargets): ConsultDetail {
  const summary = toConsultSummary(record);
  const { sr } = record;
  const urgency = urgencySchema.safeParse(sr.priority);
  return {
    ...summary,
    messages: record.messages.map(toThreadMessage),
    requesterName: sr.requester?.display ?? 'Requesting physician',
    reason: sr.reasonCode?.[0]?.text ?? sr.reasonReference?.[0]?.display,
    note: sr.note?.map((n) => n.text).join('\n\n') || undefined,
    sla: slaClock(sr.authoredOn, urgency.success ? urgency.data : 'routine', isOpenState(summary.state), now, sla),
  };
}
