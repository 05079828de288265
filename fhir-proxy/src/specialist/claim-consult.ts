import type { Communication, Reference } from 'fhir/r4';
import { type ConsultSummary, isOpenState } from '../api/consult-summary.ts';
import { readConsult, type ConsultRecord } from '../consults/consult-record.ts';
import { consultState, messageKind, requireOpen } from '../consults/consult-view.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { toConsultSummary } from '../consults/to-consult-summary.ts';
import { storeKeepsTasks, storeWorkflow } from '../consults/workflow-support.ts';
import { sendWorkflow, versionOf } from '../consults/write-workflow.ts';
import { buildThreadMessage, toRequester } from '../fhir/build-thread-message.ts';
import { claimTask } from '../fhir/build-task.ts';
import { buildWorkflowTransaction, reassignServiceRequest } from '../fhir/build-workflow-transaction.ts';
import { Problem } from '../lib/outcome.ts';
import { alreadyClaimed, claimableBy, ownRole, readForSpecialist } from './specialist-access.ts';
import { actingRole, roleReference, type SpecialistContext } from './specialist-context.ts';

/**
 * Claims a pool consult (or accepts one addressed to the specialist by name). The ServiceRequest's
 * performer becomes the specialist's role and the Task is accepted and owned by it, in one transaction
 * with `If-Match` on both, so of two claims at once exactly one is written; the other gets 409 naming
 * who has it. Claiming a consult one already has is a no-op (a double click is fine). A store without
 * transactions gets the ServiceRequest first (it decides the race), then the Task, then the thread
 * note; a claim cut off half-way is completed by the next claim of the same specialist.
 */
export async function claimConsult(deps: ProxyDeps, specialist: SpecialistContext, id: string, tries = 0): Promise<{ consult: ConsultSummary; changed: boolean }> {
  const record = await readForSpecialist(deps, specialist, id);
  const state = requireOpen(record, '; there is nothing to claim');
  const mine = ownRole(record, specialist);
  if (mine && state !== 'submitted') {
    await completeClaimNote(deps, specialist, record, state);
    return { consult: toConsultSummary(record), changed: false };
  }
  const role = mine ?? (claimableBy(record, specialist) ? actingRole(specialist, record.sr.performer) : undefined);
  if (!role) {
    throw Problem.of(409, 'business-rule', 'This consult is not waiting in one of your specialties.');
  }
  const owner = roleReference(specialist, role);
  const now = deps.now().toISOString();
  const bundle = buildWorkflowTransaction({
    updates: [
      { resource: reassignServiceRequest(record.sr, owner), readVersion: versionOf(record.sr) },
      ...(record.task ? [{ resource: claimTask(record.task, owner, now), readVersion: versionOf(record.task) }] : []),
    ],
    messages: [claimNote(deps, specialist, record, owner, now)],
  });
  const sent = await sendWorkflow(deps, bundle, 'updates-first');
  // Read without the visibility check: the loser of a race may no longer see it, but may hear who won.
  const after = await readConsult(deps.store, id, await storeKeepsTasks(deps));
  if (!sent.ok) {
    // Someone wrote first. If it was this specialist (a double click), the claim stands; otherwise they lost.
    if (after && ownRole(after, specialist)) {
      // Without transactions, this specialist's own ServiceRequest write may have landed and the Task not: finish it.
      return consultState(after) === 'submitted' && tries < 2 ? claimConsult(deps, specialist, id, tries + 1) : { consult: toConsultSummary(after), changed: false };
    }
    throw alreadyClaimedNow(after);
  }
  deps.logger.info('consult.claimed', { consultId: id, role: role.id });
  return { consult: toConsultSummary(after ?? record), changed: true };
}

// The thread note "… has taken this consult", keyed on the ServiceRequest version it claims, so a retry writes it once.
function claimNote(deps: ProxyDeps, specialist: SpecialistContext, record: ConsultRecord, owner: Reference, now: string): { fullUrl: string; resource: Communication } {
  return {
    fullUrl: `urn:uuid:${deps.uuid()}`,
    resource: buildThreadMessage({
      kind: 'claim',
      key: `${record.sr.id}/claim/${versionOf(record.sr)}`,
      text: `${specialist.name} has taken this consult.`,
      ...toRequester(record.sr),
      sender: owner,
      now,
    }),
  };
}

/**
 * A store without transactions writes the claim's note last, so a claim cut off after its Task update
 * is accepted without a note in the thread: the next claim of the same specialist adds it. (Without
 * Task the note is what says "accepted", so it cannot be missing then.)
 */
async function completeClaimNote(deps: ProxyDeps, specialist: SpecialistContext, record: ConsultRecord, state: ReturnType<typeof consultState>): Promise<void> {
  const sinceRedirect = record.messages.slice(record.messages.findLastIndex((m) => messageKind(m) === 'redirect') + 1);
  if (state !== 'accepted' || sinceRedirect.some((m) => messageKind(m) === 'claim') || (await storeWorkflow(deps)).transactions) {
    return;
  }
  const role = ownRole(record, specialist);
  if (role) {
    deps.logger.info('consult.claim-note-completed', { consultId: record.sr.id });
    await sendWorkflow(deps, buildWorkflowTransaction({ updates: [], messages: [claimNote(deps, specialist, record, roleReference(specialist, role), deps.now().toISOString())] }));
  }
}

function alreadyClaimedNow(after: ConsultRecord | undefined): Problem {
  return after && !isOpenState(consultState(after))
    ? Problem.of(409, 'conflict', 'This consult was closed while you were claiming it.')
    : alreadyClaimed(after?.sr.performer?.[0]?.display);
}
