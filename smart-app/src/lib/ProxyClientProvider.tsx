import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useSmartClient } from '../smart/useSmartClient.ts';
import { createProxyClient } from './proxy-client.ts';
import { ProxyClientContext } from './proxy-client-context.ts';

export interface ProxyClientProviderProps {
  /** Absolute URL of the Curbside proxy, from config.json. */
  readonly proxyUrl: string;
  readonly children: ReactNode;
}

/** Provides a proxy client that authenticates every call with the current SMART session. */
export function ProxyClientProvider({ proxyUrl, children }: ProxyClientProviderProps): ReactNode {
  const { getProxyCredentials } = useSmartClient();
  const client = useMemo(() => createProxyClient({ baseUrl: proxyUrl, getCredentials: getProxyCredentials }), [proxyUrl, getProxyCredentials]);
  return <ProxyClientContext value={client}>{children}</ProxyClientContext>;
}
