import type { CapabilityStatement, CapabilityStatementRest, CapabilityStatementRestResource, CapabilityStatementRestResourceInteraction } from 'fhir/r4';

// Pure questions about a server's CapabilityStatement (`GET [base]/metadata`), shared by the proxy (how
// to write the consult store, what to write into the EHR) and the app (whether the EHR takes a
// DocumentReference note). Epic advertises no transaction and `conditionalCreate: false`; Oracle Health
// offers batch only and a read-only ServiceRequest (fhir-landscape.md §3–4), so nothing is assumed:
// whatever the statement does not list counts as unsupported.

export type TypeInteraction = CapabilityStatementRestResourceInteraction['code'];
export type SystemInteraction = 'transaction' | 'batch' | 'search-system' | 'history-system';

/** The statement's server-mode `rest` entry. */
export function serverRest(statement: CapabilityStatement | undefined): CapabilityStatementRest | undefined {
  return statement?.rest?.find((rest) => rest.mode === 'server');
}

/** The statement's entry for one resource type, when the server serves that type. */
export function resourceCapability(statement: CapabilityStatement | undefined, type: string): CapabilityStatementRestResource | undefined {
  return serverRest(statement)?.resource?.find((resource) => resource.type === type);
}

/** True when the server lists `code` (e.g. `transaction`) among its system interactions. @see https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.interaction */
export function supportsSystemInteraction(statement: CapabilityStatement | undefined, code: SystemInteraction): boolean {
  return serverRest(statement)?.interaction?.some((interaction) => interaction.code === code) ?? false;
}

/** True when the server lists `code` (e.g. `create`) for `type`. @see https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.resource.interaction */
export function supportsInteraction(statement: CapabilityStatement | undefined, type: string, code: TypeInteraction): boolean {
  return resourceCapability(statement, type)?.interaction?.some((interaction) => interaction.code === code) ?? false;
}

/** True when `type` can be created conditionally (`If-None-Exist`); the element defaults to false. */
export function supportsConditionalCreate(statement: CapabilityStatement | undefined, type: string): boolean {
  return supportsInteraction(statement, type, 'create') && resourceCapability(statement, type)?.conditionalCreate === true;
}

/** True when `type` can be searched by the search parameter `name`. */
export function supportsSearchParam(statement: CapabilityStatement | undefined, type: string, name: string): boolean {
  const resource = resourceCapability(statement, type);
  return (resource?.interaction?.some((i) => i.code === 'search-type') ?? false) && (resource?.searchParam?.some((p) => p.name === name) ?? false);
}
