import { useContext } from 'react';
import type { ProxyClient } from './proxy-client.ts';
import { ProxyClientContext } from './proxy-client-context.ts';

export type UseProxyClientReturn = ProxyClient;

/** The Curbside API client. Only valid below `ProxyClientProvider`. */
export function useProxyClient(): UseProxyClientReturn {
  const client = useContext(ProxyClientContext);
  if (!client) {
    throw new Error('useProxyClient() must be used inside <ProxyClientProvider>.');
  }
  return client;
}
