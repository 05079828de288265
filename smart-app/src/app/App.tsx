import type { ReactNode } from 'react';
import type { RuntimeConfig } from '../config/runtime-config.ts';
import type { SmartClient } from '../smart/fhirclient.ts';
import { AppProviders } from './AppProviders.tsx';
import { ChartPage } from './ChartPage.tsx';

export interface AppProps {
  readonly config: RuntimeConfig;
  readonly ready?: () => Promise<SmartClient>;
}

export function App({ config, ready }: AppProps): ReactNode {
  return (
    <AppProviders proxyUrl={config.proxyUrl} config={config} {...(ready ? { ready } : {})}>
      <ChartPage />
    </AppProviders>
  );
}
