import type { Bundle, BundleEntry, Communication, FhirResource } from 'fhir/r4';
import type { ThreadMessage } from '../api/consult-thread.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';
import { Problem } from '../lib/outcome.ts';
import { toThreadMessage } from './consult-view.ts';
import type { ProxyDeps } from './deps.ts';
import { requireTransactions } from './workflow-support.ts';

export type WorkflowResult = { readonly ok: true; readonly response: Bundle } | { readonly ok: false };

/**
 * Sends one workflow transaction. A 412 means a resource changed since it was read (another claim, an
 * answer, a decline): the caller decides whether that makes it the loser or worth another try.
 */
export async function sendWorkflow(deps: ProxyDeps, bundle: Bundle): Promise<WorkflowResult> {
  await requireTransactions(deps.store);
  try {
    return { ok: true, response: await deps.store.transaction(bundle) };
  } catch (err) {
    if (err instanceof Problem && err.status === 412) {
      return { ok: false };
    }
    throw err;
  }
}

/** The thread message stored under this idempotency key, if any. */
export async function findMessage(deps: ProxyDeps, key: string): Promise<Communication | undefined> {
  const found = await deps.store.search<Communication>(`Communication?identifier=${encodeURIComponent(`${SYSTEMS.message}|${key}`)}&_count=1`);
  return found.entry?.[0]?.resource;
}

/** The resource a transaction wrote for one of its entries (read back when the server sent no body). */
export async function writtenResource<T extends FhirResource>(deps: ProxyDeps, request: Bundle, response: Bundle, type: T['resourceType']): Promise<T> {
  const index = (request.entry ?? []).findIndex((e: BundleEntry) => e.resource?.resourceType === type);
  const entry = response.entry?.[index];
  if (entry?.resource?.resourceType === type) {
    return entry.resource as T;
  }
  const id = new RegExp(`${type}/([^/]+)`).exec(entry?.response?.location ?? '')?.[1];
  if (!id) {
    throw Problem.of(502, 'processing', 'The consult store did not confirm the change. Reload the consult before trying again.');
  }
  return deps.store.read<T>(type, id);
}

export interface PostedMessage {
  readonly message: ThreadMessage;
  /** False when this idempotency key was already stored: the earlier message is returned, nothing new written. */
  readonly created: boolean;
}

/**
 * Posts a thread message that may also move the workflow on. `attempt` reads the consult again,
 * checks the caller may still write, and builds the transaction; if the consult changed in between
 * (412), it runs again, so a reply can never overwrite an answer or a decline that landed meanwhile.
 * The idempotency key is checked first each time, so a double click is one message.
 */
export async function postMessage(deps: ProxyDeps, key: string, consultId: string, attempt: () => Promise<Bundle>): Promise<PostedMessage> {
  for (let tries = 0; tries < 3; tries++) {
    const existing = await findMessage(deps, key);
    if (existing) {
      if (existing.basedOn?.[0]?.reference !== `ServiceRequest/${consultId}`) {
        throw Problem.of(409, 'duplicate', 'This message was already sent on another consult. Reload and write it again.', ['idempotencyKey']);
      }
      return { message: toThreadMessage(existing), created: false };
    }
    const bundle = await attempt();
    const sent = await sendWorkflow(deps, bundle);
    if (sent.ok) {
      return { message: toThreadMessage(await writtenResource<Communication>(deps, bundle, sent.response, 'Communication')), created: true };
    }
  }
  throw Problem.of(409, 'conflict', 'The consult changed while your message was being saved. Check the thread and send it again.');
}

/** The version a resource was read at, for `If-Match`. */
export function versionOf(resource: { readonly meta?: { readonly versionId?: string } }): string {
  const version = resource.meta?.versionId;
  if (!version) {
    throw Problem.of(502, 'processing', 'The consult store did not say which version of the consult it holds, so it cannot be changed safely.');
  }
  return version;
}
