import type { HealthcareService, Practitioner, PractitionerRole } from 'fhir/r4';
import type { Directory } from '../api/consult-summary.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { formatHumanName } from '../fhir/human-name.ts';

/**
 * The consult store's directory as the composer shows it: each specialty pool (HealthcareService) and
 * each active specialist (PractitionerRole with its Practitioner). Every instance reads it from the
 * store; a one-minute cache keeps the composer fast without tying a user to an instance.
 */
export function directoryReader(store: FhirClient, now: () => number = Date.now): () => Promise<Directory> {
  let cached: { directory: Directory; until: number } | undefined;
  return async () => {
    if (cached && cached.until > now()) {
      return cached.directory;
    }
    const [services, roles] = await Promise.all([
      store.searchAll<HealthcareService>('HealthcareService?active=true&_count=200'),
      store.searchAll<PractitionerRole | Practitioner>('PractitionerRole?active=true&_include=PractitionerRole:practitioner&_count=500'),
    ]);
    const practitioners = new Map(roles.filter((r): r is Practitioner => r.resourceType === 'Practitioner').map((p) => [`Practitioner/${p.id}`, p]));
    const directory: Directory = {
      specialties: services.flatMap((service) => {
        const coding = service.specialty?.[0]?.coding?.[0];
        return coding?.code && service.id
          ? [{ code: coding.code, system: coding.system ?? '', display: service.specialty?.[0]?.text ?? coding.display ?? coding.code, poolId: service.id, poolName: service.name ?? '' }]
          : [];
      }),
      specialists: roles
        // Roles without a specialty (a programme lead's) take no consults.
        .filter((r): r is PractitionerRole => r.resourceType === 'PractitionerRole' && !!r.specialty?.length)
        .map((role) => ({
          practitionerRoleId: role.id ?? '',
          name: formatHumanName(practitioners.get(role.practitioner?.reference ?? '')?.name) ?? role.practitioner?.display ?? 'Specialist',
          specialtyCodes: (role.specialty ?? []).flatMap((s) => s.coding?.map((c) => c.code ?? '') ?? []).filter(Boolean),
        })),
    };
    cached = { directory, until: now() + 60_000 };
    return directory;
  };
}
