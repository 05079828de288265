import type { Communication, ServiceRequest } from 'fhir/r4';
import type { ConsultSummary } from '../api/consult-summary.ts';
import { urgencySchema } from '../api/consult-input.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';

/** The app's view of a consult, read from the store's ServiceRequest and its question Communication. */
export function toConsultSummary(sr: ServiceRequest, question: Communication | undefined): ConsultSummary {
  const urgency = urgencySchema.safeParse(sr.priority);
  return {
    id: sr.id ?? '',
    idempotencyKey: sr.identifier?.find((i) => i.system === SYSTEMS.consult)?.value,
    status: sr.status,
    urgency: urgency.success ? urgency.data : 'routine',
    specialty: sr.performerType?.text ?? sr.performerType?.coding?.[0]?.display ?? '',
    target: sr.performer?.[0]?.display ?? '',
    question: question?.payload?.find((p) => p.contentString)?.contentString ?? '',
    authoredOn: sr.authoredOn,
    sharedCount: sr.supportingInfo?.length ?? 0,
  };
}
