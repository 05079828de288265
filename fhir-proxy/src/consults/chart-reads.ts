import type { FhirResource, Patient, Practitioner } from 'fhir/r4';
import type { SharedItem } from '../api/consult-input.ts';
import { parseFhirUser, type LaunchContext } from '../auth/launch-context.ts';
import { buildSharedCopy, type ShareableResource } from '../fhir/build-shared-copy.ts';
import { buildPatientSnapshot, buildPractitionerSnapshot } from '../fhir/build-snapshots.ts';
import { validateR4 } from '../fhir/r4.ts';
import type { ChartSession, CheckedRead } from './chart-cache.ts';
import type { ProxyDeps } from './deps.ts';
import { searchSharedItems } from './read-shared-items.ts';
import { reportUsCoreGaps } from './us-core-gaps.ts';

/** `reuse`: a fresh cached read will do (sending). `refresh`: read the EHR again (the composer's check). */
export type Freshness = 'reuse' | 'refresh';

// A shared copy's R4 verdict does not depend on the consult it goes with: the consult's key only fills an
// identifier value and `urn:uuid:` references only replace reference strings (build-shared-copy.test.ts).
// So a copy made with a stand-in key is validated once, when the item is read, instead of on every send.
const STAND_IN_KEY = '00000000-0000-4000-8000-000000000000';

/**
 * The launch patient, read with the user's token (or from this session's cache), with the verdict on
 * the snapshot Curbside writes of them.
 * @see https://hl7.org/fhir/R4/http.html#read
 */
export async function readPatient(deps: ProxyDeps, session: ChartSession, launch: LaunchContext, freshness: Freshness): Promise<CheckedRead<Patient>> {
  const cached = freshness === 'reuse' ? session.get<Patient>('Patient', launch.patient) : undefined;
  if (cached) {
    return cached;
  }
  const resource = await deps.ehr(launch.iss).read<Patient>('Patient', launch.patient, { token: launch.accessToken });
  return remember(deps, session, resource, buildPatientSnapshot(resource, launch.iss));
}

/**
 * The requesting physician's Practitioner, when the user is one and the EHR shares the record
 * (undefined otherwise: the snapshot then carries the fhirUser reference alone). A refused read is not
 * kept, so the next send asks again.
 */
export async function readRequester(deps: ProxyDeps, session: ChartSession, launch: LaunchContext, freshness: Freshness): Promise<CheckedRead<Practitioner> | undefined> {
  const user = parseFhirUser(launch.fhirUser);
  if (user?.resourceType !== 'Practitioner') {
    return undefined;
  }
  const cached = freshness === 'reuse' ? session.get<Practitioner>('Practitioner', user.id) : undefined;
  if (cached) {
    return cached;
  }
  const resource = await deps.ehr(launch.iss).read<Practitioner>('Practitioner', user.id, { token: launch.accessToken }).catch(() => undefined);
  return resource ? remember(deps, session, resource, buildPractitionerSnapshot(launch.iss, user.id, resource)) : undefined;
}

/**
 * The shared items found in the launch patient's chart, by `Type/id`, each with the verdict on its copy.
 * With `reuse`, items this session read within the cache's lifetime are taken from the cache and only
 * the others are read (none at all when the composer has just checked them all); with `refresh`,
 * every item is read again. Items not in the patient's chart are absent from the answer.
 *
 * A cached item is the chart item as it was when the composer checked it, moments after the physician
 * ticked it: what they saw when they chose to share it. A consult is a copy of the chart as it stood
 * when it was written, and a copy read a few minutes before Send is that as much as one read at Send.
 */
export async function readSharedChecked(deps: ProxyDeps, session: ChartSession, launch: LaunchContext, items: readonly SharedItem[], freshness: Freshness): Promise<Map<string, CheckedRead<ShareableResource>>> {
  const found = new Map<string, CheckedRead<ShareableResource>>();
  const toRead = items.filter((item) => {
    const cached = freshness === 'reuse' ? session.get<ShareableResource>(item.type, item.id) : undefined;
    if (cached) {
      found.set(`${item.type}/${item.id}`, cached);
    }
    return !cached;
  });
  if (!toRead.length) {
    return found;
  }
  const read = await searchSharedItems(deps.ehr(launch.iss), launch, toRead);
  // References to the patient and to other shared items become `urn:uuid:`s in the transaction, as here.
  const local = new Map([`Patient/${launch.patient}`, ...items.map((item) => `${item.type}/${item.id}`)].map((ref, i) => [ref, `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]));
  for (const [key, resource] of read) {
    found.set(key, remember(deps, session, resource, buildSharedCopy(resource, { iss: launch.iss, consultKey: STAND_IN_KEY, local })));
  }
  return found;
}

// Validates what Curbside would write from a fresh read, notes its US Core gaps, and keeps both.
function remember<T extends FhirResource>(deps: ProxyDeps, session: ChartSession, resource: T, written: FhirResource): CheckedRead<T> {
  const read: CheckedRead<T> = { resource, issues: validateR4(written) };
  reportUsCoreGaps(deps, [written]);
  session.set(read);
  return read;
}
