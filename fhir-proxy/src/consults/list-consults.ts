import type { Bundle, Communication, ServiceRequest } from 'fhir/r4';
import type { ConsultSummary } from '../api/consult-summary.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import { questionKey } from '../fhir/build-communication.ts';
import { SYSTEMS } from '../fhir/identifiers.ts';
import type { ProxyDeps } from './deps.ts';
import { snapshotIdFinder, type SnapshotIdFinder } from './snapshot-ids.ts';
import { toConsultSummary } from './to-consult-summary.ts';

// One finder per store client (that is, per proxy instance).
const finders = new WeakMap<ProxyDeps['store'], SnapshotIdFinder>();

/**
 * This launch's patient's consults, newest first: the store's snapshot of the EHR patient (found by its
 * identifier, then remembered), then one search for its ServiceRequests with their Communications.
 */
export async function listConsults(deps: ProxyDeps, launch: LaunchContext): Promise<ConsultSummary[]> {
  const findSnapshot = finders.get(deps.store) ?? snapshotIdFinder(deps.store);
  finders.set(deps.store, findSnapshot);
  const search = (id: string) => {
    const query = new URLSearchParams({ subject: `Patient/${id}`, _sort: '-authored', _count: '100', _revinclude: 'Communication:based-on' });
    return deps.store.search<ServiceRequest | Communication>(`ServiceRequest?${query}`);
  };
  const remembered = await findSnapshot(launch.iss, launch.patient);
  let bundle: Bundle<ServiceRequest | Communication> | undefined = remembered ? await search(remembered) : undefined;
  if (remembered && !bundle?.entry?.length) {
    // Nothing under the remembered snapshot: the store may have been reset since, so look it up again.
    const current = await findSnapshot(launch.iss, launch.patient, { fresh: true });
    bundle = current === remembered ? bundle : current ? await search(current) : undefined;
  }
  const resources = (bundle?.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
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
