import type { Reference } from 'fhir/r4';
import type { MessageInput } from '../api/consult-thread.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { progressTask } from '../fhir/build-task.ts';
import { Problem } from '../lib/outcome.ts';
import type { ConsultRecord } from './consult-record.ts';
import { requireOpen } from './consult-view.ts';
import type { ProxyDeps } from './deps.ts';
import { readForRequester } from './requester-access.ts';
import { requesterSender, requesterStep } from './requester-sender.ts';
import { postMessage, workflowUpdates, type PostedMessage } from './write-workflow.ts';

/**
 * The requesting physician writes to the specialist, usually answering a clarifying question
 * (`inResponseTo`). Only on a consult about the launch's patient, and only while it is open. When it
 * answers a clarification request the Task's business status becomes "more information provided".
 */
export async function replyToSpecialist(deps: ProxyDeps, launch: LaunchContext, id: string, input: MessageInput): Promise<PostedMessage> {
  const from = await requesterSender(deps, launch);
  return postMessage(deps, input.idempotencyKey, id, async (resuming) => {
    const record = await readForRequester(deps, launch, id);
    const state = requireOpen(record, '; send a new consult to ask more', resuming);
    const now = deps.now().toISOString();
    return requesterStep(
      deps,
      record,
      from,
      { kind: 'reply', key: input.idempotencyKey, text: input.text, inResponseTo: inResponseTo(record, input.inResponseTo), now },
      workflowUpdates(record.task && state === 'clarification-requested' ? [[record.task, progressTask(record.task, 'information-provided', now)]] : [], resuming),
    );
  });
}

/** The message a reply answers, which must be in this consult's thread. */
export function inResponseTo(record: ConsultRecord, id: string | undefined): Reference | undefined {
  if (!id) {
    return undefined;
  }
  if (!record.messages.some((m) => m.id === id)) {
    throw Problem.of(422, 'invalid', 'The message you are answering is not in this consult\'s thread.', ['inResponseTo']);
  }
  return { reference: `Communication/${id}` };
}
