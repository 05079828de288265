import { useEffect, useState } from 'react';
import type { Directory } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

export type UseDirectoryReturn =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly directory: Directory }
  | { readonly status: 'error'; readonly message: string };

/** The specialties (pools) and specialists a consult can go to (GET /directory). */
export function useDirectory(): UseDirectoryReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<UseDirectoryReturn>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    proxy.getDirectory().then(
      (directory) => current && setState({ status: 'ready', directory }),
      (error: unknown) =>
        current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The specialty list could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [proxy]);

  return state;
}
