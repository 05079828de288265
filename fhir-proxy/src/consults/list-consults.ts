import type { Communication, Patient, ServiceRequest } from 'fhir/r4';
import type { ConsultSummary } from '../api/consult-summary.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { snapshotQuery } from '../fhir/build-snapshots.ts';
import { questionKey } from '../fhir/build-communication.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';
import type { ProxyDeps } from './deps.ts';
import { toConsultSummary } from './to-consult-summary.ts';

/**
 * This launch's patient's consults, newest first: find the store's snapshot of the EHR patient by its
 * identifier, then one search for its ServiceRequests with their Communications (_revinclude).
 */
export async function listConsults(deps: ProxyDeps, launch: LaunchContext): Promise<ConsultSummary[]> {
  const patients = await deps.store.search<Patient>(`Patient?${snapshotQuery(launch.iss, 'Patient', launch.patient)}&_count=1`);
  const snapshot = patients.entry?.[0]?.resource;
  if (!snapshot?.id) {
    return [];
  }
  const query = new URLSearchParams({ subject: `Patient/${snapshot.id}`, _sort: '-authored', _count: '100', _revinclude: 'Communication:based-on' });
  const bundle = await deps.store.search<ServiceRequest | Communication>(`ServiceRequest?${query}`);
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const questions = new Map<string, Communication>();
  for (const resource of resources) {
    if (resource.resourceType === 'Communication') {
      const key = resource.identifier?.find((i) => i.system === SYSTEMS.message)?.value;
      const sr = resource.basedOn?.[0]?.reference;
      if (sr && key?.endsWith('/question')) {
        questions.set(sr, resource);
      }
    }
  }
  return resources
    .filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest')
    .map((sr) => {
      const key = sr.identifier?.find((i) => i.system === SYSTEMS.consult)?.value ?? '';
      const question = questions.get(`ServiceRequest/${sr.id}`);
      return toConsultSummary(sr, question?.identifier?.some((i) => i.value === questionKey(key)) ? question : undefined);
    });
}
