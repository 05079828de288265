import type { Bundle, Communication, ServiceRequest, Task } from 'fhir/r4';
import type { ThreadMessage } from '../api/consult-thread.ts';
import { changesWorkflow, isClosed, type WorkflowTransactionParts } from '../fhir/build-workflow-transaction.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';
import { assertBuiltValid } from '../fhir/r4.ts';
import { Problem } from '../lib/outcome.ts';
import { toThreadMessage } from './consult-view.ts';
import type { ProxyDeps } from './deps.ts';
import { writeStepInOrder, type StepOrder } from './workflow-in-order.ts';
import { entryFor, writtenResource } from './write-to-store.ts';
import { storeWorkflow } from './workflow-support.ts';

/** `response` on a failure holds what a store without transactions did write before the 412. */
export type WorkflowResult = { readonly ok: true; readonly response: Bundle } | { readonly ok: false; readonly response?: Bundle };

/**
 * Sends one workflow step: one transaction where the store takes them, else the same entries one by
 * one in `order` (workflow-in-order.ts). A 412 means a resource changed since it was read (another
 * claim, an answer, a decline): the caller decides whether that makes it the loser or worth another try.
 */
export async function sendWorkflow(deps: ProxyDeps, bundle: Bundle, order: StepOrder = 'creates-first'): Promise<WorkflowResult> {
  assertBuiltValid((bundle.entry ?? []).map((entry) => entry.resource));
  const store = await storeWorkflow(deps);
  if (!store.transactions && store.statement) {
    deps.logger.info('workflow.in-order', { entries: bundle.entry?.length ?? 0, order });
    return writeStepInOrder(deps.store, store.statement, bundle, order);
  }
  try {
    return { ok: true, response: await deps.store.transaction(bundle) };
  } catch (err) {
    if (err instanceof Problem && err.status === 412) {
      return { ok: false };
    }
    throw err;
  }
}

/**
 * The status changes of a step, each with `If-Match` on the version read. When `resuming` (completing a
 * step whose message a store without transactions already holds), only those still missing: an update
 * that already landed is skipped, and so is one whose resource another step has closed meanwhile.
 */
export function workflowUpdates(changes: readonly (readonly [current: ServiceRequest | Task, target: ServiceRequest | Task])[], resuming = false): WorkflowTransactionParts['updates'] {
  return changes
    .filter(([current, target]) => !resuming || (changesWorkflow(current, target) && !isClosed(current)))
    .map(([current, target]) => ({ resource: target, readVersion: versionOf(current) }));
}

/** The thread message stored under this idempotency key, if any. */
export async function findMessage(deps: ProxyDeps, key: string): Promise<Communication | undefined> {
  const found = await deps.store.search<Communication>(`Communication?identifier=${encodeURIComponent(`${SYSTEMS.message}|${key}`)}&_count=1`);
  return found.entry?.[0]?.resource;
}

const CHANGE_NOT_CONFIRMED = 'The consult store did not confirm the change. Reload the consult before trying again.';

export interface PostedMessage {
  readonly message: ThreadMessage;
  /** False when this idempotency key was already stored: the earlier message is returned, nothing new written. */
  readonly created: boolean;
}

/**
 * Builds a message step against the consult as it is now. `resuming` is true when the message is
 * already stored but its status changes may not be (a store without transactions, cut off half-way):
 * the step then skips the checks its own message would now fail ("already answered") and builds only
 * the changes still missing (`workflowUpdates`); who may act is still checked.
 */
export type MessageAttempt = (resuming: boolean) => Promise<Bundle>;

/**
 * Posts a thread message that may also move the workflow on. `attempt` reads the consult again,
 * checks the caller may still write, and builds the step; if the consult changed in between (412), it
 * runs again, so a reply can never overwrite an answer or a decline that landed meanwhile. The
 * idempotency key is checked first each time, so a double click is one message. With a store without
 * transactions a stored message may have status changes still to write: they are completed first.
 */
export async function postMessage(deps: ProxyDeps, key: string, consultId: string, attempt: MessageAttempt): Promise<PostedMessage> {
  let createdHere = false;
  for (let tries = 0; tries < 3; tries++) {
    const existing = await findMessage(deps, key);
    if (existing) {
      if (existing.basedOn?.[0]?.reference !== `ServiceRequest/${consultId}`) {
        throw Problem.of(409, 'duplicate', 'This message was already sent on another consult. Reload and write it again.', ['idempotencyKey']);
      }
      if (!(await storeWorkflow(deps)).transactions && !(await completeStep(deps, attempt))) {
        continue;
      }
      return { message: toThreadMessage(existing), created: createdHere };
    }
    const bundle = await attempt(false);
    const sent = await sendWorkflow(deps, bundle);
    if (sent.ok) {
      return { message: toThreadMessage(await writtenResource<Communication>(deps, bundle, sent.response, 'Communication', CHANGE_NOT_CONFIRMED)), created: true };
    }
    // Without transactions the message may be stored already; the next round completes the step.
    createdHere ||= (sent.response ? entryFor(bundle, sent.response, 'Communication')?.response?.status?.startsWith('201') : false) ?? false;
  }
  throw Problem.of(409, 'conflict', 'The consult changed while your message was being saved. Check the thread and send it again.');
}

// False when a status change met a newer version (412): the caller reads the consult again and retries.
async function completeStep(deps: ProxyDeps, attempt: MessageAttempt): Promise<boolean> {
  let bundle: Bundle;
  try {
    bundle = await attempt(true);
  } catch (err) {
    // The caller may no longer act on the consult (a redirect they finished took it away): nothing of theirs is left to write.
    if (err instanceof Problem && (err.status === 404 || err.status === 409)) {
      deps.logger.info('workflow.resume-refused', { status: err.status });
      return true;
    }
    throw err;
  }
  if (!(bundle.entry ?? []).some((e) => e.request?.method === 'PUT')) {
    return true;
  }
  deps.logger.info('workflow.resumed', { updates: (bundle.entry ?? []).filter((e) => e.request?.method === 'PUT').length });
  return (await sendWorkflow(deps, bundle)).ok;
}

/** The version a resource was read at, for `If-Match`. */
export function versionOf(resource: { readonly meta?: { readonly versionId?: string } }): string {
  const version = resource.meta?.versionId;
  if (!version) {
    throw Problem.of(502, 'processing', 'The consult store did not say which version of the consult it holds, so it cannot be changed safely.');
  }
  return version;
}
