import { useCallback } from 'react';
import type { ProxyClient } from './proxy-client.ts';
import { useRetryableRead, type RetryableRead } from './useRetryableRead.ts';

export type UseConsultReadReturn<T> = Exclude<RetryableRead<never>, { readonly status: 'ready' }> | { readonly status: 'ready'; readonly consult: T };

/**
 * Reads one consult through the proxy, again whenever `refreshKey` changes or the user asks (Try again);
 * an answer that arrives after the id changed or the component left is dropped. `read` must be stable
 * (a module-level function).
 */
export function useConsultRead<T>(read: (proxy: ProxyClient, id: string) => Promise<T>, id: string, refreshKey: number): UseConsultReadReturn<T> {
  const readThis = useCallback((proxy: ProxyClient) => read(proxy, id), [read, id]);
  const state = useRetryableRead(readThis, refreshKey, 'The consult could not be loaded.');
  return state.status === 'ready' ? { status: 'ready', consult: state.value } : state;
}
