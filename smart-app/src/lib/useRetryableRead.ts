import { useCallback, useEffect, useMemo, useState } from 'react';
import { ProxyError, type ProxyClient } from './proxy-client.ts';
import { isTransientStatus } from './proxy-send.ts';
import { useProxyClient } from './useProxyClient.ts';

export type RetryableRead<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  /**
   * `retry` reads again (Try again); `retrying` is true meanwhile, the failure staying on screen.
   * `transient` is false where reading again cannot help (the proxy refused: no such consult, not yours).
   */
  | { readonly status: 'error'; readonly message: string; readonly transient: boolean; readonly retrying: boolean; readonly retry: () => void };

type ReadState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'error'; readonly message: string; readonly transient: boolean; readonly retrying: boolean };

// One object for every render that is loading, so a memoised reader of the state does not render again.
const LOADING = { status: 'loading' } as const;

/** A failure that is not the proxy's refusal (proxy-send.ts): the same read may succeed later. */
function isTransient(error: unknown): boolean {
  return !(error instanceof ProxyError) || isTransientStatus(error.status);
}

/**
 * One read through the proxy, again whenever `refreshKey` changes or the user asks (Try again); an answer
 * that arrives after the component left, or after a newer read began, is dropped. A failure reads as the
 * proxy's OperationOutcome text, else `failure`. `read` must be stable (a module-level function, or a
 * callback per thing read, such as one consult): a new `read` is something else being read, so it is
 * loading until its own answer arrives. Only a refresh of the same read keeps the last answer on screen;
 * one consult's thread must never stand under another's heading. `read` undefined: not yet (the page
 * holds its first reads until live updates are connected), loading with nothing sent.
 */
export function useRetryableRead<T>(read: ((proxy: ProxyClient) => Promise<T>) | undefined, refreshKey: unknown, failure: string): RetryableRead<T> {
  const proxy = useProxyClient();
  const [held, setHeld] = useState<{ readonly read: typeof read; readonly state: ReadState<T> }>({ read, state: LOADING });
  const state: ReadState<T> = read && held.read === read ? held.state : LOADING;
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!read) {
      return;
    }
    let current = true;
    const settle = (next: ReadState<T>): void => {
      if (current) {
        setHeld({ read, state: next });
      }
    };
    read(proxy).then(
      (value) => settle({ status: 'ready', value }),
      (error: unknown) => settle({ status: 'error', message: error instanceof ProxyError ? error.message : failure, transient: isTransient(error), retrying: false }),
    );
    return () => {
      current = false;
    };
  }, [read, proxy, refreshKey, attempt, failure]);

  const retry = useCallback(() => {
    setHeld((h) => (h.state.status === 'error' ? { ...h, state: { ...h.state, retrying: true } } : h));
    setAttempt((n) => n + 1);
  }, []);
  // The same object until something changes (a memoised reader of it renders only then).
  return useMemo(() => (state.status === 'error' ? { ...state, retry } : state), [state, retry]);
}
