import type { Bundle, Communication, OperationOutcomeIssue, ServiceRequest, Task } from 'fhir/r4';
import type { ConsultRequestInput, ConsultTarget, SharedItem } from '../api/consult-input.ts';
import type { ConsultSummary } from '../api/consult-summary.ts';
import type { EhrRecordItem } from '../api/ehr-record.ts';
import { parseFhirUser, type LaunchContext } from '../auth/launch-context.ts';
import { buildConsultTransaction } from '../fhir/build-consult-transaction.ts';
import type { ResolvedTarget } from '../fhir/build-service-request.ts';
import type { ShareableResource } from '../fhir/build-shared-copy.ts';
import { assertBuiltValid, validateR4 } from '../fhir/r4.ts';
import { Problem } from '../lib/outcome.ts';
import type { ChartCache, CheckedRead } from './chart-cache.ts';
import { readPatient, readRequester, readSharedChecked } from './chart-reads.ts';
import type { ProxyDeps } from './deps.ts';
import { assertAllFound, fieldOfItem, withReason, type SharedChoice } from './read-shared-items.ts';
import { invalidPatientRecord, invalidRequesterRecord } from './record-validity.ts';
import { snapshotIdsFor } from './snapshot-ids.ts';
import { toConsultSummary } from './to-consult-summary.ts';
import { storeKeepsTasks } from './workflow-support.ts';
import { writeBackToEhr } from './write-back-to-ehr.ts';
import { entryFor, storedId, writeToStore, writtenResource } from './write-to-store.ts';

export interface SubmitResult {
  readonly consult: ConsultSummary;
  /** False when this idempotency key was already stored: the earlier consult is returned, nothing new written. */
  readonly created: boolean;
  /** The optional copy in the EHR, per resource (empty when this EHR is not set up for it). */
  readonly ehr: readonly EhrRecordItem[];
}

/** What the consult routes keep between calls (routes/consults.ts): the session's chart reads and the directory's targets. */
export interface ConsultCaches {
  readonly chart: ChartCache;
  readonly resolveTarget: (target: ConsultTarget) => Promise<ResolvedTarget>;
}

/**
 * Sends one consult: takes the patient, requester and shared items this session's composer has just
 * checked (reading from the EHR, with the user's token, whatever is not fresh in the cache), resolves the
 * target in the store's directory, builds and validates the transaction, and writes it to the consult
 * store with the proxy's own (here: no) credentials. With everything checked beforehand nothing is read
 * on the way: the store's CapabilityStatement and the target come from caches too.
 */
export async function submitConsult(deps: ProxyDeps, launch: LaunchContext, input: ConsultRequestInput, caches: ConsultCaches): Promise<SubmitResult> {
  const started = Date.now();
  const user = parseFhirUser(launch.fhirUser);
  const items = withReason(input.shared, input.reasonConditionId);
  const session = caches.chart.session(launch);
  const cachedItems = items.filter((item) => session.get(item.type, item.id)).length;
  const [patient, requester, found, target, withTask] = await Promise.all([
    readPatient(deps, session, launch, 'reuse'),
    readRequester(deps, session, launch, 'reuse'),
    readSharedChecked(deps, session, launch, items, 'reuse'),
    caches.resolveTarget(input.target),
    storeKeepsTasks(deps),
  ]);
  assertAllFound(input, items, found);
  const shared = items.map((item) => found.get(`${item.type}/${item.id}`) as CheckedRead<ShareableResource>);
  const bundle = buildConsultTransaction({
    input,
    iss: launch.iss,
    ehrPatient: patient.resource,
    requesterId: user?.id ?? 'unknown',
    ehrRequester: requester?.resource,
    shared: shared.map((read) => read.resource),
    target,
    now: deps.now().toISOString(),
    uuid: deps.uuid,
    withTask,
  });
  // The snapshots and copies were validated, and their US Core gaps logged, when read (chart-reads.ts);
  // what is built here is validated now (US Core profiles none of it: r4.ts).
  assertValid(bundle, [patient.issues, requester?.issues, ...shared.map((read) => read.issues)], { input, items });
  const response = await writeToStore(deps, bundle);
  const sr = await writtenResource<ServiceRequest>(deps, bundle, response, 'ServiceRequest', CONSULT_NOT_CONFIRMED);
  const question = await writtenResource<Communication>(deps, bundle, response, 'Communication', CONSULT_NOT_CONFIRMED);
  // The store's snapshot of this launch's patient, as the transaction found or made it: the next consult
  // list needs no search for it. Taken from the snapshot's own entry, never from the consult the key
  // matched, which is checked next.
  const snapshot = storedId(entryFor(bundle, response, 'Patient'), 'Patient');
  if (snapshot) {
    snapshotIdsFor(deps.store).remember(launch.iss, launch.patient, snapshot);
  }
  assertSameConsult(sr, question, { patient: snapshot, requester: storedId(entryFor(bundle, response, 'Practitioner'), 'Practitioner'), question: input.question });
  const task = withTask ? await writtenResource<Task>(deps, bundle, response, 'Task', CONSULT_NOT_CONFIRMED) : undefined;
  // The question is written last, so it is new exactly once, even when a store without transactions
  // took an earlier attempt half-way.
  const created = entryFor(bundle, response, 'Communication')?.response?.status?.startsWith('201') ?? false;
  deps.logger.info(created ? 'consult.created' : 'consult.replayed', { consultId: sr.id, shared: items.length, sharedFromCheck: cachedItems, ms: Date.now() - started });
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

// Our builders are tested, but the snapshots and shared items are made from the EHR's data, which may
// not be valid R4: those are refused (422, not sent again by the app) with what the physician can do;
// anything else is ours (500). `known` holds the verdicts already reached, by entry position.
function assertValid(bundle: Bundle, known: readonly (readonly OperationOutcomeIssue[] | undefined)[], shared: { readonly input: SharedChoice; readonly items: readonly SharedItem[] }): void {
  const entries = bundle.entry ?? [];
  const fromEhr = 2 + shared.items.length;
  entries.slice(0, fromEhr).forEach((entry, index) => {
    const issues = known[index] ?? (entry.resource ? validateR4(entry.resource) : []);
    if (!issues.length) {
      return;
    }
    if (index === 0) {
      throw Problem.of(422, 'invalid', `${invalidPatientRecord(issues)} Nothing was sent. Please tell your EHR administrator.`);
    }
    if (index === 1) {
      throw Problem.of(422, 'invalid', `${invalidRequesterRecord(issues)} Nothing was sent. Please tell your EHR administrator.`);
    }
    const field = fieldOfItem(shared.input, shared.items[index - 2] as SharedItem);
    const remedy = field === 'reasonConditionId' ? 'Choose another reason, or write one' : 'Uncheck it';
    throw Problem.of(422, 'invalid', `A shared ${entry.resource?.resourceType} from the chart is not valid FHIR and cannot be sent. ${remedy}, and send again.`, [field]);
  });
  assertBuiltValid(entries.slice(fromEhr).map((entry) => entry.resource));
}

/**
 * A key the store already holds answers with the consult stored under it, which must be this consult:
 * the same patient, requester and question. Keys are not secret (they name the consult in the EHR's
 * copy and in the queue), so without this a launch for another patient could replay one and be shown
 * that patient's consult. Checked on the store's answer, so a send costs no extra read.
 */
function assertSameConsult(sr: ServiceRequest, question: Communication, expected: { readonly patient: string | undefined; readonly requester: string | undefined; readonly question: string }): void {
  if (sr.subject.reference !== `Patient/${expected.patient}` || sr.requester?.reference !== `Practitioner/${expected.requester}`) {
    throw Problem.of(409, 'conflict', 'This consult could not be sent: its key belongs to a consult for another patient or from another physician. Nothing was changed. Start a new consult and send it again.', ['idempotencyKey']);
  }
  if (question.payload?.[0]?.contentString !== expected.question) {
    throw Problem.of(409, 'conflict', 'This consult was already sent with a different question, and it was not changed. Open it from the consult list to add to it, or start a new consult.', ['question']);
  }
}

const CONSULT_NOT_CONFIRMED = 'The consult store did not confirm the consult. Check the consult list before sending again.';
