import { useEffect, useState } from 'react';
import { ProxyError, type ProxyClient } from './proxy-client.ts';
import { useProxyClient } from './useProxyClient.ts';

export type UseConsultReadReturn<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly consult: T }
  | { readonly status: 'error'; readonly message: string };

/**
 * Reads one consult through the proxy and again whenever `refreshKey` changes; an answer that arrives
 * after the id changed or the component left is dropped. `read` must be stable (a module-level function).
 */
export function useConsultRead<T>(read: (proxy: ProxyClient, id: string) => Promise<T>, id: string, refreshKey: number): UseConsultReadReturn<T> {
  const proxy = useProxyClient();
  const [state, setState] = useState<UseConsultReadReturn<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    read(proxy, id).then(
      (consult) => current && setState({ status: 'ready', consult }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The consult could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [read, proxy, id, refreshKey]);
  return state;
}
