import type { Bundle, HealthcareService, Practitioner, PractitionerRole } from 'fhir/r4';
import type { ConsultTarget } from '../api/consult-input.ts';
import type { ResolvedTarget } from '../fhir/build-service-request.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { formatHumanName } from '../fhir/human-name.ts';
import { Problem } from '../lib/outcome.ts';

const GONE = 'The chosen specialist or specialty is no longer taking e-consults. Choose another and send again.';

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
