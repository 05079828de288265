import type { LaunchContext } from '../auth/launch-context.ts';
import { Problem } from '../lib/outcome.ts';
import { readConsult, type ConsultRecord } from './consult-record.ts';
import type { ProxyDeps } from './deps.ts';
import { mayAccessConsult } from './read-consult.ts';
import { patientSnapshotRef } from './list-consults.ts';
import { storeKeepsTasks } from './workflow-support.ts';

/**
 * A consult the launch may see: it must be about the launch's patient (the store's snapshot of that EHR
 * patient). Any other id is "not found", whether it exists or not, so ids tell a caller nothing.
 */
export async function readForRequester(deps: ProxyDeps, launch: LaunchContext, id: string): Promise<ConsultRecord> {
  const [subject, withTask] = await Promise.all([patientSnapshotRef(deps, launch), storeKeepsTasks(deps)]);
  const record = subject ? await readConsult(deps.store, id, withTask) : undefined;
  if (!record || !mayAccessConsult({ launch, patientSnapshot: subject }, record.sr)) {
    throw consultNotFound();
  }
  return record;
}

export function consultNotFound(): Problem {
  return Problem.of(404, 'not-found', 'There is no such consult for you. It may have been sent for another patient or to other specialists.');
}
