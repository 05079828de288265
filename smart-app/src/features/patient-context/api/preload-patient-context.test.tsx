import { render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { AppProviders } from '../../../app/AppProviders.tsx';
import { EHR_BASE, PROXY_BASE } from '../../../testing/fixtures.ts';
import { server } from '../../../testing/msw/server.ts';
import { buildTestClient } from '../../../testing/smart-client.ts';
import type { SmartClient } from '../../../smart/fhirclient.ts';
import { SmartContext } from '../../../smart/smart-context.ts';
import { createSmartSession } from '../../../smart/smart-session.ts';
import { PatientContextPanel } from '../components/PatientContextPanel.tsx';
import { usePatientContext } from '../hooks/usePatientContext.ts';
import { sectionKeys } from './load-patient-context.ts';
import { peekPreloadedSections, preloadPatientContext } from './preload-patient-context.ts';

function Chart(): ReactNode {
  return <PatientContextPanel context={usePatientContext()} />;
}

function renderChart(client: SmartClient): void {
  render(
    <AppProviders proxyUrl={PROXY_BASE} ready={() => Promise.resolve(client)}>
      <Chart />
    </AppProviders>,
  );
}

/** Every EHR request the test makes, as "path?query". */
function recordEhrRequests(): string[] {
  const requests: string[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.url.startsWith(EHR_BASE)) requests.push(request.url.slice(EHR_BASE.length));
  });
  return requests;
}

afterEach(() => server.events.removeAllListeners());

describe('starting the chart read at launch', () => {
  test('takes over the reads started when the token arrived instead of reading the chart again', async () => {
    const client = buildTestClient();
    const requests = recordEhrRequests();
    preloadPatientContext(client, 'patient-x', sectionKeys(true));
    renderChart(client);
    expect(await screen.findByText('Chart loaded (6 of 6 sections)')).toBeTruthy();
    expect(requests.map((r) => r.split('?')[0]).sort()).toEqual(['/AllergyIntolerance', '/Condition', '/MedicationRequest', '/Observation', '/Observation', '/Patient/patient-x']);
  });

  test('reads the chart itself when the reads started at launch were for another patient', async () => {
    const client = buildTestClient();
    const requests = recordEhrRequests();
    preloadPatientContext(client, 'patient-other', sectionKeys(true));
    renderChart(client);
    expect(await screen.findByText('Chart loaded (6 of 6 sections)')).toBeTruthy();
    expect(requests.filter((r) => r.includes('patient-x'))).toHaveLength(6);
  });

  test('shows the sections that arrived before the page rendered in its first render, not a render later', async () => {
    const client = buildTestClient();
    const keys = sectionKeys(true);
    preloadPatientContext(client, 'patient-x', keys);
    await vi.waitFor(() => expect(Object.keys(peekPreloadedSections(client, 'patient-x', keys) ?? {})).toHaveLength(keys.length));
    const session = createSmartSession(client);
    const done: number[] = [];
    renderHook(
      () => {
        const context = usePatientContext();
        done.push(context.progress.done);
        return context;
      },
      { wrapper: ({ children }: { children: ReactNode }) => <SmartContext value={session}>{children}</SmartContext> },
    );
    expect(done[0]).toBe(keys.length);
    // Taking the reads over changes nothing that is on screen, so nothing renders again for it.
    expect(done.every((n) => n === keys.length)).toBe(true);
  });
});
