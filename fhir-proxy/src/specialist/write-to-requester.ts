import type { AnswerInput, MessageInput } from '../api/consult-thread.ts';
import type { ConsultRecord } from '../consults/consult-record.ts';
import { consultState, isOpen } from '../consults/consult-view.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { inResponseTo } from '../consults/reply-to-specialist.ts';
import { postMessage, versionOf, type PostedMessage } from '../consults/write-workflow.ts';
import { completeTask, progressTask } from '../fhir/build-task.ts';
import { buildThreadMessage } from '../fhir/build-thread-message.ts';
import { buildWorkflowTransaction, closeServiceRequest } from '../fhir/build-workflow-transaction.ts';
import { Problem } from '../lib/outcome.ts';
import { readForSpecialist, requireOwnRole } from './specialist-access.ts';
import { roleReference, type SpecialistContext } from './specialist-context.ts';

/**
 * A clarifying question to the requesting physician: a Communication to the requester, and the Task
 * moves to in-progress with business status "clarification requested" (owned by the specialist).
 */
export function askRequester(deps: ProxyDeps, specialist: SpecialistContext, id: string, input: MessageInput): Promise<PostedMessage> {
  return postMessage(deps, input.idempotencyKey, id, async () => {
    const { record, sender } = await ownedOpen(deps, specialist, id);
    const now = deps.now().toISOString();
    return buildWorkflowTransaction({
      messages: [
        {
          fullUrl: `urn:uuid:${deps.uuid()}`,
          resource: buildThreadMessage({
            kind: 'clarification-request',
            key: input.idempotencyKey,
            text: input.text,
            serviceRequest: { reference: `ServiceRequest/${record.sr.id}` },
            patient: record.sr.subject,
            sender,
            recipient: record.sr.requester ? [record.sr.requester] : [],
            inResponseTo: inResponseTo(record, input.inResponseTo),
            now,
          }),
        },
      ],
      updates: record.task ? [{ resource: progressTask(record.task, 'clarification-requested', now, sender), readVersion: versionOf(record.task) }] : [],
    });
  });
}

/**
 * The final answer with its outcome. In ONE transaction: the answer Communication, the ServiceRequest
 * completed and the Task completed (business status "consult provided", the answer and outcome as
 * outputs), each update guarded by `If-Match`.
 */
export function answerConsult(deps: ProxyDeps, specialist: SpecialistContext, id: string, input: AnswerInput): Promise<PostedMessage> {
  return postMessage(deps, input.idempotencyKey, id, async () => {
    const { record, sender } = await ownedOpen(deps, specialist, id);
    const now = deps.now().toISOString();
    const answerUrl = `urn:uuid:${deps.uuid()}`;
    return buildWorkflowTransaction({
      messages: [
        {
          fullUrl: answerUrl,
          resource: buildThreadMessage({
            kind: 'answer',
            key: input.idempotencyKey,
            text: input.text,
            serviceRequest: { reference: `ServiceRequest/${record.sr.id}` },
            patient: record.sr.subject,
            sender,
            recipient: record.sr.requester ? [record.sr.requester] : [],
            outcome: input.outcome,
            now,
          }),
        },
      ],
      updates: [
        { resource: closeServiceRequest(record.sr, 'completed'), readVersion: versionOf(record.sr) },
        ...(record.task ? [{ resource: completeTask(record.task, { reference: answerUrl }, input.outcome, now), readVersion: versionOf(record.task) }] : []),
      ],
    });
  });
}

async function ownedOpen(deps: ProxyDeps, specialist: SpecialistContext, id: string): Promise<{ record: ConsultRecord; sender: { reference: string; display: string } }> {
  const record = await readForSpecialist(deps, specialist, id);
  const state = consultState(record);
  if (!isOpen(state)) {
    throw Problem.of(409, 'business-rule', `This consult is already ${state === 'answered' ? 'answered' : 'declined'}; nothing more can be sent.`);
  }
  const role = requireOwnRole(record, specialist);
  const sender = roleReference(specialist, role);
  return { record, sender: { reference: sender.reference ?? role.reference, display: sender.display ?? specialist.name } };
}
