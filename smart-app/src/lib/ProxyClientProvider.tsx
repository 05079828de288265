import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { SessionEndedNotice } from '../smart/SessionEndedNotice.tsx';
import { useSmartClient } from '../smart/useSmartClient.ts';
import { createProxyClient } from './proxy-client.ts';
import { ProxyClientContext } from './proxy-client-context.ts';

export interface ProxyClientProviderProps {
  /** Absolute URL of the Curbside proxy, from config.json. */
  readonly proxyUrl: string;
  readonly children: ReactNode;
}

/**
 * Provides a proxy client that authenticates every call with the current SMART session. When a call
 * finds the session over (expired without a refresh token, or refused with 401), a relaunch notice
 * appears above the app instead of the page going blank.
 */
export function ProxyClientProvider({ proxyUrl, children }: ProxyClientProviderProps): ReactNode {
  const { getProxyCredentials } = useSmartClient();
  const [sessionEnded, setSessionEnded] = useState(false);
  const client = useMemo(
    () => createProxyClient({ baseUrl: proxyUrl, getCredentials: getProxyCredentials, onSessionEnded: () => setSessionEnded(true) }),
    [proxyUrl, getProxyCredentials],
  );
  return (
    <ProxyClientContext value={client}>
      {sessionEnded && <SessionEndedNotice />}
      {children}
    </ProxyClientContext>
  );
}
