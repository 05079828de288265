import type { HealthcareService } from 'fhir/r4';
import type { DeclineInput, RedirectInput } from '../api/consult-thread.ts';
import type { ConsultRecord } from '../consults/consult-record.ts';
import { requireOpen } from '../consults/consult-view.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { postMessage, workflowUpdates, type PostedMessage } from '../consults/write-workflow.ts';
import { declineTask, redirectTask } from '../fhir/build-task.ts';
import { buildThreadMessage, toRequester } from '../fhir/build-thread-message.ts';
import { buildWorkflowTransaction, closeServiceRequest, reassignServiceRequest } from '../fhir/build-workflow-transaction.ts';
import { Problem } from '../lib/outcome.ts';
import { readForSpecialist } from './specialist-access.ts';
import { actingRole, roleReference, type SpecialistContext } from './specialist-context.ts';

/**
 * Declines a consult with a reason: the ServiceRequest is revoked, the Task rejected, and the reason
 * goes to the requester in the thread, all in one transaction. A consult named to the specialist, claimed
 * by them, or waiting in their pool may be declined.
 * @see https://hl7.org/fhir/R4/task.html#statemachine
 */
export function declineConsult(deps: ProxyDeps, specialist: SpecialistContext, id: string, input: DeclineInput): Promise<PostedMessage> {
  return postMessage(deps, input.idempotencyKey, id, async (resuming) => {
    const { record, role } = await openForAction(deps, specialist, id, resuming);
    const sender = roleReference(specialist, role);
    const now = deps.now().toISOString();
    return buildWorkflowTransaction({
      messages: [{ fullUrl: `urn:uuid:${deps.uuid()}`, resource: note(record, 'decline', input.idempotencyKey, input.reason, sender, now) }],
      updates: workflowUpdates([[record.sr, closeServiceRequest(record.sr, 'revoked')], ...(record.task ? [[record.task, declineTask(record.task, input.reason, sender, now)] as const] : [])], resuming),
    });
  });
}

/**
 * Redirects a consult to another specialty: the ServiceRequest's performer becomes that specialty's
 * pool (and performerType its specialty), the Task goes back to requested with the pool as owner, and the
 * reason is recorded in the thread. The redirecting specialist no longer sees it.
 */
export async function redirectConsult(deps: ProxyDeps, specialist: SpecialistContext, id: string, input: RedirectInput): Promise<PostedMessage> {
  const pool = await deps.store.read<HealthcareService>('HealthcareService', input.healthcareServiceId).catch(() => undefined);
  const specialty = pool?.specialty?.[0];
  if (!pool?.id || pool.active === false || !specialty) {
    throw Problem.of(422, 'business-rule', 'That specialty is not taking e-consults. Choose another.', ['healthcareServiceId']);
  }
  const poolRef = { reference: `HealthcareService/${pool.id}`, display: pool.name ?? 'Specialty pool' };
  return postMessage(deps, input.idempotencyKey, id, async (resuming) => {
    const { record, role } = await openForAction(deps, specialist, id, resuming);
    if (!resuming && record.sr.performer?.some((p) => p.reference === poolRef.reference)) {
      throw Problem.of(422, 'business-rule', 'The consult is already with that specialty. Choose another.', ['healthcareServiceId']);
    }
    const now = deps.now().toISOString();
    const text = `Redirected to ${poolRef.display}: ${input.reason}`;
    return buildWorkflowTransaction({
      messages: [{ fullUrl: `urn:uuid:${deps.uuid()}`, resource: note(record, 'redirect', input.idempotencyKey, text, roleReference(specialist, role), now) }],
      updates: workflowUpdates([[record.sr, reassignServiceRequest(record.sr, poolRef, specialty)], ...(record.task ? [[record.task, redirectTask(record.task, poolRef, now)] as const] : [])], resuming),
    });
  });
}

// Resuming a step whose message is stored, the consult may already read as declined: only the role counts then.
async function openForAction(deps: ProxyDeps, specialist: SpecialistContext, id: string, resuming: boolean): Promise<{ record: ConsultRecord; role: NonNullable<ReturnType<typeof actingRole>> }> {
  const record = await readForSpecialist(deps, specialist, id);
  requireOpen(record, '', resuming);
  const role = actingRole(specialist, record.sr.performer);
  if (!role) {
    throw Problem.of(409, 'business-rule', 'This consult is not with you or one of your specialties.');
  }
  return { record, role };
}

function note(record: ConsultRecord, kind: 'decline' | 'redirect', key: string, text: string, sender: { reference?: string; display?: string }, now: string) {
  return buildThreadMessage({
    kind,
    key,
    text,
    ...toRequester(record.sr),
    sender,
    now,
  });
}
