import type { LaunchContext } from '../auth/launch-context.ts';
import { Problem } from '../lib/outcome.ts';
import { readConsult, type ConsultRecord } from './consult-record.ts';
import type { ProxyDeps } from './deps.ts';
import { mayAccessConsult } from './read-consult.ts';
import { patientSnapshotRef } from './list-consults.ts';
import { snapshotIdsFor } from './snapshot-ids.ts';
import { storeKeepsTasks } from './workflow-support.ts';

/**
 * A consult the launch may see: it must be about the launch's patient (the store's snapshot of that EHR
 * patient). Any other id is "not found", whether it exists or not, so ids tell a caller nothing. The
 * consult is searched for by id and that snapshot (`subject`), so with the snapshot id remembered this
 * is one store search. A remembered snapshot that finds nothing is looked up once more (the store may
 * have been reset since) before the 404.
 */
export async function readForRequester(deps: ProxyDeps, launch: LaunchContext, id: string): Promise<ConsultRecord> {
  const remembered = snapshotIdsFor(deps.store).lookup(launch.iss, launch.patient) !== undefined;
  const [subject, withTask] = await Promise.all([patientSnapshotRef(deps, launch), storeKeepsTasks(deps)]);
  let record = subject ? await readConsult(deps.store, id, withTask, subject) : undefined;
  let patientSnapshot = subject;
  if (!record && remembered) {
    patientSnapshot = await patientSnapshotRef(deps, launch, { fresh: true });
    record = patientSnapshot && patientSnapshot !== subject ? await readConsult(deps.store, id, withTask, patientSnapshot) : undefined;
  }
  // The store's filter decided; the one access rule still has the last word.
  if (!record || !mayAccessConsult({ launch, patientSnapshot }, record.sr)) {
    throw consultNotFound();
  }
  return record;
}

export function consultNotFound(): Problem {
  return Problem.of(404, 'not-found', 'There is no such consult for you. It may have been sent for another patient or to other specialists.');
}
