import type { ReactNode } from 'react';
import type { RuntimeConfig } from '../config/runtime-config.ts';
import type { SmartClient } from '../smart/fhirclient.ts';
import { useSmartClient } from '../smart/useSmartClient.ts';
import { AppProviders } from './AppProviders.tsx';
import { ChartPage } from './ChartPage.tsx';
import { SpecialistPage } from './SpecialistPage.tsx';

export interface AppProps {
  readonly config: RuntimeConfig;
  readonly ready?: () => Promise<SmartClient>;
}

export function App({ config, ready }: AppProps): ReactNode {
  return (
    <AppProviders proxyUrl={config.proxyUrl} config={config} {...(ready ? { ready } : {})}>
      <ModePage />
    </AppProviders>
  );
}

// Launched from a chart (a patient in context): the requesting physician. Signed in without one: a specialist.
function ModePage(): ReactNode {
  return useSmartClient().mode === 'requester' ? <ChartPage /> : <SpecialistPage />;
}
