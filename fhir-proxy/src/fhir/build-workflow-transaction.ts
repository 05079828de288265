import type { Bundle, BundleEntry, Communication, Reference, ServiceRequest, Task } from 'fhir/r4';
import { SYSTEMS } from './identifiers.ts';

export interface WorkflowTransactionParts {
  /** Updated copies of resources read from the store; each is written only if still at the version read. */
  readonly updates: readonly { readonly resource: ServiceRequest | Task; readonly readVersion: string }[];
  /** New thread messages, each a conditional create on its identifier. */
  readonly messages?: readonly { readonly fullUrl: string; readonly resource: Communication }[];
  /** Other conditional creates the messages point at (a sender's snapshot). */
  readonly extra?: readonly BundleEntry[];
}

/**
 * One atomic workflow step: the thread message(s) and every status change in one transaction. Each
 * update carries `If-Match` with the version the proxy decided on, so two specialists claiming at once
 * cannot both win: the second write meets a newer version, the server answers 412, and nothing of that
 * transaction is written.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 * @see https://hl7.org/fhir/R4/http.html#trules
 */
export function buildWorkflowTransaction(parts: WorkflowTransactionParts): Bundle {
  const entries: BundleEntry[] = [
    ...(parts.extra ?? []),
    ...(parts.messages ?? []).map(({ fullUrl, resource }) => ({
      fullUrl,
      resource,
      request: { method: 'POST' as const, url: 'Communication', ifNoneExist: identifierQuery(resource) },
    })),
    ...parts.updates.map(({ resource, readVersion }) => {
      const { meta: _meta, ...body } = resource;
      return {
        resource: body,
        request: { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id}`, ifMatch: `W/"${readVersion}"` },
      };
    }),
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/** The ServiceRequest is now with this performer (a specialist who claimed it, or another pool). */
export function reassignServiceRequest(sr: ServiceRequest, performer: Reference, performerType?: ServiceRequest['performerType']): ServiceRequest {
  return { ...sr, performer: [performer], ...(performerType ? { performerType } : {}) };
}

/** Completed by the answer, or revoked by a decline. */
export function closeServiceRequest(sr: ServiceRequest, status: 'completed' | 'revoked'): ServiceRequest {
  return { ...sr, status };
}

function identifierQuery(resource: Communication): string {
  const key = resource.identifier?.find((i) => i.system === SYSTEMS.message)?.value ?? '';
  return `identifier=${encodeURIComponent(`${SYSTEMS.message}|${key}`)}`;
}

/**
 * True when writing `target` over `current` would change what the workflow reads from it: the
 * ServiceRequest's status, performer and performerType, the Task's status, business status and owner.
 * A step being completed after it was cut off skips the updates that already landed.
 */
export function changesWorkflow(current: ServiceRequest | Task, target: ServiceRequest | Task): boolean {
  const facts = (resource: ServiceRequest | Task): string =>
    resource.resourceType === 'ServiceRequest'
      ? JSON.stringify([resource.status, resource.performer?.map((p) => p.reference), resource.performerType?.coding?.map((c) => c.code)])
      : JSON.stringify([resource.status, resource.businessStatus?.coding?.map((c) => c.code), resource.owner?.reference]);
  return facts(current) !== facts(target);
}

/** Closed: a completed or revoked ServiceRequest, a completed, rejected, cancelled or failed Task. No step reopens one. */
export function isClosed(resource: ServiceRequest | Task): boolean {
  return resource.resourceType === 'ServiceRequest'
    ? resource.status !== 'active' && resource.status !== 'draft' && resource.status !== 'on-hold'
    : ['completed', 'rejected', 'cancelled', 'failed', 'entered-in-error'].includes(resource.status);
}
