import { useEffect, useState } from 'react';
import type { ProgrammeMetrics } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

export type UseProgrammeMetricsReturn =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly metrics: ProgrammeMetrics }
  | { readonly status: 'error'; readonly message: string };

/** The programme metrics (GET /specialist/metrics), read again when `refreshKey` changes. */
export function useProgrammeMetrics(refreshKey: number): UseProgrammeMetricsReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<UseProgrammeMetricsReturn>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    proxy.getProgrammeMetrics().then(
      (metrics) => current && setState({ status: 'ready', metrics }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The metrics could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [proxy, refreshKey]);
  return state;
}
