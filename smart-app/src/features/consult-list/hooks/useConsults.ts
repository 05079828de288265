import { useCallback, useEffect, useState } from 'react';
import type { ConsultSummary } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

type ConsultsState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly consults: readonly ConsultSummary[] }
  | { readonly status: 'error'; readonly message: string; readonly retrying: boolean };

export type UseConsultsReturn =
  | Exclude<ConsultsState, { readonly status: 'error' }>
  /** `retry` reads the list again (Try again); `retrying` is true meanwhile, the failure staying on screen. */
  | (Extract<ConsultsState, { readonly status: 'error' }> & { readonly retry: () => void });

function newestFirst(a: ConsultSummary, b: ConsultSummary): number {
  return (b.authoredOn ?? '').localeCompare(a.authoredOn ?? '');
}

/** This patient's consults (GET /consults), newest first; fetched again whenever `refreshKey` changes, or on `retry`. */
export function useConsults(refreshKey: number): UseConsultsReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<ConsultsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    proxy.listConsults().then(
      (consults) => current && setState({ status: 'ready', consults: [...consults].sort(newestFirst) }),
      (error: unknown) =>
        current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The consults could not be loaded.', retrying: false }),
    );
    return () => {
      current = false;
    };
  }, [proxy, refreshKey, attempt]);

  const retry = useCallback(() => {
    setState((s) => (s.status === 'error' ? { ...s, retrying: true } : s));
    setAttempt((n) => n + 1);
  }, []);
  return state.status === 'error' ? { ...state, retry } : state;
}
