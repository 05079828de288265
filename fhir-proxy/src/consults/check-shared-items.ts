import type { ShareableType } from '../api/consult-input.ts';
import type { SharedCheckInput, SharedCheckResult, SharedItemCheck } from '../api/shared-check.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import type { ChartCache } from './chart-cache.ts';
import { readPatient, readRequester, readSharedChecked } from './chart-reads.ts';
import type { ProxyDeps } from './deps.ts';
import { withReason } from './read-shared-items.ts';
import { invalidPatientRecord, invalidRequesterRecord } from './record-validity.ts';

/** What the physician calls each kind of item, in the texts shown next to it. */
const ITEM_NAMES: Readonly<Record<ShareableType, string>> = {
  Condition: 'problem',
  MedicationRequest: 'medication',
  AllergyIntolerance: 'allergy',
  Observation: 'result',
};

/**
 * The composer's check, while the physician writes: reads the ticked items (and the reason's Condition)
 * from the EHR with the user's token, scoped to the launch patient exactly as sending does, validates
 * what Curbside would write from each (R4; US Core gaps are logged), and says per item whether it can
 * be sent. The patient and requester are read again in the same wave, and where either record is not
 * valid R4 (no consult can then be sent from this launch) the answer says so. Everything read is kept in the
 * session's cache (chart-cache.ts), so a consult sent within `freshForSeconds` reads nothing again.
 * @see https://hl7.org/fhir/R4/validation.html
 */
export async function checkSharedItems(deps: ProxyDeps, chart: ChartCache, launch: LaunchContext, input: SharedCheckInput): Promise<SharedCheckResult> {
  const started = Date.now();
  const items = withReason(input.shared, input.reasonConditionId);
  const session = chart.session(launch);
  const [found, patient, requester] = await Promise.all([
    readSharedChecked(deps, session, launch, items, 'refresh'),
    readPatient(deps, session, launch, 'refresh'),
    readRequester(deps, session, launch, 'refresh'),
  ]);
  const blockers = [
    ...(patient.issues.length ? [`${invalidPatientRecord(patient.issues)} Please tell your EHR administrator.`] : []),
    ...(requester?.issues.length ? [`${invalidRequesterRecord(requester.issues)} Please tell your EHR administrator.`] : []),
  ];
  const checks = items.map((item): SharedItemCheck => {
    const read = found.get(`${item.type}/${item.id}`);
    if (!read) {
      return { ...item, status: 'not-found', text: `This ${ITEM_NAMES[item.type]} is no longer in this patient's chart. Reload the chart and choose again.` };
    }
    if (read.issues.length) {
      // The reason is always shared, so it cannot be unticked: another reason has to be chosen.
      const remedy = item.type === 'Condition' && item.id === input.reasonConditionId ? 'Choose another reason, or write one' : 'Untick it, or describe it in your question';
      return { ...item, status: 'invalid', text: `This ${ITEM_NAMES[item.type]} is recorded in a form that is not valid FHIR, so Curbside cannot send it. ${remedy}.` };
    }
    return { ...item, status: 'shareable' };
  });
  deps.logger.info('shared.checked', {
    items: items.length,
    invalid: checks.filter((c) => c.status === 'invalid').length,
    notFound: checks.filter((c) => c.status === 'not-found').length,
    blockers: blockers.length,
    ms: Date.now() - started,
  });
  return { items: checks, blockers, freshForSeconds: Math.round(chart.ttlMs / 1000) };
}
