import { useEffect, useState } from 'react';
import type { ConsultDetail } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

export type UseConsultDetailReturn =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly consult: ConsultDetail }
  | { readonly status: 'error'; readonly message: string };

/** One consult of the launch patient with its thread (GET /consults/:id); read again when `refreshKey` changes. */
export function useConsultDetail(id: string, refreshKey: number): UseConsultDetailReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<UseConsultDetailReturn>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    proxy.getConsult(id).then(
      (consult) => current && setState({ status: 'ready', consult }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The consult could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [proxy, id, refreshKey]);
  return state;
}
