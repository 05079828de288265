import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { App } from '../app/App.tsx';
import { AppProviders } from '../app/AppProviders.tsx';
import { runtimeConfigSchema } from '../config/runtime-config.ts';
import type { SmartClient } from '../smart/fhirclient.ts';
import { EHR_BASE, PROXY_BASE } from './fixtures.ts';
import { buildTestClient } from './smart-client.ts';
import type { TestClientOptions } from './smart-client.ts';

export interface RenderedApp extends RenderResult {
  readonly user: ReturnType<typeof userEvent.setup>;
  readonly client: SmartClient;
}

/** Renders `ui` below the real providers, with a SMART client built without a launch (like medplum's setup()). */
export function renderWithSession(ui: ReactNode, options: TestClientOptions = {}): RenderedApp {
  const client = buildTestClient(options);
  const ready = (): Promise<SmartClient> => Promise.resolve(client);
  const result = render(
    <AppProviders proxyUrl={PROXY_BASE} ready={ready}>
      {ui}
    </AppProviders>,
  );
  return { ...result, user: userEvent.setup(), client };
}

/** Renders the whole app as index.html would after a launch. */
export function renderApp(options: TestClientOptions = {}): RenderedApp {
  const client = buildTestClient(options);
  const ready = (): Promise<SmartClient> => Promise.resolve(client);
  const config = runtimeConfigSchema.parse({ proxyUrl: PROXY_BASE, clients: [{ issMatch: EHR_BASE, clientId: 'curbside-app', scope: 'launch openid fhirUser patient/*.rs' }] });
  const result = render(<App config={config} ready={ready} />);
  return { ...result, user: userEvent.setup(), client };
}
