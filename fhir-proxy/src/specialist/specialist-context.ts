import type { Reference } from 'fhir/r4';
import type { VerifiedUser } from '../auth/launch-context.ts';

/** A pool (HealthcareService) a specialist answers from. */
export interface PoolInfo {
  readonly id: string;
  readonly reference: string;
  readonly name: string;
  readonly specialtyCodes: readonly string[];
}

/** One of the specialist's active PractitionerRoles in the consult store. */
export interface RoleInfo {
  readonly id: string;
  readonly reference: string;
  readonly specialties: readonly string[];
  /** References of the pools this role answers from. */
  readonly pools: readonly string[];
}

/** The caller of a specialist route: verified with the issuer, then found in the consult store's directory. */
export interface SpecialistContext {
  readonly user: VerifiedUser;
  readonly practitionerId: string;
  readonly name: string;
  readonly roles: readonly RoleInfo[];
  readonly pools: readonly PoolInfo[];
  readonly programmeLead: boolean;
}

/** Every reference a consult addressed to this specialist may carry in ServiceRequest.performer. */
export function performerRefs(specialist: SpecialistContext): { readonly roles: ReadonlySet<string>; readonly pools: ReadonlySet<string> } {
  return { roles: new Set(specialist.roles.map((r) => r.reference)), pools: new Set(specialist.pools.map((p) => p.reference)) };
}

/** The role a specialist acts in for a consult: the one already on it, else the one that answers from its pool. */
export function actingRole(specialist: SpecialistContext, performer: readonly Reference[] | undefined): RoleInfo | undefined {
  const refs = new Set((performer ?? []).map((p) => p.reference));
  return specialist.roles.find((r) => refs.has(r.reference)) ?? specialist.roles.find((r) => r.pools.some((p) => refs.has(p)));
}

/** A reference to the acting role, displayed as the specialist's name (what the requester sees). */
export function roleReference(specialist: SpecialistContext, role: RoleInfo): Reference {
  return { reference: role.reference, display: specialist.name };
}
