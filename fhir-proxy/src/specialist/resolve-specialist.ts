import type { Bundle, HealthcareService, Practitioner, PractitionerRole } from 'fhir/r4';
import type { VerifiedUser } from '../auth/launch-context.ts';
import { parseFhirUser } from '../auth/launch-context.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { formatHumanName } from '../fhir/human-name.ts';
import { CODES } from '../fhir/identifiers.ts';
import { Problem } from '../lib/outcome.ts';
import type { SpecialistContext } from './specialist-context.ts';

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const NOT_IN_DIRECTORY = 'Curbside does not know you as a specialist: your account has no active role in the e-consult directory. Ask the e-consult programme to add you.';

/**
 * Finds the signed-in user in the consult store's directory. `fhirUser` naming a Practitioner of the
 * store itself is used as is; a Practitioner of the EHR is matched by its NPI (read from the EHR with the
 * user's token). Then the Practitioner's active PractitionerRoles give the roles and, through
 * `healthcareService`, the pools. No active role → 403.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#scopes-for-requesting-identity-data
 */
export async function resolveSpecialist(deps: ProxyDeps, user: VerifiedUser): Promise<SpecialistContext> {
  const practitionerId = await storePractitionerId(deps, user);
  const query = new URLSearchParams({ practitioner: `Practitioner/${practitionerId}`, active: 'true', _count: '50' });
  query.append('_include', 'PractitionerRole:practitioner');
  query.append('_include', 'PractitionerRole:service');
  const bundle: Bundle<PractitionerRole | Practitioner | HealthcareService> = await deps.store.search(`PractitionerRole?${query}`);
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const practitioner = resources.find((r): r is Practitioner => r.resourceType === 'Practitioner' && r.id === practitionerId);
  const roles = resources.filter((r): r is PractitionerRole & { id: string } => r.resourceType === 'PractitionerRole' && !!r.id && r.active !== false);
  if (!practitioner || practitioner.active === false || roles.length === 0) {
    throw Problem.of(403, 'forbidden', NOT_IN_DIRECTORY);
  }
  const services = resources.filter((r): r is HealthcareService & { id: string } => r.resourceType === 'HealthcareService' && !!r.id && r.active !== false);
  return {
    user,
    practitionerId,
    name: formatHumanName(practitioner.name) ?? 'Specialist',
    roles: roles.map((role) => ({
      id: role.id,
      reference: `PractitionerRole/${role.id}`,
      specialties: (role.specialty ?? []).flatMap((s) => s.coding?.flatMap((c) => (c.code ? [c.code] : [])) ?? []),
      pools: (role.healthcareService ?? []).flatMap((h) => (h.reference && services.some((s) => `HealthcareService/${s.id}` === h.reference) ? [h.reference] : [])),
    })),
    pools: services.map((s) => ({
      id: s.id,
      reference: `HealthcareService/${s.id}`,
      name: s.name ?? 'Specialty pool',
      specialtyCodes: (s.specialty ?? []).flatMap((c) => c.coding?.flatMap((x) => (x.code ? [x.code] : [])) ?? []),
    })),
    programmeLead: roles.some((r) => r.code?.some((c) => c.coding?.some((x) => x.system === CODES.programmeLead.system && x.code === CODES.programmeLead.code))),
  };
}

async function storePractitionerId(deps: ProxyDeps, user: VerifiedUser): Promise<string> {
  const parsed = parseFhirUser(user.fhirUser);
  if (parsed && user.fhirUser.startsWith(`${deps.store.baseUrl}/`)) {
    if (parsed.resourceType === 'Practitioner') {
      return parsed.id;
    }
    if (parsed.resourceType === 'PractitionerRole') {
      const role = await deps.store.read<PractitionerRole>('PractitionerRole', parsed.id).catch(() => undefined);
      const id = role?.practitioner?.reference?.split('/')[1];
      if (id) {
        return id;
      }
    }
    throw Problem.of(403, 'forbidden', NOT_IN_DIRECTORY);
  }
  if (parsed?.resourceType !== 'Practitioner' || !user.fhirUser.startsWith(`${user.iss}/`)) {
    throw Problem.of(403, 'forbidden', NOT_IN_DIRECTORY);
  }
  // A specialist who signs in at their own EHR: the NPI links that record to the directory's.
  const ehrRecord = await deps.ehr(user.iss).read<Practitioner>('Practitioner', parsed.id, { token: user.accessToken }).catch(() => undefined);
  const npi = ehrRecord?.identifier?.find((i) => i.system === NPI)?.value;
  const found = npi ? await deps.store.search<Practitioner>(`Practitioner?identifier=${encodeURIComponent(`${NPI}|${npi}`)}&_count=2`) : undefined;
  const matches = found?.entry?.flatMap((e) => (e.resource?.id ? [e.resource.id] : [])) ?? [];
  if (matches.length !== 1 || !matches[0]) {
    throw Problem.of(403, 'forbidden', NOT_IN_DIRECTORY);
  }
  return matches[0];
}
