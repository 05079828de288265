import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { PROXY_BASE } from '../testing/fixtures.ts';
import { server } from '../testing/msw/server.ts';
import { renderApp } from '../testing/render.tsx';
import { TOKEN_URI } from '../testing/smart-client.ts';

const anHourAgo = (): number => Math.floor(Date.now() / 1000) - 3600;

function proxyCalls(): string[] {
  const calls: string[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.url.startsWith(PROXY_BASE)) {
      calls.push(request.headers.get('authorization') ?? '');
    }
  });
  return calls;
}

describe('an expired SMART session', () => {
  test('is refreshed with the refresh token before the proxy is called, and the app carries on', async () => {
    const refreshes: URLSearchParams[] = [];
    server.use(
      http.post(TOKEN_URI, async ({ request }) => {
        refreshes.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ access_token: 'test', token_type: 'Bearer', expires_in: 3600, refresh_token: 'r2', scope: 'launch openid fhirUser patient/*.rs online_access' });
      }),
    );
    const calls = proxyCalls();
    renderApp({ accessToken: 'expired', expiresAt: anHourAgo(), refreshToken: 'r1' });
    const list = await screen.findByRole('region', { name: 'Consults for this patient' });
    await within(list).findByText('No consults yet for this patient.');
    expect(refreshes.map((f) => [f.get('grant_type'), f.get('refresh_token')])).toEqual([['refresh_token', 'r1']]);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((authorization) => authorization === 'Bearer test')).toBe(true);
    expect(screen.queryByText(/Please relaunch Curbside/)).toBeNull();
    server.events.removeAllListeners();
  });

  test('without a refresh token asks to relaunch from the chart, keeps the page, and sends nothing to the proxy', async () => {
    const calls = proxyCalls();
    renderApp({ expiresAt: anHourAgo() });
    const title = await screen.findByText("Please relaunch Curbside from the patient's chart");
    expect(title.closest('[role="alert"]')?.textContent).toContain('Your draft and any unsent consult are kept');
    expect(screen.getByRole('heading', { name: 'New consult' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: /Clinical question/ })).toBeTruthy();
    expect(calls).toEqual([]);
    server.events.removeAllListeners();
  });

  test('that the refresh is refused for asks to relaunch too', async () => {
    server.use(http.post(TOKEN_URI, () => HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })));
    renderApp({ accessToken: 'expired', expiresAt: anHourAgo(), refreshToken: 'revoked' });
    expect((await screen.findByText("Please relaunch Curbside from the patient's chart")).closest('[role="alert"]')).toBeTruthy();
  });

  test('that the proxy refuses (401) shows the same relaunch notice', async () => {
    server.use(
      http.get(`${PROXY_BASE}/consults`, () =>
        HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'expired', details: { text: 'Your session with the EHR has ended.' } }] }, { status: 401 }),
      ),
    );
    renderApp();
    expect((await screen.findByText("Please relaunch Curbside from the patient's chart")).closest('[role="alert"]')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'New consult' })).toBeTruthy();
  });
});
