import type { Patient } from 'fhir/r4';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FhirClient } from '../fhir/fhir-client.ts';
import { serveOnLoopback, type LoopbackServer } from '../test/serve.ts';
import { BackendServicesCredentials, storeAuthSchema } from './backend-services.ts';

// A secured consult store on 127.0.0.1: a SMART backend-services token endpoint that checks the
// private_key_jwt assertion against the registered public key, and a FHIR read that needs its token.
let server: LoopbackServer;
let privateJwk: JWK;
let issued: string[] = [];
let revoked = new Set<string>();
const assertions: { header: Record<string, unknown>; claims: Record<string, unknown>; form: Record<string, string> }[] = [];

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true });
  privateJwk = { ...(await exportJWK(privateKey)), kid: 'curbside-proxy-1' };
  const registered: CryptoKey = publicKey;
  let origin = '';
  const app = new Hono()
    .get('/fhir/.well-known/smart-configuration', (c) => c.json({ token_endpoint: `${origin}/auth/token` }))
    .post('/auth/token', async (c) => {
      const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
      try {
        const { payload, protectedHeader } = await jwtVerify(form.client_assertion ?? '', registered, { algorithms: ['RS384'], audience: `${origin}/auth/token`, issuer: 'curbside-proxy', subject: 'curbside-proxy' });
        assertions.push({ header: protectedHeader, claims: payload, form });
      } catch {
        return c.json({ error: 'invalid_client' }, 401);
      }
      const token = `store-token-${issued.length + 1}`;
      issued.push(token);
      return c.json({ access_token: token, token_type: 'bearer', expires_in: 300, scope: form.scope });
    })
    .get('/fhir/Patient/:id', (c) => {
      const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      return issued.includes(token) && !revoked.has(token) ? c.json({ resourceType: 'Patient', id: c.req.param('id') }) : c.json({ resourceType: 'OperationOutcome', issue: [] }, 401);
    });
  server = await serveOnLoopback(app.fetch);
  origin = server.origin;
});
afterAll(() => server.close());

function storeClient(now: () => number = Date.now): FhirClient {
  const config = storeAuthSchema.parse({ kind: 'backend-services', clientId: 'curbside-proxy', privateJwk });
  if (config.kind !== 'backend-services') {
    throw new Error('unreachable');
  }
  const credentials = new BackendServicesCredentials({ storeUrl: `${server.origin}/fhir`, config, timeoutMs: 2_000, now });
  return new FhirClient({ baseUrl: `${server.origin}/fhir`, label: 'the consult store', timeoutMs: 2_000, credentials });
}

test('signs in with a client_credentials grant and an RS384 private_key_jwt assertion, found through discovery', async () => {
  issued = [];
  assertions.length = 0;
  expect(await storeClient().read<Patient>('Patient', 'p1')).toMatchObject({ id: 'p1' });
  const [sent] = assertions;
  expect(sent?.header).toMatchObject({ alg: 'RS384', kid: 'curbside-proxy-1', typ: 'JWT' });
  expect(sent?.form).toMatchObject({ grant_type: 'client_credentials', scope: 'system/*.cruds', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
  expect(Number(sent?.claims.exp) - Number(sent?.claims.iat)).toBeLessThanOrEqual(300);
  expect(sent?.claims.jti).toEqual(expect.any(String));
});

test('reuses the token while it lives, and shares one token request between concurrent calls', async () => {
  issued = [];
  const client = storeClient();
  await Promise.all([client.read('Patient', 'a'), client.read('Patient', 'b'), client.read('Patient', 'c')]);
  await client.read('Patient', 'd');
  expect(issued).toHaveLength(1);
});

test('asks for a new token when the old one is about to expire, or when the store refuses it', async () => {
  issued = [];
  let now = Date.now();
  const client = storeClient(() => now);
  await client.read('Patient', 'a');
  now += 250_000;
  await client.read('Patient', 'b');
  expect(issued).toHaveLength(2);
  revoked = new Set(issued);
  expect(await client.read<Patient>('Patient', 'c')).toMatchObject({ id: 'c' });
  expect(issued).toHaveLength(3);
});

test('a key the store does not know gets no token, and the caller a 503 OperationOutcome', async () => {
  const { privateKey } = await generateKeyPair('RS384', { extractable: true });
  const config = storeAuthSchema.parse({ kind: 'backend-services', clientId: 'curbside-proxy', privateJwk: { ...(await exportJWK(privateKey)), kid: 'stolen' }, tokenUrl: `${server.origin}/auth/token` });
  if (config.kind !== 'backend-services') {
    throw new Error('unreachable');
  }
  const credentials = new BackendServicesCredentials({ storeUrl: `${server.origin}/fhir`, config, timeoutMs: 2_000 });
  const client = new FhirClient({ baseUrl: `${server.origin}/fhir`, label: 'the consult store', timeoutMs: 2_000, credentials });
  const error = await client.read('Patient', 'x').catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 503, outcome: { resourceType: 'OperationOutcome' } });
});
