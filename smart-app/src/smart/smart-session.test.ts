import { expect, test, vi } from 'vitest';
import type { SmartClient } from './fhirclient.ts';
import { createSmartSession } from './smart-session.ts';

/** Just enough of a fhirclient Client whose every refresh yields a new access token. */
function refreshingClient() {
  let n = 0;
  const state = { serverUrl: 'https://ehr.test/fhir/R4', tokenResponse: { access_token: 'token-0', patient: 'patient-x' } };
  const refreshIfNeeded = vi.fn(async () => {
    state.tokenResponse = { ...state.tokenResponse, access_token: `token-${++n}` };
    return state;
  });
  const client = { state, refreshIfNeeded, getPatientId: () => 'patient-x' } as unknown as SmartClient;
  return { client, refreshIfNeeded };
}

test('refreshes the token at most once a minute when the EHR throttles refreshes', async () => {
  let time = 0;
  const { client, refreshIfNeeded } = refreshingClient();
  const session = createSmartSession(client, { minRefreshIntervalMs: 60_000, now: () => time });
  expect((await session.getProxyCredentials()).accessToken).toBe('token-1');
  time = 30_000;
  expect((await session.getProxyCredentials()).accessToken).toBe('token-1');
  time = 61_000;
  expect((await session.getProxyCredentials()).accessToken).toBe('token-2');
  expect(refreshIfNeeded).toHaveBeenCalledTimes(2);
});

test('without a throttle it lets fhirclient refresh whenever the token is about to expire', async () => {
  const { client, refreshIfNeeded } = refreshingClient();
  const session = createSmartSession(client);
  await session.getProxyCredentials();
  await session.getProxyCredentials();
  expect(refreshIfNeeded).toHaveBeenCalledTimes(2);
});
