import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueItem, QueuePage, QueueStatus, Urgency } from '../../../lib/api-contract.ts';
import { ProxyError, type ProxyClient } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';
import { useRetryableRead } from '../../../lib/useRetryableRead.ts';

export interface QueueFilters {
  readonly status: QueueStatus;
  readonly urgency: Urgency | undefined;
}

export type QueueState =
  | { readonly status: 'loading' }
  /** `moreError`: the last Show more failed (why, in the proxy's words); the rows shown stay, and Show more reads that page again. */
  | { readonly status: 'ready'; readonly items: readonly QueueItem[]; readonly next: string | undefined; readonly loadingMore: boolean; readonly moreError: string | undefined }
  /** `retrying`: Try again was pressed and the first page is being read again (the failure stays on screen). */
  | { readonly status: 'error'; readonly message: string; readonly transient: boolean; readonly retrying: boolean };

export interface UseQueueReturn {
  readonly state: QueueState;
  /** Appends the next page (the server pages; the app never asks for the whole queue). */
  readonly loadMore: () => void;
  /** Reads the first page again after a failure (Try again). */
  readonly retry: () => void;
}

/** Pages added by Show more, and the first page they follow: their cursors mean nothing after another first page. */
interface MorePages {
  readonly after: QueuePage;
  readonly items: readonly QueueItem[];
  readonly next: string | undefined;
  readonly loading: boolean;
  readonly error: string | undefined;
}

const PAGE_SIZE = 20;
/** The most the proxy answers in one page (`pageSize`, api/specialist.ts). */
const MAX_PAGE_SIZE = 50;

/**
 * The specialist's queue for these filters: the first page (read again whenever `refreshKey` changes,
 * or on `retry`), then the pages Show more adds. Other filters are another read, loading until their own
 * first page arrives; a new first page (a refresh, other filters) starts the added pages over, and a
 * page asked for before it is dropped when it comes. A refresh (a live update, a claim) reads the first
 * page as long as the queue was shown (up to the proxy's 50), so the rows Show more added stay on screen.
 * Nothing is read while `hold` (loading).
 */
export function useQueue(filters: QueueFilters, refreshKey: number, hold = false): UseQueueReturn {
  const { status, urgency } = filters;
  // How many rows these filters showed: read through a ref, so a refresh is the same read (no loading flash).
  const shown = useRef({ status, urgency, rows: PAGE_SIZE });
  const read = useCallback(
    (proxy: ProxyClient) => {
      const { current } = shown;
      const rows = current.status === status && current.urgency === urgency ? current.rows : PAGE_SIZE;
      return proxy.getQueue({ status, urgency, pageSize: Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, rows)) });
    },
    [status, urgency],
  );
  const first = useRetryableRead(hold ? undefined : read, refreshKey, 'The queue could not be loaded.');
  const proxy = useProxyClient();
  const [held, setHeld] = useState<MorePages | undefined>();
  const firstPage = first.status === 'ready' ? first.value : undefined;
  const more = held && held.after === firstPage ? held : undefined;

  const loadMore = useCallback(() => {
    const cursor = more ? more.next : firstPage?.next;
    if (!firstPage || !cursor || more?.loading) {
      return;
    }
    const after = firstPage;
    setHeld({ after, items: more?.items ?? [], next: cursor, loading: true, error: undefined });
    const settle = (change: (pages: MorePages) => MorePages): void => setHeld((pages) => (pages?.after === after ? change(pages) : pages));
    proxy.getQueue({ status, urgency, pageSize: PAGE_SIZE, cursor }).then(
      (page) => settle((pages) => ({ ...pages, items: [...pages.items, ...page.items], next: page.next, loading: false })),
      (error: unknown) => settle((pages) => ({ ...pages, loading: false, error: error instanceof ProxyError ? error.message : 'Please try again.' })),
    );
  }, [proxy, firstPage, more, status, urgency]);

  const seen = new Set<string>();
  // A consult can move up between pages (the queue is live): shown once, where it was first listed.
  const items = firstPage ? [...firstPage.items, ...(more?.items ?? [])].filter((item) => !seen.has(item.id) && seen.add(item.id)) : undefined;
  const rows = items?.length;
  useEffect(() => {
    if (rows !== undefined) {
      shown.current = { status, urgency, rows };
    }
  }, [status, urgency, rows]);

  const retry = first.status === 'error' ? first.retry : noop;
  if (first.status !== 'ready' || !items) {
    return { state: first.status === 'error' ? { status: 'error', message: first.message, transient: first.transient, retrying: first.retrying } : { status: 'loading' }, loadMore, retry };
  }
  return { state: { status: 'ready', items, next: more ? more.next : first.value.next, loadingMore: more?.loading ?? false, moreError: more?.error }, loadMore, retry };
}

function noop(): void {}
