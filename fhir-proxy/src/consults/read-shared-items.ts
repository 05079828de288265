import type { Bundle } from 'fhir/r4';
import type { SharedItem, ShareableType } from '../api/consult-input.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import type { ShareableResource } from '../fhir/build-shared-copy.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { Problem } from '../lib/outcome.ts';

/**
 * Re-reads items the physician chose to share from the EHR with their own token, one search per type
 * (`_id=a,b,c&patient=<launch patient>`), all in parallel, and returns what was found by `Type/id`.
 * Scoping each search to the launch patient means an id from another chart is simply not found: it is
 * refused, never copied.
 */
export async function searchSharedItems(ehr: FhirClient, launch: LaunchContext, items: readonly SharedItem[]): Promise<Map<string, ShareableResource>> {
  const byType = new Map<ShareableType, string[]>();
  for (const item of items) {
    byType.set(item.type, [...(byType.get(item.type) ?? []), item.id]);
  }
  const found = new Map<string, ShareableResource>();
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      const query = new URLSearchParams({ _id: ids.join(','), patient: launch.patient, _count: String(ids.length) });
      const bundle: Bundle<ShareableResource> = await ehr.search<ShareableResource>(`${type}?${query}`, { token: launch.accessToken });
      for (const entry of bundle.entry ?? []) {
        if (entry.resource?.resourceType === type && entry.resource.id && ids.includes(entry.resource.id)) {
          found.set(`${type}/${entry.resource.id}`, entry.resource);
        }
      }
    }),
  );
  return found;
}

/** Refuses a consult whose every shared item was not found in this patient's chart (422 naming the first). */
export function assertAllFound(input: SharedChoice, items: readonly SharedItem[], found: ReadonlyMap<string, unknown>): void {
  const item = items.find((i) => !found.has(`${i.type}/${i.id}`));
  if (item) {
    throw Problem.of(422, 'not-found', `A shared item (${item.type}) is no longer in this patient's chart. Reload the chart and choose what to share again.`, [fieldOfItem(input, item)]);
  }
}

/** What the physician chose to share, as the consult's input names it. */
export interface SharedChoice {
  readonly shared: readonly SharedItem[];
  readonly reasonConditionId?: string | undefined;
}

/** The input field an item to share came from: its place in `shared`, or `reasonConditionId` when only the reason names it. */
export function fieldOfItem(input: SharedChoice, item: SharedItem): string {
  const index = input.shared.findIndex((i) => i.type === item.type && i.id === item.id);
  return index >= 0 ? `shared[${index}]` : 'reasonConditionId';
}

/** The items to share: the physician's choice plus the reason's Condition, each once. */
export function withReason(items: readonly SharedItem[], reasonConditionId: string | undefined): SharedItem[] {
  const all = reasonConditionId ? [...items, { type: 'Condition' as const, id: reasonConditionId }] : [...items];
  const seen = new Set<string>();
  return all.filter((item) => {
    const key = `${item.type}/${item.id}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
