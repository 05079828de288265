import { useEffect, useState } from 'react';
import type { ConsultSummary } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

export type UseConsultsReturn =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly consults: readonly ConsultSummary[] }
  | { readonly status: 'error'; readonly message: string };

function newestFirst(a: ConsultSummary, b: ConsultSummary): number {
  return (b.authoredOn ?? '').localeCompare(a.authoredOn ?? '');
}

/** This patient's consults (GET /consults), newest first; fetched again whenever `refreshKey` changes. */
export function useConsults(refreshKey: number): UseConsultsReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<UseConsultsReturn>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    proxy.listConsults().then(
      (consults) => current && setState({ status: 'ready', consults: [...consults].sort(newestFirst) }),
      (error: unknown) =>
        current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The consults could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [proxy, refreshKey]);

  return state;
}
