import { createHash } from 'node:crypto';
import type { Bundle, BundleEntry, Provenance, Reference } from 'fhir/r4';
import { parseFhirUser } from '../auth/launch-context.ts';
import { SYSTEMS, userIdentifier } from './identifiers.ts';

/** Who asked for a write: the verified SMART caller (absent for writes the proxy makes on its own). */
export interface ProvenanceAgent {
  readonly iss: string;
  /** Absolute URL of the user's resource in the EHR. */
  readonly fhirUser: string;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH']);
const PARTICIPANT = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

/**
 * Adds to a transaction one Provenance for everything it writes: `target` = every written entry,
 * agent = the requester (author) and the Curbside proxy (assembler), in the same transaction so the
 * record and the write succeed or fail together. It is a conditional create keyed by a digest of the
 * write (its entries' conditions), so a retried or replayed transaction stores one Provenance, not two.
 * It goes first in the bundle, leaving the positions callers read responses from unchanged.
 * @see https://hl7.org/fhir/R4/provenance.html
 */
export function withProvenance(bundle: Bundle, agent: ProvenanceAgent | undefined, recorded: string, uuid: () => string): Bundle {
  const written = (bundle.entry ?? []).filter((e) => e.request && WRITES.has(e.request.method) && (e.fullUrl || e.request.url));
  if (bundle.type !== 'transaction' || written.length === 0) {
    return bundle;
  }
  const digest = writeDigest(written);
  const provenance: Provenance = {
    resourceType: 'Provenance',
    meta: { tag: [{ system: SYSTEMS.write, code: digest }] },
    target: written.map((e) => ({ reference: e.fullUrl ?? e.request?.url ?? '' })),
    recorded,
    activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: written.some((e) => e.request?.method === 'POST') ? 'CREATE' : 'UPDATE' }] },
    agent: [
      ...(agent ? [{ type: { coding: [{ system: PARTICIPANT, code: 'author', display: 'Author' }] }, who: requester(bundle, agent) }] : []),
      { type: { coding: [{ system: PARTICIPANT, code: 'assembler', display: 'Assembler' }] }, who: { display: 'Curbside proxy' } },
    ],
  };
  const entry: BundleEntry = {
    fullUrl: `urn:uuid:${uuid()}`,
    resource: provenance,
    request: { method: 'POST', url: 'Provenance', ifNoneExist: `_tag=${encodeURIComponent(`${SYSTEMS.write}|${digest}`)}` },
  };
  return { ...bundle, entry: [entry, ...(bundle.entry ?? [])] };
}

// The requester's snapshot in this transaction when there is one (a consult carries it), otherwise
// the EHR user by identifier: either way no name or other personal data is copied here.
function requester(bundle: Bundle, agent: ProvenanceAgent): Reference {
  const user = parseFhirUser(agent.fhirUser);
  const identifier = user ? userIdentifier(agent.iss, agent.fhirUser, user) : undefined;
  const snapshot = (bundle.entry ?? []).find((e) => {
    const ids: unknown = e.resource && 'identifier' in e.resource ? e.resource.identifier : undefined;
    return e.resource?.resourceType === user?.resourceType && Array.isArray(ids) && ids.some((i: { system?: string; value?: string }) => i.system === identifier?.system && i.value === identifier?.value);
  });
  return snapshot?.fullUrl ? { reference: snapshot.fullUrl } : { ...(identifier ? { identifier } : {}), display: agent.fhirUser };
}

// Conditional entries are named by their conditions (stable across retries); plain ones by their content.
function writeDigest(entries: readonly BundleEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) {
    const condition = e.request?.ifNoneExist ?? e.request?.ifMatch ?? e.request?.ifNoneMatch;
    hash.update(`${e.request?.method} ${e.request?.url} ${condition ?? JSON.stringify(e.resource)}\n`);
  }
  return hash.digest('base64url');
}
