import type { Patient } from 'fhir/r4';
import type { ConsultSummary } from '../api/consult-summary.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { snapshotQuery } from '../fhir/build-snapshots.ts';
import { searchAllRecords, withThread } from './consult-record.ts';
import type { ProxyDeps } from './deps.ts';
import { snapshotIdsFor } from './snapshot-ids.ts';
import { toConsultSummary } from './to-consult-summary.ts';
import { storeKeepsTasks } from './workflow-support.ts';

/**
 * The store's snapshot of this launch's patient, found by the identifier naming the EHR record, as a
 * reference (`Patient/<id>`); undefined when no consult was ever sent for them. Once found it is
 * remembered (`snapshot-ids.ts`), so later calls make no search; `fresh` asks the store again.
 */
export async function patientSnapshotRef(deps: ProxyDeps, launch: Pick<LaunchContext, 'iss' | 'patient'>, options: { readonly fresh?: boolean } = {}): Promise<string | undefined> {
  const known = snapshotIdsFor(deps.store);
  const remembered = options.fresh ? undefined : known.lookup(launch.iss, launch.patient);
  if (remembered) {
    return `Patient/${remembered}`;
  }
  const patients = await deps.store.search<Patient>(`Patient?${snapshotQuery(launch.iss, 'Patient', launch.patient)}&_count=1`);
  const id = patients.entry?.[0]?.resource?.id;
  if (id) {
    known.remember(launch.iss, launch.patient, id);
  } else {
    known.forget(launch.iss, launch.patient);
  }
  return id ? `Patient/${id}` : undefined;
}

/**
 * This launch's patient's consults, newest first: the store's snapshot of the EHR patient (remembered
 * once found), then one search for its ServiceRequests with their threads and Tasks (_revinclude),
 * every page of it (one page for all but a patient with more than 50 consults).
 * A remembered snapshot that lists nothing is looked up again (the store may have been reset).
 */
export async function listConsults(deps: ProxyDeps, launch: LaunchContext): Promise<ConsultSummary[]> {
  const remembered = snapshotIdsFor(deps.store).lookup(launch.iss, launch.patient) !== undefined;
  const [subject, withTask] = await Promise.all([patientSnapshotRef(deps, launch), storeKeepsTasks(deps)]);
  if (!subject) {
    return [];
  }
  const list = async (ref: string): Promise<ConsultSummary[]> => {
    const query = withThread(new URLSearchParams({ subject: ref, _sort: '-authored', _count: '50' }), withTask);
    return (await searchAllRecords(deps.store, `ServiceRequest?${query}`)).map(toConsultSummary);
  };
  const consults = await list(subject);
  if (consults.length > 0 || !remembered) {
    return consults;
  }
  const current = await patientSnapshotRef(deps, launch, { fresh: true });
  return current && current !== subject ? list(current) : [];
}
