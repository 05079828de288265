import { useEffect, useMemo, useRef, useState } from 'react';
import type { SharedCheckInput, SharedItemCheck } from '../../../lib/api-contract.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

/** Quiet time after the last tick before the check goes out, so a run of ticks is one call. */
export const CHECK_DEBOUNCE_MS = 400;

export interface UseSharedCheckOptions {
  /** The items ticked now and the reason's Condition; undefined while there is nothing to check. */
  readonly input: SharedCheckInput | undefined;
  /**
   * Changes whenever the physician edits the draft. A check older than half of what the proxy keeps is
   * made again on the next edit, so what was checked is still kept when they press Send.
   */
  readonly activity?: unknown;
  readonly debounceMs?: number;
}

export interface UseSharedCheckReturn {
  /** What the last check found wrong, by item (`Type/id`): text for the physician. Empty when all can be sent. */
  readonly problems: ReadonlyMap<string, string>;
  /** What the last check found stops any consult from this launch (the patient's or the user's own EHR record): text for the physician. */
  readonly blockers: readonly string[];
}

// The selection as a string (order does not matter to the check), so the effect runs when it changes and only then.
function keyOf(input: SharedCheckInput | undefined): string {
  if (!input || (input.shared.length === 0 && !input.reasonConditionId)) {
    return '';
  }
  const shared = [...input.shared].sort((a, b) => `${a.type}/${a.id}`.localeCompare(`${b.type}/${b.id}`));
  return JSON.stringify({ ...(input.reasonConditionId ? { reasonConditionId: input.reasonConditionId } : {}), shared });
}

/**
 * Checks the ticked chart items with the proxy while the physician writes (`POST /consults/shared-check`):
 * the proxy re-reads them from the EHR, validates them and keeps them for this session, so Send reads
 * nothing again, and says per item what cannot be sent. Debounced; the answer to a selection that has
 * changed since is dropped. A failed check shows nothing: sending checks everything again anyway.
 */
export function useSharedCheck({ input, activity, debounceMs = CHECK_DEBOUNCE_MS }: UseSharedCheckOptions): UseSharedCheckReturn {
  const proxy = useProxyClient();
  const key = keyOf(input);
  const [items, setItems] = useState<readonly SharedItemCheck[]>([]);
  const [blockers, setBlockers] = useState<readonly string[]>([]);
  const [refresh, setRefresh] = useState(0);
  const checked = useRef<{ key: string; at: number; freshForMs: number } | undefined>(undefined);

  useEffect(() => {
    if (!key) {
      setItems([]);
      setBlockers([]);
      return undefined;
    }
    const body = JSON.parse(key) as SharedCheckInput;
    let current = true;
    const timer = setTimeout(() => {
      proxy.checkShared(body).then(
        (result) => {
          if (current) {
            checked.current = { key, at: Date.now(), freshForMs: result.freshForSeconds * 1000 };
            setItems(result.items);
            // `?? []`: a proxy from before `blockers` (a rolling deploy) answers without them.
            setBlockers(result.blockers ?? []);
          }
        },
        () => undefined,
      );
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [proxy, key, refresh, debounceMs]);

  useEffect(() => {
    const last = checked.current;
    if (last && last.key === key && Date.now() - last.at > last.freshForMs / 2) {
      checked.current = undefined;
      setRefresh((n) => n + 1);
    }
  }, [activity, key]);

  const problems = useMemo(() => new Map(items.flatMap((item) => (item.status !== 'shareable' && item.text ? [[`${item.type}/${item.id}`, item.text] as const] : []))), [items]);
  return { problems, blockers };
}
