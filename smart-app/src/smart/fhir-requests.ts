import type { CapabilityStatement, FhirResource } from 'fhir/r4';

export type ResourceType = FhirResource['resourceType'];
import type { SmartClient } from './fhirclient.ts';

export type ResourceOfType<K extends ResourceType> = Extract<FhirResource, { resourceType: K }>;

/**
 * Runs a FHIR search and follows every `next` link (`pageLimit: 0`; fhirclient's default of 1 silently
 * drops every page after the first), returning only resources of the searched type (no
 * OperationOutcome or `_include` entries).
 * @see https://hl7.org/fhir/R4/http.html#paging
 */
export async function searchAll<K extends ResourceType>(
  client: SmartClient,
  resourceType: K,
  params: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): Promise<ResourceOfType<K>[]> {
  const url = `${resourceType}?${new URLSearchParams(params).toString()}`;
  const resources = await client.request<FhirResource[]>({ url, ...(signal ? { signal } : {}) }, { pageLimit: 0, flat: true });
  return resources.filter((resource): resource is ResourceOfType<K> => resource.resourceType === resourceType);
}

/** Reads one resource by id. @see https://hl7.org/fhir/R4/http.html#read */
export function readResource<K extends ResourceType>(
  client: SmartClient,
  resourceType: K,
  id: string,
  signal?: AbortSignal,
): Promise<ResourceOfType<K>> {
  return client.request<ResourceOfType<K>>({ url: `${resourceType}/${encodeURIComponent(id)}`, ...(signal ? { signal } : {}) });
}

/** The server's CapabilityStatement (`GET metadata`). @see https://hl7.org/fhir/R4/http.html#capabilities */
export function readCapabilityStatement(client: SmartClient, signal?: AbortSignal): Promise<CapabilityStatement> {
  return client.request<CapabilityStatement>({ url: 'metadata', ...(signal ? { signal } : {}) });
}

/**
 * Creates a resource; with `ifNoneExist` (a search such as `identifier=sys|val`) the server stores it
 * only if nothing matches, so a second click files nothing new.
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */
export function createResource<T extends FhirResource>(client: SmartClient, resource: T, ifNoneExist?: string): Promise<T> {
  // client.request rather than client.create: fhirclient's own Resource type is stricter than fhir/r4's (meta.lastUpdated required).
  return client.request<T>({
    url: resource.resourceType,
    method: 'POST',
    body: JSON.stringify(resource),
    headers: { 'Content-Type': 'application/fhir+json', ...(ifNoneExist ? { 'If-None-Exist': ifNoneExist } : {}) },
  });
}
