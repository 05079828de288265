import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { directory, EHR_BASE, PROXY_BASE } from '../testing/fixtures.ts';
import { server } from '../testing/msw/server.ts';
import { createProxyClient, ProxyError } from './proxy-client.ts';

const credentials = { accessToken: 'test', issuer: EHR_BASE, idToken: 'id.token.sig', patientId: 'patient-x' };

test('sends the SMART access token, issuer, id_token and patient with every call', async () => {
  let headers: Headers | undefined;
  server.use(
    http.get(`${PROXY_BASE}/directory`, ({ request }) => {
      headers = request.headers;
      return HttpResponse.json(directory);
    }),
  );
  await createProxyClient({ baseUrl: PROXY_BASE, getCredentials: () => Promise.resolve(credentials) }).getDirectory();
  expect(headers?.get('Authorization')).toBe('Bearer test');
  expect(headers?.get('X-Curbside-Iss')).toBe(EHR_BASE);
  expect(headers?.get('X-Curbside-Id-Token')).toBe('id.token.sig');
  expect(headers?.get('X-Curbside-Patient')).toBe('patient-x');
});

test('turns a 401 OperationOutcome into a ProxyError carrying its text', async () => {
  server.use(
    http.get(`${PROXY_BASE}/consults`, () =>
      HttpResponse.json(
        { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'expired', details: { text: "Your session with the EHR has ended. Please relaunch Curbside from the patient's chart." } }] },
        { status: 401 },
      ),
    ),
  );
  const error = await createProxyClient({ baseUrl: PROXY_BASE, getCredentials: () => Promise.resolve(credentials) }).listConsults().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProxyError);
  expect(error).toMatchObject({ status: 401, message: "Your session with the EHR has ended. Please relaunch Curbside from the patient's chart." });
});

test('reports an unreachable proxy as status 0 with a readable message', async () => {
  server.use(http.get(`${PROXY_BASE}/consults`, () => HttpResponse.error()));
  const error = await createProxyClient({ baseUrl: PROXY_BASE, getCredentials: () => Promise.resolve(credentials) }).listConsults().catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 0, message: 'Curbside could not reach its server. Check your connection and try again.' });
});
