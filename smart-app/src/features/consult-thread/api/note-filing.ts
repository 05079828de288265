import type { CapabilityStatement } from 'fhir/r4';

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
 * granted a scope that allows it (`patient/DocumentReference.c`, `.write`, or a `*` equivalent).
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
export function noteFiling(statement: CapabilityStatement, grantedScopes: readonly string[]): NoteFiling {
  const resource = statement.rest?.flatMap((r) => r.resource ?? []).find((r) => r.type === 'DocumentReference');
  const offered = resource?.interaction?.some((i) => i.code === 'create') ?? false;
  const granted = grantedScopes.some((scope) => {
    const match = /^(patient|user)\/(DocumentReference|\*)\.([a-z*]+)$/.exec(scope);
    const permissions = match?.[3] ?? '';
    return permissions === '*' || permissions === 'write' || (permissions !== 'read' && permissions.includes('c'));
  });
  return { canCreate: offered && granted, conditionalCreate: resource?.conditionalCreate === true };
}
