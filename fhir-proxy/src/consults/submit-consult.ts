import type { Bundle, Communication, FhirResource, Patient, Practitioner, ServiceRequest, Task } from 'fhir/r4';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import type { ConsultSummary } from '../api/consult-summary.ts';
import type { EhrRecordItem } from '../api/ehr-record.ts';
import { parseFhirUser, type LaunchContext } from '../auth/launch-context.ts';
import { buildConsultTransaction } from '../fhir/build-consult-transaction.ts';
import { validateR4, validateUsCore } from '../fhir/r4.ts';
import { Problem } from '../lib/outcome.ts';
import type { ProxyDeps } from './deps.ts';
import { readSharedItems, withReason } from './read-shared-items.ts';
import { resolveTarget } from './resolve-target.ts';
import { toConsultSummary } from './to-consult-summary.ts';
import { storeKeepsTasks } from './workflow-support.ts';
import { writeBackToEhr } from './write-back-to-ehr.ts';
import { writeToStore } from './write-to-store.ts';

export interface SubmitResult {
  readonly consult: ConsultSummary;
  /** False when this idempotency key was already stored: the earlier consult is returned, nothing new written. */
  readonly created: boolean;
  /** The optional copy in the EHR, per resource (empty when this EHR is not set up for it). */
  readonly ehr: readonly EhrRecordItem[];
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
  const [ehrPatient, ehrRequester, shared, target, withTask] = await Promise.all([
    ehr.read<Patient>('Patient', launch.patient, { token: launch.accessToken }),
    user?.resourceType === 'Practitioner'
      ? ehr.read<Practitioner>('Practitioner', user.id, { token: launch.accessToken }).catch(() => undefined)
      : Promise.resolve(undefined),
    readSharedItems(ehr, launch, items),
    resolveTarget(deps.store, input.target),
    storeKeepsTasks(deps),
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
    withTask,
  });
  assertValid(bundle, items.length);
  reportUsCoreGaps(deps, bundle);
  const response = await writeToStore(deps, bundle);
  // Answers come back in request order; find the two that matter by what was asked for.
  const indexOf = (type: string): number => (bundle.entry ?? []).findIndex((e) => e.resource?.resourceType === type);
  const entries = response.entry ?? [];
  const srEntry = entries[indexOf('ServiceRequest')];
  const questionEntry = entries[indexOf('Communication')];
  const sr = await resourceOf<ServiceRequest>(deps, srEntry, 'ServiceRequest');
  const question = await resourceOf<Communication>(deps, questionEntry, 'Communication');
  const task = withTask ? await resourceOf<Task>(deps, entries[indexOf('Task')], 'Task') : undefined;
  // The question is written last, so it is new exactly once, even when a store without transactions
  // took an earlier attempt half-way.
  const created = questionEntry?.response?.status?.startsWith('201') ?? false;
  deps.logger.info(created ? 'consult.created' : 'consult.replayed', { consultId: sr.id, shared: items.length, ms: Date.now() - started });
  const ehrRecord = await writeBackToEhr(deps, launch, {
    consultKey: input.idempotencyKey,
    storeConsultId: sr.id ?? '',
    urgency: input.urgency,
    question: input.question,
    patient: `Patient/${launch.patient}`,
    requester: user ? `${user.resourceType}/${user.id}` : '',
    target: { display: target.display, specialty: target.specialty },
    reason: input.reasonConditionId ? `Condition/${input.reasonConditionId}` : undefined,
    shared: items.map((item) => `${item.type}/${item.id}`),
    now: deps.now().toISOString(),
  }, created);
  return { consult: toConsultSummary({ sr: { ...sr, id: sr.id ?? '' }, messages: [question], task }), created, ehr: ehrRecord };
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

// US Core gaps come from the EHR's own data (a patient without a recorded sex); the consult still goes,
// and the log names the elements (never their values) so an integrator can see what their EHR omits.
// Each EHR record (meta.source) is checked once per process: profile validation costs milliseconds
// per resource, and the gaps of a record do not change from one consult to the next.
const checkedSources = new Set<string>();
function reportUsCoreGaps(deps: ProxyDeps, bundle: Bundle): void {
  for (const entry of bundle.entry ?? []) {
    const source = entry.resource?.meta?.source;
    if (source && checkedSources.has(source)) {
      continue;
    }
    if (source && checkedSources.size < 100_000) {
      checkedSources.add(source);
    }
    const issues = entry.resource ? validateUsCore(entry.resource) : undefined;
    if (issues?.length) {
      deps.logger.info('fhir.us-core-gap', { resourceType: entry.resource?.resourceType, elements: issues.flatMap((i) => i.expression ?? []).join(',') });
    }
  }
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
