import { useCallback, useEffect, useState } from 'react';
import type { Directory } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

type DirectoryState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly directory: Directory }
  | { readonly status: 'error'; readonly message: string; readonly retrying: boolean };

export type UseDirectoryReturn =
  | Exclude<DirectoryState, { readonly status: 'error' }>
  /** `retry` reads the directory again (Try again); `retrying` is true meanwhile, the failure staying on screen. */
  | (Extract<DirectoryState, { readonly status: 'error' }> & { readonly retry: () => void });

/** The specialties (pools) and specialists a consult can go to (GET /directory); read again on `retry`. */
export function useDirectory(): UseDirectoryReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<DirectoryState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    proxy.getDirectory().then(
      (directory) => current && setState({ status: 'ready', directory }),
      (error: unknown) =>
        current && setState({ status: 'error', message: error instanceof ProxyError ? error.message : 'The specialty list could not be loaded.', retrying: false }),
    );
    return () => {
      current = false;
    };
  }, [proxy, attempt]);

  const retry = useCallback(() => {
    setState((s) => (s.status === 'error' ? { ...s, retrying: true } : s));
    setAttempt((n) => n + 1);
  }, []);
  return state.status === 'error' ? { ...state, retry } : state;
}
