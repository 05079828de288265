import { http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { loadRuntimeConfig, runtimeConfigSchema } from '../config/runtime-config.ts';
import type { RuntimeConfig } from '../config/runtime-config.ts';
import { server } from '../testing/msw/server.ts';
import type { SmartAuthorizeParams } from './fhirclient.ts';
import { authorizeParams, needsCapabilities, planLaunch, runLaunch } from './launch-flow.ts';

const SANDBOX_ISS = 'http://127.0.0.1:4000/fhir/R4';
const ORACLE_ISS = 'https://fhir-ehr-code.cerner.test/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d';
const config: RuntimeConfig = runtimeConfigSchema.parse({
  proxyUrl: 'http://127.0.0.1:4200',
  clients: [
    { issMatch: SANDBOX_ISS, clientId: 'curbside-app', scope: 'launch openid fhirUser patient/*.rs online_access' },
    { issMatch: 'https://fhir.example.org/tenants/*', clientId: 'curbside-tenant', scope: 'launch openid fhirUser patient/*.rs' },
    {
      iss: 'https://fhir-ehr-code.cerner.test/r4/*',
      clientId: 'curbside-oracle',
      vendor: 'oracle-health',
      scopes: { read: ['Patient', 'Condition'] },
      writeBack: { communication: 'notification' },
      iframe: { completeInTarget: true, target: 'curbside-frame' },
    },
  ],
});
const CONFIG_URL = 'http://localhost:3000/app/config.json';

function launchAt(query: string, capabilities?: readonly string[]) {
  const root = document.createElement('main');
  const authorize = vi.fn((_params: SmartAuthorizeParams) => Promise.resolve());
  const capabilitiesOf = vi.fn(() => Promise.resolve(capabilities));
  const done = runLaunch({ url: new URL(`http://localhost:3000/app/launch.html${query}`), root, loadConfig: () => loadRuntimeConfig(new URL(CONFIG_URL)), authorize, capabilitiesOf });
  return { root, authorize, capabilitiesOf, done };
}

describe('launch page', () => {
  test('shows that Curbside is not set up for an unknown issuer, without authorizing', async () => {
    server.use(http.get(CONFIG_URL, () => HttpResponse.json(config)));
    const { root, authorize, done } = launchAt('?iss=https%3A%2F%2Fother-ehr.test%2Ffhir&launch=abc');
    await done;
    expect(root.querySelector('h1')?.textContent).toBe('Curbside is not set up for this EHR (https://other-ehr.test/fhir)');
    expect(root.querySelector('p')?.textContent).toMatch(/Ask your EHR administrator to register Curbside/);
    expect(authorize).not.toHaveBeenCalled();
  });

  test('authorizes an EHR launch with the matching client, PKCE required and completing in the frame', async () => {
    server.use(http.get(CONFIG_URL, () => HttpResponse.json(config)));
    const { authorize, capabilitiesOf, done } = launchAt(`?iss=${encodeURIComponent(SANDBOX_ISS)}&launch=xyz`);
    await done;
    expect(authorize).toHaveBeenCalledWith({
      clientId: 'curbside-app',
      scope: 'launch openid fhirUser patient/*.rs online_access',
      redirectUri: './index.html',
      pkceMode: 'required',
      completeInTarget: true,
    });
    // An explicit scope string needs nothing from the server.
    expect(capabilitiesOf).not.toHaveBeenCalled();
  });

  test('asks Oracle Health for each resource in v2 syntax when it advertises permission-v2, with the write-back scope', async () => {
    server.use(http.get(CONFIG_URL, () => HttpResponse.json(config)));
    const { authorize, capabilitiesOf, done } = launchAt(`?iss=${encodeURIComponent(ORACLE_ISS)}&launch=1`, ['launch-ehr', 'permission-v1', 'permission-v2']);
    await done;
    expect(capabilitiesOf).toHaveBeenCalledWith(ORACLE_ISS);
    const params = authorize.mock.calls[0]?.[0];
    expect(params?.scope).toBe('launch openid fhirUser online_access patient/Patient.rs patient/Condition.rs user/Communication.c');
    expect(params?.scope).not.toContain('*');
    expect(params).toMatchObject({ clientId: 'curbside-oracle', completeInTarget: true, target: 'curbside-frame' });
  });

  test('falls back to v1 scopes when the server advertises only permission-v1', async () => {
    server.use(http.get(CONFIG_URL, () => HttpResponse.json(config)));
    const { authorize, done } = launchAt(`?iss=${encodeURIComponent(ORACLE_ISS)}&launch=1`, ['launch-ehr', 'permission-v1']);
    await done;
    expect(authorize.mock.calls[0]?.[0]?.scope).toBe('launch openid fhirUser online_access patient/Patient.read patient/Condition.read user/Communication.write');
  });

  test('says what went wrong when config.json cannot be loaded', async () => {
    server.use(http.get(CONFIG_URL, () => new HttpResponse(null, { status: 404 })));
    const { root, authorize, done } = launchAt(`?iss=${encodeURIComponent(SANDBOX_ISS)}&launch=xyz`);
    await done;
    expect(root.textContent).toContain('config.json could not be loaded (HTTP 404)');
    expect(authorize).not.toHaveBeenCalled();
  });

  test('shows the error text instead of a blank page when authorize fails', async () => {
    server.use(http.get(CONFIG_URL, () => HttpResponse.json(config)));
    const root = document.createElement('main');
    await runLaunch({
      url: new URL(`http://localhost:3000/launch.html?iss=${encodeURIComponent(SANDBOX_ISS)}&launch=xyz`),
      root,
      loadConfig: () => loadRuntimeConfig(new URL(CONFIG_URL)),
      authorize: () => Promise.reject(new Error('Failed to fetch the well-known json')),
    });
    expect(root.textContent).toContain('Curbside could not start signing in with your EHR');
    expect(root.textContent).toContain('Failed to fetch the well-known json');
  });
});

describe('planLaunch', () => {
  test('passes iss only for a standalone launch', () => {
    const plan = planLaunch(new URL(`http://localhost/launch.html?iss=${encodeURIComponent(SANDBOX_ISS)}`), config);
    expect(plan.kind === 'authorize' && authorizeParams(plan, undefined)).toMatchObject({ iss: SANDBOX_ISS, clientId: 'curbside-app' });
  });

  test('asks a standalone launch for the registration\'s standalone scope (a specialist signing in)', () => {
    const withStandalone: RuntimeConfig = { ...config, clients: [{ ...config.clients[0]!, standaloneScope: 'openid fhirUser online_access' }] };
    const standalone = planLaunch(new URL(`http://localhost/launch.html?iss=${encodeURIComponent(SANDBOX_ISS)}`), withStandalone);
    expect(standalone.kind === 'authorize' && authorizeParams(standalone, undefined)).toMatchObject({ iss: SANDBOX_ISS, scope: 'openid fhirUser online_access' });
    const ehr = planLaunch(new URL(`http://localhost/launch.html?iss=${encodeURIComponent(SANDBOX_ISS)}&launch=1`), withStandalone);
    expect(ehr.kind === 'authorize' && authorizeParams(ehr, undefined)).toMatchObject({ scope: 'launch openid fhirUser patient/*.rs online_access' });
  });

  test('a standalone scope needs nothing from the server, while the chart launch still builds its scope from it', () => {
    const policy = runtimeConfigSchema.parse({ proxyUrl: 'http://127.0.0.1:4200', clients: [{ iss: SANDBOX_ISS, clientId: 'curbside-app', scopes: { read: ['Patient'], write: ['DocumentReference'] }, standaloneScope: 'openid fhirUser' }] });
    const standalone = planLaunch(new URL(`http://localhost/launch.html?iss=${encodeURIComponent(SANDBOX_ISS)}`), policy);
    const ehr = planLaunch(new URL(`http://localhost/launch.html?iss=${encodeURIComponent(SANDBOX_ISS)}&launch=1`), policy);
    expect(standalone.kind === 'authorize' && needsCapabilities(standalone)).toBe(false);
    expect(ehr.kind === 'authorize' && needsCapabilities(ehr)).toBe(true);
    expect(ehr.kind === 'authorize' && authorizeParams(ehr, ['permission-v2']).scope).toBe('launch openid fhirUser online_access patient/Patient.rs user/DocumentReference.c');
  });

  test('matches an issuer by a prefix ending with *', () => {
    const plan = planLaunch(new URL('http://localhost/launch.html?iss=https%3A%2F%2Ffhir.example.org%2Ftenants%2Facme%2FR4&launch=1'), config);
    expect(plan).toMatchObject({ kind: 'authorize', registration: { clientId: 'curbside-tenant' }, standalone: false });
    expect(plan.kind === 'authorize' && 'iss' in authorizeParams(plan, undefined)).toBe(false);
  });

  test('asks for an EHR launch when there is no iss and no single standalone server', () => {
    expect(planLaunch(new URL('http://localhost/launch.html'), { ...config, clients: [...config.clients, { ...config.clients[0]!, issMatch: 'https://x.test/fhir' }] })).toEqual({
      kind: 'no-issuer',
    });
  });
});
