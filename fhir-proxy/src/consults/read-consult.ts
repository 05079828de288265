import type { ServiceRequest } from 'fhir/r4';
import type { LaunchContext } from '../auth/launch-context.ts';
import { performerRefs, type SpecialistContext } from '../specialist/specialist-context.ts';

/**
 * Who asks: a requester launched from a patient's chart (with the store's snapshot of that patient,
 * found by its EHR identifier; undefined when no consult was ever sent for them), or a specialist from
 * the consult store's directory.
 */
export type ConsultCaller =
  | { readonly launch: LaunchContext; readonly patientSnapshot: string | undefined }
  | { readonly specialist: SpecialistContext };

/**
 * Whether this caller may see or act on a consult; the one place per-consult access is decided. A
 * requester: only consults about the patient of their launch. A specialist: only consults
 * addressed to one of their roles (named or claimed) or waiting in one of their pools. Every
 * `/consults/:id…` route (the `consultAccess` guard, `readForRequester`) and every
 * `/specialist/consults/:id…` route (`readForSpecialist`) asks here; anything else is the same 404.
 */
export function mayAccessConsult(caller: ConsultCaller, serviceRequest: ServiceRequest): boolean {
  if ('specialist' in caller) {
    const { roles, pools } = performerRefs(caller.specialist);
    return (serviceRequest.performer ?? []).some((p) => roles.has(p.reference ?? '') || pools.has(p.reference ?? ''));
  }
  return caller.patientSnapshot !== undefined && serviceRequest.subject.reference === caller.patientSnapshot;
}
