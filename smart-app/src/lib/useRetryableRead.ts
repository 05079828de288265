import { useCallback, useEffect, useState } from 'react';
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

/** A failure that is not the proxy's refusal (proxy-send.ts): the same read may succeed later. */
function isTransient(error: unknown): boolean {
  return !(error instanceof ProxyError) || isTransientStatus(error.status);
}

/**
 * One read through the proxy, again whenever `refreshKey` changes or the user asks (Try again); an answer
 * that arrives after the component left, or after a newer read began, is dropped. A failure reads as the
 * proxy's OperationOutcome text, else `failure`. `read` must be stable (a module-level function).
 */
export function useRetryableRead<T>(read: (proxy: ProxyClient) => Promise<T>, refreshKey: unknown, failure: string): RetryableRead<T> {
  const proxy = useProxyClient();
  const [state, setState] = useState<ReadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    read(proxy).then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : failure, transient: isTransient(error), retrying: false }),
    );
    return () => {
      current = false;
    };
  }, [read, proxy, refreshKey, attempt, failure]);

  const retry = useCallback(() => {
    setState((s) => (s.status === 'error' ? { ...s, retrying: true } : s));
    setAttempt((n) => n + 1);
  }, []);
  return state.status === 'error' ? { ...state, retry } : state;
}
