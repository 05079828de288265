import type { AnswerInput, MessageInput } from '../api/consult-thread.ts';
import type { ConsultRecord } from '../consults/consult-record.ts';
import { requireOpen } from '../consults/consult-view.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { inResponseTo } from '../consults/reply-to-specialist.ts';
import { postMessage, workflowUpdates, type PostedMessage } from '../consults/write-workflow.ts';
import { completeTask, progressTask } from '../fhir/build-task.ts';
import { buildThreadMessage, toRequester } from '../fhir/build-thread-message.ts';
import { buildWorkflowTransaction, closeServiceRequest } from '../fhir/build-workflow-transaction.ts';
import { readForSpecialist, requireOwnRole } from './specialist-access.ts';
import { roleReference, type SpecialistContext } from './specialist-context.ts';

/**
 * A clarifying question to the requesting physician: a Communication to the requester, and the Task
 * moves to in-progress with business status "clarification requested" (owned by the specialist).
 */
export function askRequester(deps: ProxyDeps, specialist: SpecialistContext, id: string, input: MessageInput): Promise<PostedMessage> {
  return postMessage(deps, input.idempotencyKey, id, async (resuming) => {
    const { record, sender } = await ownedOpen(deps, specialist, id, resuming);
    const now = deps.now().toISOString();
    return buildWorkflowTransaction({
      messages: [
        {
          fullUrl: `urn:uuid:${deps.uuid()}`,
          resource: buildThreadMessage({
            kind: 'clarification-request',
            key: input.idempotencyKey,
            text: input.text,
            ...toRequester(record.sr),
            sender,
            inResponseTo: inResponseTo(record, input.inResponseTo),
            now,
          }),
        },
      ],
      updates: workflowUpdates(record.task ? [[record.task, progressTask(record.task, 'clarification-requested', now, sender)]] : [], resuming),
    });
  });
}

/**
 * The final answer with its outcome. In ONE transaction: the answer Communication, the ServiceRequest
 * completed and the Task completed (business status "consult provided", the answer and outcome as
 * outputs), each update guarded by `If-Match`. Without transactions: the answer first, then the Task,
 * then the ServiceRequest, completed on retry if cut off.
 */
export function answerConsult(deps: ProxyDeps, specialist: SpecialistContext, id: string, input: AnswerInput): Promise<PostedMessage> {
  return postMessage(deps, input.idempotencyKey, id, async (resuming) => {
    const { record, sender } = await ownedOpen(deps, specialist, id, resuming);
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
            ...toRequester(record.sr),
            sender,
            outcome: input.outcome,
            now,
          }),
        },
      ],
      updates: workflowUpdates([[record.sr, closeServiceRequest(record.sr, 'completed')], ...(record.task ? [[record.task, completeTask(record.task, { reference: answerUrl }, input.outcome, now)] as const] : [])], resuming),
    });
  });
}

// Resuming a step whose message is stored, the consult may already read as answered: only ownership counts then.
async function ownedOpen(deps: ProxyDeps, specialist: SpecialistContext, id: string, resuming: boolean): Promise<{ record: ConsultRecord; sender: { reference: string; display: string } }> {
  const record = await readForSpecialist(deps, specialist, id);
  requireOpen(record, '; nothing more can be sent', resuming);
  const role = requireOwnRole(record, specialist);
  const sender = roleReference(specialist, role);
  return { record, sender: { reference: sender.reference ?? role.reference, display: sender.display ?? specialist.name } };
}
