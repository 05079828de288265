import type { CapabilityStatement } from 'fhir/r4';
import { supportsConditionalCreate, supportsInteraction } from '../../../lib/api-contract.ts';

/** How this EHR lets the app file a consult note. */
export interface NoteFiling {
  /**
   * A note can be filed, and filed once: the CapabilityStatement offers DocumentReference create, the
   * launch granted a write scope for it, and either the EHR honours If-None-Exist or the launch may
   * search DocumentReference for an earlier filing.
   */
  readonly canCreate: boolean;
  /** The EHR honours If-None-Exist, so a repeated click files nothing new. */
  readonly conditionalCreate: boolean;
  /** The launch may search DocumentReference, so a note filed before (another session, a reload) is found. */
  readonly canLookUp: boolean;
  /** Why `canCreate` is false although the EHR offers the create and the launch may write: no way to keep the filing to one. */
  readonly notOnce: boolean;
}

/**
 * Reads the EHR's CapabilityStatement and the granted scopes: a note is filed only where the EHR offers
 * DocumentReference create (Epic and Oracle Health do; many read-only endpoints do not) and the launch
 * granted a scope that allows it (`user/DocumentReference.c` as the per-issuer `scopes.write` asks, a
 * `patient/` one, `.write`, or a `*` equivalent).
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
export function noteFiling(statement: CapabilityStatement, grantedScopes: readonly string[]): NoteFiling {
  // The same pure checks the proxy uses on the consult store and for its EHR write-back.
  const offered = supportsInteraction(statement, 'DocumentReference', 'create');
  const granted = grantedScopes.some((scope) => {
    const permissions = documentReferencePermissions(scope);
    return permissions === '*' || permissions === 'write' || (permissions !== 'read' && permissions.includes('c'));
  });
  const canLookUp = grantedScopes.some((scope) => {
    const permissions = documentReferencePermissions(scope);
    return permissions === '*' || permissions === 'read' || (permissions !== 'write' && permissions.includes('s'));
  });
  const conditionalCreate = supportsConditionalCreate(statement, 'DocumentReference');
  // Without If-None-Exist and without a search, a note filed before a reload cannot be found: offering
  // to file again would put a second copy in the chart (Oracle Health settings that list only the chart's types).
  const notOnce = offered && granted && !conditionalCreate && !canLookUp;
  return { canCreate: offered && granted && !notOnce, conditionalCreate, canLookUp, notOnce };
}

/** A SMART v1 or v2 scope's permissions on DocumentReference (`read`, `write`, `*`, `cruds` letters), else ''. */
function documentReferencePermissions(scope: string): string {
  return /^(patient|user)\/(DocumentReference|\*)\.([a-z*]+)$/.exec(scope)?.[3] ?? '';
}
