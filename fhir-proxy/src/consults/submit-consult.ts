import type { Bundle, Communication, FhirResource, Patient, Practitioner, ServiceRequest } from 'fhir/r4';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import type { ConsultSummary } from '../api/consult-summary.ts';
import { parseFhirUser, type LaunchContext } from '../auth/launch-context.ts';
import { buildConsultTransaction } from '../fhir/build-consult-transaction.ts';
import { validateR4 } from '../fhir/r4.ts';
import type { Logger } from '../lib/logger.ts';
import { Problem } from '../lib/outcome.ts';
import type { ProxyDeps } from './deps.ts';
import { readSharedItems, withReason } from './read-shared-items.ts';
import { resolveTarget } from './resolve-target.ts';
import { toConsultSummary } from './to-consult-summary.ts';
import { usCoreGapReporter, type BuiltFrom } from './us-core-gaps.ts';

export interface SubmitResult {
  readonly consult: ConsultSummary;
  /** False when this idempotency key was already stored: the earlier consult is returned, nothing new written. */
  readonly created: boolean;
}

/**
 * Sends one consult: reads the patient, requester and shared items from the EHR with the user's token,
 * resolves the target in the store's directory, builds and validates the transaction, and writes it
 * to the consult store with the proxy's own (here: no) credentials.
 */
export async function submitConsult(deps: ProxyDeps, launch: LaunchContext, input: ConsultRequestInput): Promise<SubmitResult> {
  const started = Date.now();
  const ehr = deps.ehr(launch.iss);
  const user = parseFhirUser(launch.fhirUser);
  const items = withReason(input.shared, input.reasonConditionId);
  const [ehrPatient, ehrRequester, shared, target] = await Promise.all([
    ehr.read<Patient>('Patient', launch.patient, { token: launch.accessToken }),
    user?.resourceType === 'Practitioner'
      ? ehr.read<Practitioner>('Practitioner', user.id, { token: launch.accessToken }).catch(() => undefined)
      : Promise.resolve(undefined),
    readSharedItems(ehr, launch, items),
    resolveTarget(deps.store, input.target),
  ]);
  const bundle = buildConsultTransaction({
    input,
    iss: launch.iss,
    ehrPatient,
    requesterId: user?.id ?? 'unknown',
    ehrRequester,
    shared,
    target,
    now: deps.now().toISOString(),
    uuid: deps.uuid,
  });
  assertValid(bundle, items.length);
  reportUsCoreGaps(deps, bundle, [ehrPatient, ehrRequester, ...shared]);
  const response = await deps.store.transaction(bundle);
  const entries = response.entry ?? [];
  const srEntry = entries[entries.length - 2];
  const sr = await resourceOf<ServiceRequest>(deps, srEntry, 'ServiceRequest');
  const question = await resourceOf<Communication>(deps, entries[entries.length - 1], 'Communication');
  const created = srEntry?.response?.status?.startsWith('201') ?? false;
  deps.logger.info(created ? 'consult.created' : 'consult.replayed', { consultId: sr.id, shared: items.length, ms: Date.now() - started });
  return { consult: toConsultSummary(sr, question), created };
}

// Our builders are tested, but shared items are the EHR's data and may not be valid R4; the physician
// can uncheck one, so the issue names it.
function assertValid(bundle: Bundle, sharedCount: number): void {
  (bundle.entry ?? []).forEach((entry, index) => {
    const issues = entry.resource ? validateR4(entry.resource) : [];
    if (!issues.length) {
      return;
    }
    const sharedIndex = index - 2;
    if (sharedIndex >= 0 && sharedIndex < sharedCount) {
      throw Problem.of(422, 'invalid', `A shared ${entry.resource?.resourceType} from the chart is not valid FHIR and cannot be sent. Uncheck it and send again.`, [`shared[${sharedIndex}]`]);
    }
    throw new Problem(500, { resourceType: 'OperationOutcome', issue: issues.map((i) => ({ ...i, diagnostics: `Curbside built an invalid ${entry.resource?.resourceType}` })) });
  });
}

// One reporter per logger (that is, per proxy instance): it remembers which EHR content it has checked.
const reporters = new WeakMap<Logger, (items: readonly BuiltFrom[]) => void>();

// US Core gaps come from the EHR's own data; the consult goes regardless (see us-core-gaps.ts). The
// bundle starts with the patient and requester snapshots, then the shared copies, in `originals` order.
function reportUsCoreGaps(deps: ProxyDeps, bundle: Bundle, originals: readonly (FhirResource | undefined)[]): void {
  const report = reporters.get(deps.logger) ?? usCoreGapReporter(deps.logger);
  reporters.set(deps.logger, report);
  const entries = bundle.entry ?? [];
  report(
    originals.flatMap((original, i) => {
      const built = entries[i]?.resource;
      return original && built ? [{ original, built }] : [];
    }),
  );
}

// Servers may answer a transaction without bodies (HAPI without Prefer: return=representation).
async function resourceOf<T extends FhirResource>(deps: ProxyDeps, entry: NonNullable<Bundle['entry']>[number] | undefined, type: T['resourceType']): Promise<T> {
  if (entry?.resource?.resourceType === type) {
    return entry.resource as T;
  }
  const id = new RegExp(`${type}/([^/]+)`).exec(entry?.response?.location ?? '')?.[1];
  if (!id) {
    throw Problem.of(502, 'processing', 'The consult store did not confirm the consult. Check the consult list before sending again.');
  }
  return deps.store.read<T>(type, id);
}
