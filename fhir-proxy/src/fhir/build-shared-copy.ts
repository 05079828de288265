import type { AllergyIntolerance, Condition, MedicationRequest, Observation } from 'fhir/r4';
import { SYSTEMS } from './identifiers.ts';

export type ShareableResource = Condition | MedicationRequest | AllergyIntolerance | Observation;

export interface CopyContext {
  readonly iss: string;
  readonly consultKey: string;
  /** EHR reference (`Type/id`) → bundle fullUrl of its copy or snapshot, for references we rewrite. */
  readonly local: ReadonlyMap<string, string>;
}

/**
 * A copy of one EHR resource for the consult store, frozen at send time. References to the patient and
 * to other shared items point at their copies in the same transaction; any other reference becomes an
 * absolute URL into the EHR, so nothing dangles in the store. `meta.source` records where it came from.
 * @see https://hl7.org/fhir/R4/references.html#literal
 */
export function buildSharedCopy<T extends ShareableResource>(resource: T, ctx: CopyContext): T {
  const { id, meta: _meta, text: _text, ...rest } = resource;
  const copy = rewriteReferences(rest, ctx) as Omit<T, 'id' | 'meta' | 'text'>;
  const identifier = [...(resource.identifier ?? []), { system: SYSTEMS.sharedCopy, value: sharedCopyKey(ctx.consultKey, resource.resourceType, id ?? '') }];
  return { ...copy, identifier, meta: { source: `${ctx.iss}/${resource.resourceType}/${id}` } } as T;
}

export function sharedCopyKey(consultKey: string, resourceType: string, id: string): string {
  return `${consultKey}/${resourceType}/${id}`;
}

function rewriteReferences(value: unknown, ctx: CopyContext): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => rewriteReferences(v, ctx));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, key === 'reference' && typeof v === 'string' ? rewriteReference(v, ctx) : rewriteReferences(v, ctx)]),
    );
  }
  return value;
}

function rewriteReference(reference: string, ctx: CopyContext): string {
  const base = ctx.iss.replace(/\/+$/, '');
  const relative = reference.startsWith(`${base}/`) ? reference.slice(base.length + 1) : reference;
  // `Type/id`, or a version of it (`Type/id/_history/vid`): https://hl7.org/fhir/R4/references.html#literal
  const record = /^([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(relative);
  const local = ctx.local.get(record?.[1] ?? relative);
  if (local) {
    return local;
  }
  // Contained (#id), urn: and other servers' absolute references already resolve on their own.
  return record ? `${base}/${relative}` : reference;
}
