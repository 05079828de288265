import { useMemo } from 'react';
import type { ConsultSummary } from '../../../lib/api-contract.ts';
import type { ProxyClient } from '../../../lib/proxy-client.ts';
import { useRetryableRead, type RetryableRead } from '../../../lib/useRetryableRead.ts';

export type UseConsultsReturn =
  | Exclude<RetryableRead<never>, { readonly status: 'ready' }>
  | { readonly status: 'ready'; readonly consults: readonly ConsultSummary[] };

function newestFirst(a: ConsultSummary, b: ConsultSummary): number {
  return (b.authoredOn ?? '').localeCompare(a.authoredOn ?? '');
}

const read = async (proxy: ProxyClient): Promise<readonly ConsultSummary[]> => [...(await proxy.listConsults())].sort(newestFirst);

/** This patient's consults (GET /consults), newest first; fetched again whenever `refreshKey` changes, or on `retry`; not while `hold`. */
export function useConsults(refreshKey: number, hold = false): UseConsultsReturn {
  const state = useRetryableRead(hold ? undefined : read, refreshKey, 'The consults could not be loaded.');
  // The same object until the list changes: the chart page renders with each chart section, the list need not.
  return useMemo(() => (state.status === 'ready' ? { status: 'ready', consults: state.value } : state), [state]);
}
