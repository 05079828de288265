import type { FhirResource, Patient } from 'fhir/r4';
import type { ConsultSummary } from '../api/consult-summary.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { snapshotQuery } from '../fhir/build-snapshots.ts';
import { recordsFrom, withThread } from './consult-record.ts';
import type { ProxyDeps } from './deps.ts';
import { toConsultSummary } from './to-consult-summary.ts';
import { storeKeepsTasks } from './workflow-support.ts';

/**
 * The store's snapshot of this launch's patient, found by the identifier naming the EHR record, as a
 * reference (`Patient/<id>`); undefined when no consult was ever sent for them.
 */
export async function patientSnapshotRef(deps: ProxyDeps, launch: Pick<LaunchContext, 'iss' | 'patient'>): Promise<string | undefined> {
  const patients = await deps.store.search<Patient>(`Patient?${snapshotQuery(launch.iss, 'Patient', launch.patient)}&_count=1`);
  const id = patients.entry?.[0]?.resource?.id;
  return id ? `Patient/${id}` : undefined;
}

/**
 * This launch's patient's consults, newest first: find the store's snapshot of the EHR patient by its
 * identifier, then one search for its ServiceRequests with their threads and Tasks (_revinclude).
 */
export async function listConsults(deps: ProxyDeps, launch: LaunchContext): Promise<ConsultSummary[]> {
  const [subject, withTask] = await Promise.all([patientSnapshotRef(deps, launch), storeKeepsTasks(deps)]);
  if (!subject) {
    return [];
  }
  const query = withThread(new URLSearchParams({ subject, _sort: '-authored', _count: '100' }), withTask);
  const bundle = await deps.store.search<FhirResource>(`ServiceRequest?${query}`);
  return recordsFrom(bundle).map(toConsultSummary);
}
