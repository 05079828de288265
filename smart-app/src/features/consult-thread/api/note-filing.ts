import type { CapabilityStatement } from 'fhir/r4';
import { supportsConditionalCreate, supportsInteraction } from '../../../lib/api-contract.ts';

/** How this EHR lets the app file a consult note. */
export interface NoteFiling {
  /** The CapabilityStatement offers DocumentReference create and the launch granted a write scope for it. */
  readonly canCreate: boolean;
  /** The EHR honours If-None-Exist, so a repeated click files nothing new. */
  readonly conditionalCreate: boolean;
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
    const match = /^(patient|user)\/(DocumentReference|\*)\.([a-z*]+)$/.exec(scope);
    const permissions = match?.[3] ?? '';
    return permissions === '*' || permissions === 'write' || (permissions !== 'read' && permissions.includes('c'));
  });
  return { canCreate: offered && granted, conditionalCreate: supportsConditionalCreate(statement, 'DocumentReference') };
}
