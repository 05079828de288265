import type { ServiceRequest } from 'fhir/r4';
import type { VerifiedUser } from '../auth/launch-context.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { patientSnapshotRef } from '../consults/list-consults.ts';
import { performerRefs, type SpecialistContext } from '../specialist/specialist-context.ts';

/**
 * A requester hears about consults for their launch patient only (the store's snapshot of that EHR
 * patient). The snapshot may not exist yet when they connect (no consult sent so far), so until it
 * does it is looked up again when a change arrives.
 */
export function requesterMatcher(deps: ProxyDeps, user: VerifiedUser & { readonly patient: string }): (sr: ServiceRequest) => Promise<boolean> {
  let subject: Promise<string | undefined> | undefined;
  return async (sr) => {
    subject ??= patientSnapshotRef(deps, user);
    let ref = await subject;
    if (!ref) {
      subject = patientSnapshotRef(deps, user);
      ref = await subject;
      if (!ref) {
        subject = undefined;
      }
    }
    return ref !== undefined && sr.subject.reference === ref;
  };
}

/**
 * A specialist hears about consults addressed to one of their roles or pools, and about consults of
 * their pools' specialties (so a colleague's claim clears the consult from their queue at once). The
 * event says only that a consult id changed; reading it still goes through the specialist rules.
 */
export function specialistMatcher(specialist: SpecialistContext): (sr: ServiceRequest) => boolean {
  const { roles, pools } = performerRefs(specialist);
  const specialties = new Set(specialist.pools.flatMap((p) => p.specialtyCodes));
  return (sr) =>
    (sr.performer ?? []).some((p) => roles.has(p.reference ?? '') || pools.has(p.reference ?? '')) ||
    (sr.performerType?.coding ?? []).some((c) => specialties.has(c.code ?? ''));
}
