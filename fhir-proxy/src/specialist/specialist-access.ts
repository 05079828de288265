import { isOpenState } from '../api/consult-summary.ts';
import type { ConsultRecord } from '../consults/consult-record.ts';
import { readConsult } from '../consults/consult-record.ts';
import { consultState, messageKind } from '../consults/consult-view.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { mayAccessConsult } from '../consults/read-consult.ts';
import { consultNotFound } from '../consults/requester-access.ts';
import { storeKeepsTasks } from '../consults/workflow-support.ts';
import { Problem } from '../lib/outcome.ts';
import { auditTouches } from '../lib/request-context.ts';
import { actingRole, performerRefs, type RoleInfo, type SpecialistContext } from './specialist-context.ts';

/** True when the consult is addressed to one of the specialist's roles (named or claimed) or waits in one of their pools. */
export function specialistSees(record: ConsultRecord, specialist: SpecialistContext): boolean {
  return mayAccessConsult({ specialist }, record.sr);
}

/** The specialist's role on the consult when it is theirs (named to them, or claimed by them). */
export function ownRole(record: ConsultRecord, specialist: SpecialistContext): RoleInfo | undefined {
  const { roles } = performerRefs(specialist);
  const mine = (record.sr.performer ?? []).find((p) => roles.has(p.reference ?? ''));
  return mine ? actingRole(specialist, [mine]) : undefined;
}

/** True when it waits, unclaimed and still open, in one of the specialist's pools. */
export function claimableBy(record: ConsultRecord, specialist: SpecialistContext): boolean {
  const { pools } = performerRefs(specialist);
  // A consult declined or withdrawn while in the pool keeps the pool as performer: nothing to claim there.
  return isOpenState(consultState(record)) && (record.sr.performer ?? []).some((p) => pools.has(p.reference ?? ''));
}

/**
 * A consult the specialist may see, with its thread. One a colleague claimed from their queue is a 409
 * naming who has it (opened from a stale queue, or claimed at the same moment); anything else is "not
 * found" (never "forbidden").
 */
export async function readForSpecialist(deps: ProxyDeps, specialist: SpecialistContext, id: string): Promise<ConsultRecord> {
  const record = await readConsult(deps.store, id, await storeKeepsTasks(deps));
  if (!record) {
    throw consultNotFound();
  }
  if (!specialistSees(record, specialist)) {
    throw claimedByColleague(record, specialist) ? alreadyClaimed(record.sr.performer?.[0]?.display) : consultNotFound();
  }
  // Every specialist route on one consult reads it here first: its AuditEvent names the consult and the patient.
  auditTouches(`ServiceRequest/${record.sr.id}`, record.sr.subject.reference);
  return record;
}

/**
 * True when a consult the specialist no longer sees was claimed by a colleague from one of this
 * specialist's specialties: it was in their queue, so "not found" would be wrong.
 */
function claimedByColleague(record: ConsultRecord, specialist: SpecialistContext): boolean {
  const specialties = new Set(specialist.pools.flatMap((p) => p.specialtyCodes));
  const sameSpecialty = record.sr.performerType?.coding?.some((c) => specialties.has(c.code ?? '')) ?? false;
  const claim = record.messages.findLast((m) => messageKind(m) === 'claim');
  // A store without transactions writes the claim note after the ServiceRequest: a pool consult now with
  // someone's role was claimed, note or not yet.
  const pooled = record.messages.find((m) => messageKind(m) === 'question')?.recipient?.some((r) => r.reference?.startsWith('HealthcareService/')) ?? false;
  const withRole = record.sr.performer?.[0]?.reference?.startsWith('PractitionerRole/') ?? false;
  return sameSpecialty && (!!claim || (pooled && withRole));
}

export function alreadyClaimed(by: string | undefined): Problem {
  return Problem.of(409, 'conflict', `This consult was already claimed by ${by ?? 'another specialist'}. It is no longer in your queue.`);
}

/** The role a specialist must hold on a consult to write to the requester or answer. */
export function requireOwnRole(record: ConsultRecord, specialist: SpecialistContext): RoleInfo {
  const role = ownRole(record, specialist);
  if (!role) {
    throw Problem.of(409, 'business-rule', 'Claim this consult before writing to the requesting physician.');
  }
  return role;
}
