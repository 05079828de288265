import { useEffect, useState } from 'react';
import type { SpecialistProfile } from './api-contract.ts';
import { ProxyError } from './proxy-client.ts';
import { useProxyClient } from './useProxyClient.ts';

export type UseSpecialistProfileReturn =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly profile: SpecialistProfile }
  | { readonly status: 'error'; readonly message: string };

/** Who the signed-in specialist is in the consult store's directory (GET /specialist/me). */
export function useSpecialistProfile(): UseSpecialistProfileReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<UseSpecialistProfileReturn>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    proxy.getProfile().then(
      (profile) => current && setState({ status: 'ready', profile }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'Curbside could not find your specialist account.' }),
    );
    return () => {
      current = false;
    };
  }, [proxy]);
  return state;
}
