import type { ReactNode } from 'react';
import type { RuntimeConfig } from '../config/runtime-config.ts';
import { ProxyClientProvider } from '../lib/ProxyClientProvider.tsx';
import type { SmartClient } from '../smart/fhirclient.ts';
import { SmartProvider } from '../smart/SmartProvider.tsx';

export interface AppProvidersProps {
  readonly proxyUrl: string;
  /** Overrides `FHIR.oauth2.ready()` (tests, dev tools). */
  readonly ready?: () => Promise<SmartClient>;
  /** Per-EHR settings (token refresh throttle); optional in tests. */
  readonly config?: RuntimeConfig;
  readonly children: ReactNode;
}

/** The SMART session, then the proxy client that authenticates with it. */
export function AppProviders({ proxyUrl, ready, config, children }: AppProvidersProps): ReactNode {
  return (
    <SmartProvider {...(ready ? { ready } : {})} {...(config ? { config } : {})}>
      <ProxyClientProvider proxyUrl={proxyUrl}>{children}</ProxyClientProvider>
    </SmartProvider>
  );
}
