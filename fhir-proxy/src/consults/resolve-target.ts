import type { Bundle, HealthcareService, Practitioner, PractitionerRole } from 'fhir/r4';
import type { ConsultTarget } from '../api/consult-input.ts';
import type { ResolvedTarget } from '../fhir/build-service-request.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { formatHumanName } from '../fhir/human-name.ts';
import { Problem } from '../lib/outcome.ts';

const GONE = 'The chosen specialist or specialty is no longer taking e-consults. Choose another and send again.';
/** As long as the composer's directory is kept (read-directory.ts): a target is as current as the list it was picked from. */
const TARGET_TTL_MS = 60_000;
const MAX_TARGETS = 1_000;

/**
 * `resolveTarget` with each answer kept for a minute, per target: the directory changes rarely and the
 * composer already works from a one-minute copy of it, so every consult need not ask the store again.
 * Refusals are not kept (a pool that comes back is usable at once). Bounded: the oldest answer goes first.
 */
export function targetResolver(store: FhirClient, now: () => number = Date.now): (target: ConsultTarget) => Promise<ResolvedTarget> {
  const cache = new Map<string, { target: ResolvedTarget; until: number }>();
  return async (target) => {
    const key = target.kind === 'pool' ? `pool/${target.healthcareServiceId}` : `specialist/${target.practitionerRoleId}`;
    const cached = cache.get(key);
    if (cached && cached.until > now()) {
      return cached.target;
    }
    const resolved = await resolveTarget(store, target);
    cache.delete(key);
    if (cache.size >= MAX_TARGETS) {
      cache.delete(cache.keys().next().value ?? '');
    }
    cache.set(key, { target: resolved, until: now() + TARGET_TTL_MS });
    return resolved;
  };
}

/** Looks the target up in the consult store's directory; it must exist, be active and carry a specialty. */
export async function resolveTarget(store: FhirClient, target: ConsultTarget): Promise<ResolvedTarget> {
  if (target.kind === 'pool') {
    const service = await store.read<HealthcareService>('HealthcareService', target.healthcareServiceId).catch(notFoundAsGone);
    const specialty = service.specialty?.[0];
    if (!service.active || !specialty) {
      throw Problem.of(422, 'business-rule', GONE, ['target']);
    }
    return { reference: `HealthcareService/${service.id}`, display: service.name ?? 'Specialty pool', specialty };
  }
  const query = new URLSearchParams({ _id: target.practitionerRoleId, _include: 'PractitionerRole:practitioner' });
  const bundle: Bundle<PractitionerRole | Practitioner> = await store.search(`PractitionerRole?${query}`);
  const role = bundle.entry?.map((e) => e.resource).find((r): r is PractitionerRole => r?.resourceType === 'PractitionerRole');
  const practitioner = bundle.entry?.map((e) => e.resource).find((r): r is Practitioner => r?.resourceType === 'Practitioner');
  const specialty = role?.specialty?.[0];
  if (!role?.active || !specialty) {
    throw Problem.of(422, 'business-rule', GONE, ['target']);
  }
  return { reference: `PractitionerRole/${role.id}`, display: formatHumanName(practitioner?.name) ?? role.practitioner?.display ?? 'Specialist', specialty };
}

function notFoundAsGone(err: unknown): never {
  if (err instanceof Problem && err.status === 404) {
    throw Problem.of(422, 'business-rule', GONE, ['target']);
  }
  throw err;
}
