import type { AllergyIntolerance, Condition, FhirResource, MedicationRequest, Observation, Patient } from 'fhir/r4';
import type { PatientIdentity, SharedPacket } from '../api/consult-thread.ts';
import type { ConsultRecord } from '../consults/consult-record.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { formatHumanName } from '../fhir/human-name.ts';

const PACKET_TYPES = ['AllergyIntolerance', 'MedicationRequest', 'Condition', 'Observation'] as const;

/**
 * The chart items shared with the consult: the store's frozen copies named in `supportingInfo`, read
 * with `_id` searches per type (in parallel, 100 ids each to keep URLs short).
 */
export async function readPacket(deps: ProxyDeps, record: ConsultRecord): Promise<SharedPacket> {
  const ids = new Map<string, string[]>();
  for (const ref of record.sr.supportingInfo ?? []) {
    const [type = '', id] = (ref.reference ?? '').split('/');
    if (id && (PACKET_TYPES as readonly string[]).includes(type)) {
      ids.set(type, [...(ids.get(type) ?? []), id]);
    }
  }
  const searches = [...ids].flatMap(([type, list]) =>
    Array.from({ length: Math.ceil(list.length / 100) }, (_, i) => list.slice(i * 100, i * 100 + 100)).map(
      (chunk) => `${type}?_id=${chunk.map(encodeURIComponent).join(',')}&_count=${chunk.length}`,
    ),
  );
  const found = await Promise.all(searches.map((path) => deps.store.searchAll<FhirResource>(path)));
  const all = found.flat();
  return {
    allergies: all.filter((r): r is AllergyIntolerance => r.resourceType === 'AllergyIntolerance'),
    medications: all.filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest'),
    problems: all.filter((r): r is Condition => r.resourceType === 'Condition'),
    observations: all.filter((r): r is Observation => r.resourceType === 'Observation'),
  };
}

/** Who the consult is about, from the store's patient snapshot. */
export async function readPatientIdentity(deps: ProxyDeps, record: ConsultRecord): Promise<PatientIdentity> {
  const id = record.sr.subject.reference?.split('/')[1];
  const patient = id ? await deps.store.read<Patient>('Patient', id).catch(() => undefined) : undefined;
  return { name: formatHumanName(patient?.name) ?? record.sr.subject.display ?? 'Unnamed patient', gender: patient?.gender, birthDate: patient?.birthDate };
}
