import { useCallback, useEffect, useState } from 'react';
import type { QueueItem, QueueStatus, Urgency } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

export interface QueueFilters {
  readonly status: QueueStatus;
  readonly urgency: Urgency | undefined;
}

export type QueueState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly items: readonly QueueItem[]; readonly next: string | undefined; readonly loadingMore: boolean }
  /** `retrying`: Try again was pressed and the first page is being read again (the failure stays on screen). */
  | { readonly status: 'error'; readonly message: string; readonly retrying: boolean };

export interface UseQueueReturn {
  readonly state: QueueState;
  /** Appends the next page (the server pages; the app never asks for the whole queue). */
  readonly loadMore: () => void;
  /** Reads the first page again after a failure (Try again). */
  readonly retry: () => void;
}

const PAGE_SIZE = 20;

/** The specialist's queue for these filters: the first page, read again whenever `refreshKey` changes, or on `retry`. */
export function useQueue(filters: QueueFilters, refreshKey: number): UseQueueReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<QueueState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const fail = (error: unknown): QueueState => ({ status: 'error', message: error instanceof ProxyError ? error.message : 'The queue could not be loaded.', retrying: false });

  useEffect(() => {
    let current = true;
    proxy.getQueue({ status: filters.status, urgency: filters.urgency, pageSize: PAGE_SIZE }).then(
      (page) => current && setState({ status: 'ready', items: page.items, next: page.next, loadingMore: false }),
      (error: unknown) => current && setState(fail(error)),
    );
    return () => {
      current = false;
    };
  }, [proxy, filters.status, filters.urgency, refreshKey, attempt]);

  const loadMore = useCallback(() => {
    if (state.status !== 'ready' || !state.next || state.loadingMore) {
      return;
    }
    const { items, next } = state;
    setState({ ...state, loadingMore: true });
    proxy.getQueue({ status: filters.status, urgency: filters.urgency, pageSize: PAGE_SIZE, cursor: next }).then(
      (page) => setState({ status: 'ready', items: [...items, ...page.items.filter((i) => !items.some((seen) => seen.id === i.id))], next: page.next, loadingMore: false }),
      (error: unknown) => setState(fail(error)),
    );
  }, [proxy, state, filters.status, filters.urgency]);

  const retry = useCallback(() => {
    setState((s) => (s.status === 'error' ? { ...s, retrying: true } : s));
    setAttempt((n) => n + 1);
  }, []);

  return { state, loadMore, retry };
}
