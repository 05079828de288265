import type { AllergyIntolerance, Condition, MedicationRequest } from 'fhir/r4';
import type { ShareableType, SharedItem } from '../../../lib/api-contract.ts';
import { conceptText, formatDate, medicationName } from '../../../lib/fhir/format.ts';
import { observationDate, observationValue } from '../../../lib/fhir/observations.ts';
import type { ObservationGroup } from '../../../lib/fhir/observations.ts';
import { OTHER_REASON } from './consult-draft.ts';
import type { ConsultDraft } from './consult-draft.ts';

/** The chart items a consult can share, as the app has read them. */
export interface ClinicalItems {
  readonly problems: readonly Condition[];
  readonly medications: readonly MedicationRequest[];
  readonly allergies: readonly AllergyIntolerance[];
  /** Labs and vitals by test, newest first: sharing a test shares its latest result and recent history. */
  readonly observations: readonly ObservationGroup[];
  /**
   * Groups the chart read has not delivered (still loading, or failed). An empty group then means
   * "not read", never "none on the chart": no physician should read a failed allergy search as none.
   */
  readonly unread?: Readonly<Partial<Record<ShareGroup, 'loading' | 'failed'>>>;
}

/** Earlier results that go with a shared test's latest one, so the specialist sees the trend. */
export const TREND_RESULTS = 10;

export type ShareGroup = 'allergies' | 'medications' | 'problems' | 'results';

export const SHARE_GROUP_LABELS: Readonly<Record<ShareGroup, string>> = {
  allergies: 'Allergies',
  medications: 'Active medications',
  problems: 'Problems',
  results: 'Labs and vitals (latest, with recent results for the trend)',
};

/** Allergies and active medications go with every consult unless unticked; the rest only when ticked. */
const SHARED_BY_DEFAULT: Readonly<Record<ShareGroup, boolean>> = { allergies: true, medications: true, problems: false, results: false };

export interface ShareOption {
  /** `Type/id`, the key of the draft's share choices. */
  readonly key: string;
  /** What ticking it shares: the item, and for a lab or vital also its earlier results. */
  readonly items: readonly SharedItem[];
  readonly group: ShareGroup;
  readonly label: string;
}

function option(type: ShareableType, id: string | undefined, group: ShareGroup, label: string, earlier: readonly string[] = []): ShareOption[] {
  return id ? [{ key: `${type}/${id}`, items: [id, ...earlier].map((itemId) => ({ type, id: itemId })), group, label }] : [];
}

function resultOption(group: ObservationGroup): ShareOption[] {
  const earlier = group.observations.slice(1, 1 + TREND_RESULTS).flatMap((o) => (o.id ? [o.id] : []));
  const history = earlier.length ? ` + ${earlier.length} earlier` : '';
  const { latest } = group;
  return option('Observation', latest.id, 'results', `${conceptText(latest.code)}: ${observationValue(latest).text} (${formatDate(observationDate(latest))})${history}`, earlier);
}

/** One checkbox per shareable item, in group order (allergies, medications, problems, results). */
export function buildShareOptions(items: ClinicalItems): ShareOption[] {
  return [
    ...items.allergies.flatMap((a) =>
      option('AllergyIntolerance', a.id, 'allergies', `${conceptText(a.code, 'Unnamed substance')}${a.criticality === 'high' ? ' (high criticality)' : ''}`),
    ),
    ...items.medications.flatMap((m) => option('MedicationRequest', m.id, 'medications', medicationName(m))),
    ...items.problems.flatMap((c) => option('Condition', c.id, 'problems', conceptText(c.code))),
    ...items.observations.flatMap(resultOption),
  ];
}

/** The reason's Condition, which is always shared. */
export function reasonShareKey(draft: ConsultDraft): string | undefined {
  return draft.reason && draft.reason !== OTHER_REASON ? `Condition/${draft.reason}` : undefined;
}

/** Whether an item goes with the consult: the reason always; otherwise the physician's choice, else the group default. */
export function isShared(option: ShareOption, draft: ConsultDraft): boolean {
  if (option.key === reasonShareKey(draft)) {
    return true;
  }
  return draft.shared[option.key] ?? SHARED_BY_DEFAULT[option.group];
}
