import type { WithdrawInput } from '../api/consult-thread.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { withdrawTask } from '../fhir/build-task.ts';
import { closeServiceRequest } from '../fhir/build-workflow-transaction.ts';
import { requireOpen } from './consult-view.ts';
import type { ProxyDeps } from './deps.ts';
import { readForRequester } from './requester-access.ts';
import { requesterSender, requesterStep } from './requester-sender.ts';
import { postMessage, workflowUpdates, type PostedMessage } from './write-workflow.ts';

/**
 * The requesting physician withdraws a consult they no longer need: the ServiceRequest is revoked (the
 * placer's own status to set in R4's request workflow), its Task cancelled, and the reason goes to the
 * specialist in the thread, in one step (or in order, and completed by a retry, without transactions).
 * Only while the consult is open: an answered or declined consult has nothing left to withdraw.
 * @see https://hl7.org/fhir/R4/request.html#statemachine
 */
export async function withdrawConsult(deps: ProxyDeps, launch: LaunchContext, id: string, input: WithdrawInput): Promise<PostedMessage> {
  const from = await requesterSender(deps, launch);
  return postMessage(deps, input.idempotencyKey, id, async (resuming) => {
    const record = await readForRequester(deps, launch, id);
    requireOpen(record, '; there is nothing to withdraw', resuming);
    const now = deps.now().toISOString();
    return requesterStep(
      deps,
      record,
      from,
      { kind: 'withdraw', key: input.idempotencyKey, text: input.reason, now },
      workflowUpdates([[record.sr, closeServiceRequest(record.sr, 'revoked')], ...(record.task ? [[record.task, withdrawTask(record.task, input.reason, now)] as const] : [])], resuming),
    );
  });
}
