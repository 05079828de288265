import { render, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { expect, test } from 'vitest';
import { server } from '../testing/msw/server.ts';
import { buildTestClient } from '../testing/smart-client.ts';
import { SmartProvider } from './SmartProvider.tsx';
import { useSmartClient } from './useSmartClient.ts';

function LaunchContext(): ReactNode {
  const { mode, patientId, fhirUser, needPatientBanner, serverUrl } = useSmartClient();
  return <p>{[mode, patientId, fhirUser, String(needPatientBanner), serverUrl].join(' | ')}</p>;
}

test('asks to relaunch from the patient\'s chart when ready() fails', async () => {
  const ready = () => Promise.reject(new Error("No 'state' parameter found. Please (re)launch the app."));
  render(
    <SmartProvider ready={ready}>
      <LaunchContext />
    </SmartProvider>,
  );
  expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe("Please relaunch Curbside from the patient's chart");
  expect(screen.getByText("No 'state' parameter found. Please (re)launch the app.")).toBeTruthy();
});

test('asks to relaunch when the launch has neither a patient nor a signed-in user', async () => {
  const client = buildTestClient();
  delete client.state.tokenResponse?.patient;
  delete client.state.tokenResponse?.id_token;
  render(
    <SmartProvider ready={() => Promise.resolve(client)}>
      <LaunchContext />
    </SmartProvider>,
  );
  expect(await screen.findByText('Curbside was opened without a patient.')).toBeTruthy();
});

test('provides the launch context from the token response and id_token', async () => {
  const client = buildTestClient({ needPatientBanner: false });
  render(
    <SmartProvider ready={() => Promise.resolve(client)}>
      <LaunchContext />
    </SmartProvider>,
  );
  expect(await screen.findByText('requester | patient-x | Practitioner/pcp-maya-chen | false | https://ehr.test/fhir/R4')).toBeTruthy();
});

test('a standalone sign-in without a patient is a specialist\'s session', async () => {
  const client = buildTestClient({ withPatient: false, fhirUser: 'Practitioner/spec-okafor', fhirUserUrl: 'https://store.test/fhir/R4/Practitioner/spec-okafor' });
  render(
    <SmartProvider ready={() => Promise.resolve(client)}>
      <LaunchContext />
    </SmartProvider>,
  );
  expect(await screen.findByText('specialist | | Practitioner/spec-okafor | true | https://ehr.test/fhir/R4')).toBeTruthy();
});

test('applies the EHR\'s smart_style_url to the app\'s colours, and removes it when the session ends', async () => {
  const styleUrl = 'https://ehr.test/auth/smart-style.json';
  server.use(http.get(styleUrl, () => HttpResponse.json({ color_highlight: '#1f3a5a', color_background: '#eef1f4', font_family_body: 'url(https://evil.test/x)' })));
  const client = buildTestClient({ smartStyleUrl: styleUrl });
  const { unmount } = render(
    <SmartProvider ready={() => Promise.resolve(client)}>
      <LaunchContext />
    </SmartProvider>,
  );
  const root = document.documentElement;
  await waitFor(() => expect(root.style.getPropertyValue('--accent')).toBe('#1f3a5a'));
  expect(root.style.getPropertyValue('--canvas')).toBe('#eef1f4');
  expect(root.style.getPropertyValue('--font-body')).toBe('');
  unmount();
  expect(root.style.getPropertyValue('--accent')).toBe('');
});
