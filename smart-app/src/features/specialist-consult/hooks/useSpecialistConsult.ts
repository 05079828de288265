import { useEffect, useState } from 'react';
import type { SpecialistConsultDetail } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

export type UseSpecialistConsultReturn =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly consult: SpecialistConsultDetail }
  | { readonly status: 'error'; readonly message: string };

/** One consult with its packet and thread, as the specialist reads it; read again when `refreshKey` changes. */
export function useSpecialistConsult(id: string, refreshKey: number): UseSpecialistConsultReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<UseSpecialistConsultReturn>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    proxy.getSpecialistConsult(id).then(
      (consult) => current && setState({ status: 'ready', consult }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The consult could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [proxy, id, refreshKey]);
  return state;
}
