import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Problem } from '../lib/outcome.ts';
import { requestRecorder, serveOnLoopback, type LoopbackServer } from '../test/serve.ts';
import { issuerConfigSchema } from './issuers.ts';
import { CallerVerifier, type CallerCredentials } from './verify-caller.ts';

// Real HTTP peers on 127.0.0.1: two EHRs (one with introspection, one verified by id_token + FHIR read)
// and a recorder standing in for any server that is not on the allow-list.
interface FakeEhr extends LoopbackServer {
  readonly iss: string;
  readonly authIssuer: string;
  readonly tokens: Map<string, Record<string, unknown>>;
  readonly requests: string[];
}

let signingKey: CryptoKey;
let publicKey: CryptoKey;
let forgerKey: CryptoKey;
let introspecting: FakeEhr;
let jwksOnly: FakeEhr;
let recorder: Awaited<ReturnType<typeof requestRecorder>>;

async function fakeEhr(withIntrospection: boolean): Promise<FakeEhr> {
  const tokens = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  let origin = '';
  const app = new Hono()
    .use(async (c, next) => {
      requests.push(`${c.req.method} ${new URL(c.req.url).pathname}`);
      await next();
    })
    .get('/fhir/.well-known/smart-configuration', (c) =>
      c.json({ issuer: `${origin}/auth`, token_endpoint: `${origin}/auth/token`, jwks_uri: `${origin}/auth/jwks`, ...(withIntrospection ? { introspection_endpoint: `${origin}/auth/introspect` } : {}) }),
    )
    .get('/auth/jwks', (c) => c.json({ keys: [jwk] }))
    .post('/auth/introspect', async (c) => {
      if (c.req.header('authorization') !== `Basic ${btoa('curbside-proxy:secret')}`) {
        return c.json({ error: 'invalid_client' }, 401);
      }
      const token = new URLSearchParams(await c.req.text()).get('token') ?? '';
      return c.json(tokens.get(token) ?? { active: false });
    })
    // A FHIR read as an EHR answers it: 401 for a dead token, 403 for a live one that may not read this record.
    .get('/fhir/:type{Patient|Practitioner}/:id', (c) => {
      const claims = tokens.get(/^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '');
      const { type, id } = c.req.param();
      if (!claims?.active) {
        return c.json({ resourceType: 'OperationOutcome', issue: [] }, 401);
      }
      const allowed = type === 'Patient' ? claims.patient === id : claims.fhirUser === `${origin}/fhir/Practitioner/${id}` && String(claims.scope).includes('user/Practitioner.rs');
      return allowed ? c.json({ resourceType: type, id }) : c.json({ resourceType: 'OperationOutcome', issue: [] }, 403);
    });
  const server = await serveOnLoopback(app.fetch);
  origin = server.origin;
  return { ...server, iss: `${origin}/fhir`, authIssuer: `${origin}/auth`, tokens, requests };
}

beforeAll(async () => {
  ({ privateKey: signingKey, publicKey } = await generateKeyPair('RS256'));
  forgerKey = (await generateKeyPair('RS256')).privateKey;
  [introspecting, jwksOnly, recorder] = await Promise.all([fakeEhr(true), fakeEhr(false), requestRecorder()]);
});
afterAll(() => Promise.all([introspecting.close(), jwksOnly.close(), recorder.close()]));

function verifier(now: () => number = Date.now): CallerVerifier {
  return new CallerVerifier({
    issuers: [
      issuerConfigSchema.parse({ iss: introspecting.iss, clientId: 'curbside-app', introspection: { clientId: 'curbside-proxy', clientSecret: 'secret' } }),
      issuerConfigSchema.parse({ iss: jwksOnly.iss, clientId: 'curbside-app' }),
    ],
    timeoutMs: 2_000,
    now,
  });
}

const nowS = (): number => Math.floor(Date.now() / 1000);
function liveClaims(ehr: FakeEhr, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { active: true, iss: ehr.authIssuer, aud: ehr.iss, exp: nowS() + 600, patient: 'pat-1', fhirUser: `${ehr.iss}/Practitioner/pcp-1`, scope: 'launch patient/*.rs', ...overrides };
}
function issue(ehr: FakeEhr, token: string, overrides: Record<string, unknown> = {}): CallerCredentials {
  ehr.tokens.set(token, liveClaims(ehr, overrides));
  return { iss: ehr.iss, authorization: `Bearer ${token}`, idToken: undefined, patient: undefined };
}
function idToken(ehr: FakeEhr, claims: Record<string, unknown> = {}, key: CryptoKey = signingKey): Promise<string> {
  return new SignJWT({ fhirUser: `${ehr.iss}/Practitioner/pcp-1`, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer((claims.iss as string | undefined) ?? ehr.authIssuer)
    .setAudience((claims.aud as string | undefined) ?? 'curbside-app')
    .setSubject('pcp-1')
    .setIssuedAt((claims.iat as number | undefined) ?? nowS())
    .setExpirationTime((claims.exp as number | undefined) ?? nowS() + 600)
    .sign(key);
}

async function refusal(promise: Promise<unknown>): Promise<Problem> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Problem);
  const problem = error as Problem;
  expect(problem.outcome.resourceType).toBe('OperationOutcome');
  return problem;
}

describe('with token introspection', () => {
  test('accepts a live token and takes the patient and user from the EHR, not from the caller', async () => {
    const context = await verifier().verify({ ...issue(introspecting, 'live'), patient: 'someone-else' });
    expect(context).toMatchObject({ iss: introspecting.iss, patient: 'pat-1', fhirUser: `${introspecting.iss}/Practitioner/pcp-1` });
  });

  test.each([
    ['an expired token', { exp: nowS() - 5 }],
    ['a revoked or forged token (inactive)', { active: false }],
    ['a token for another FHIR server (wrong aud)', { aud: 'https://other-ehr.test/fhir' }],
    ['a token naming another issuer', { iss: 'https://other-ehr.test/auth' }],
  ])('refuses %s with a 401 OperationOutcome', async (_name, overrides) => {
    const problem = await refusal(verifier().verify(issue(introspecting, `t-${Math.random()}`, overrides)));
    expect(problem.status).toBe(401);
    expect(problem.outcome.issue[0]?.details?.text).toMatch(/relaunch Curbside/);
  });

  test('refuses a token one allow-listed EHR issued when it is presented as another\'s', async () => {
    const credentials = issue(introspecting, 'from-a');
    expect((await refusal(verifier().verify({ ...credentials, iss: jwksOnly.iss }))).status).toBe(401);
  });

  test('caches a verification for the token\'s lifetime, then asks the EHR again', async () => {
    let now = Date.now();
    const v = verifier(() => now);
    const credentials = issue(introspecting, 'cached', { exp: Math.floor(now / 1000) + 60 });
    const introspections = (): number => introspecting.requests.filter((r) => r.endsWith('/introspect')).length;
    const before = introspections();
    await v.verify(credentials);
    await v.verify(credentials);
    expect(introspections()).toBe(before + 1);
    now += 61_000;
    await refusal(v.verify(credentials));
    expect(introspections()).toBe(before + 2);
  });

  test('asks the EHR once for a burst of calls with the same new token', async () => {
    const v = verifier();
    const credentials = issue(introspecting, 'burst');
    const introspections = (): number => introspecting.requests.filter((r) => r.endsWith('/introspect')).length;
    const before = introspections();
    const contexts = await Promise.all(Array.from({ length: 20 }, () => v.verify(credentials)));
    expect(new Set(contexts.map((c) => c.patient))).toEqual(new Set(['pat-1']));
    expect(introspections()).toBe(before + 1);
  });
});

describe('with the id_token and a FHIR read', () => {
  const withIdToken = async (token: string, claims: Record<string, unknown> = {}, key?: CryptoKey): Promise<CallerCredentials> => {
    issue(jwksOnly, token);
    return { iss: jwksOnly.iss, authorization: `Bearer ${token}`, idToken: await idToken(jwksOnly, claims, key), patient: 'pat-1' };
  };

  test('accepts a signed id_token whose access token can read the launch patient', async () => {
    expect(await verifier().verify(await withIdToken('id-live'))).toMatchObject({ patient: 'pat-1', fhirUser: `${jwksOnly.iss}/Practitioner/pcp-1` });
  });

  test.each([
    ['a forged id_token (signed by another key)', {}, 'forger'],
    ['an id_token that expired more than 12 hours after it was issued', { iat: nowS() - 13 * 3600, exp: nowS() - 12 * 3600 - 1800 }, undefined],
    ['an id_token for another app (wrong aud)', { aud: 'someone-else' }, undefined],
    ['an id_token from another issuer', { iss: 'https://other-ehr.test/auth' }, undefined],
  ])('refuses %s with a 401 OperationOutcome', async (_name, claims, key) => {
    const credentials = await withIdToken(`id-${Math.random()}`, claims, key === 'forger' ? forgerKey : undefined);
    expect((await refusal(verifier().verify(credentials))).status).toBe(401);
  });

  test('refuses a valid id_token with an access token the EHR no longer accepts', async () => {
    const credentials = await withIdToken('id-dead');
    jwksOnly.tokens.delete('id-dead');
    expect((await refusal(verifier().verify(credentials))).status).toBe(401);
  });

  test('keeps a session whose id_token has expired while its (refreshed) access token still reads the patient', async () => {
    const credentials = await withIdToken('id-refreshed', { iat: nowS() - 3600, exp: nowS() - 3000 });
    expect(await verifier().verify(credentials)).toMatchObject({ patient: 'pat-1', fhirUser: `${jwksOnly.iss}/Practitioner/pcp-1` });
  });

  test('refuses an expired id_token that was never valid (wrong aud), however fresh its access token', async () => {
    const credentials = await withIdToken('id-expired-wrong-aud', { iat: nowS() - 3600, exp: nowS() - 3000, aud: 'someone-else' });
    expect((await refusal(verifier().verify(credentials))).status).toBe(401);
  });

  test('refuses, as a patient outside the launch, a live token that may not read the patient named', async () => {
    const credentials = { ...(await withIdToken('id-other-patient')), patient: 'pat-2' };
    const problem = await refusal(verifier().verify(credentials));
    expect([problem.status, problem.outcome.issue[0]?.details?.text]).toEqual([403, expect.stringMatching(/does not let this sign-in read the patient/)]);
  });

  test('proves a sign-in without a patient by reading the user\'s own record with the access token', async () => {
    const credentials = { ...(await withIdToken('id-no-patient')), patient: undefined };
    jwksOnly.tokens.set('id-no-patient', liveClaims(jwksOnly, { scope: 'openid fhirUser user/Practitioner.rs' }));
    const reads = (): number => jwksOnly.requests.filter((r) => r === 'GET /fhir/Practitioner/pcp-1').length;
    const before = reads();
    expect(await verifier().verifyUser(credentials)).toMatchObject({ patient: undefined, fhirUser: `${jwksOnly.iss}/Practitioner/pcp-1` });
    expect(reads()).toBe(before + 1);
    jwksOnly.tokens.delete('id-no-patient');
    expect((await refusal(verifier().verifyUser(credentials))).status).toBe(401);
  });

  test('tells the administrator, not the user, when the sign-in scope lacks Practitioner read', async () => {
    const credentials = { ...(await withIdToken('id-no-practitioner-scope')), patient: undefined };
    const problem = await refusal(verifier().verifyUser(credentials));
    expect([problem.status, problem.outcome.issue[0]?.details?.text]).toEqual([403, expect.stringMatching(/Ask your administrator to add Practitioner read/)]);
  });

  test('refuses an id_token without an expiry, which would otherwise name its user for ever', async () => {
    const credentials = await withIdToken('id-no-exp');
    const endless = await new SignJWT({ fhirUser: `${jwksOnly.iss}/Practitioner/pcp-1` }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(jwksOnly.authIssuer).setAudience('curbside-app').setSubject('pcp-1').setIssuedAt().sign(signingKey);
    expect((await refusal(verifier().verify({ ...credentials, idToken: endless }))).status).toBe(401);
  });

  test('takes a user named outside this EHR on the id_token alone, and only while it is current', async () => {
    const elsewhere = { fhirUser: 'https://directory.test/fhir/Practitioner/spec-1' };
    const current = { ...(await withIdToken('id-elsewhere', elsewhere)), patient: undefined };
    expect(await verifier().verifyUser(current)).toMatchObject({ fhirUser: elsewhere.fhirUser });
    const expired = { ...(await withIdToken('id-elsewhere-old', { ...elsewhere, iat: nowS() - 3600, exp: nowS() - 3000 })), patient: undefined };
    expect((await refusal(verifier().verifyUser(expired))).status).toBe(401);
  });

  test('keeps a patient id from the caller inside the EHR\'s Patient path', async () => {
    const credentials = { ...(await withIdToken('id-traversal')), patient: '../../auth/jwks' };
    await refusal(verifier().verify(credentials));
    expect(jwksOnly.requests).toContain('GET /fhir/Patient/..%2F..%2Fauth%2Fjwks');
  });
});

describe('an issuer that is not on the allow-list', () => {
  test('is never contacted, however its URL is dressed up', async () => {
    const r = recorder.origin;
    const disguises = [
      `${r}/fhir`,
      `${r}/fhir/`,
      `${introspecting.iss}@127.0.0.1:${new URL(r).port}/fhir`,
      `${introspecting.iss}.evil`,
      `${introspecting.iss}/../../../..${new URL(r).pathname}`,
      `${r}/fhir?iss=${encodeURIComponent(introspecting.iss)}`,
      ` ${r}/fhir `,
      r.replace('127.0.0.1', 'localhost'),
      `${introspecting.iss.toUpperCase()}`,
    ];
    for (const iss of disguises) {
      const problem = await refusal(verifier().verify({ iss, authorization: 'Bearer live', idToken: await idToken(jwksOnly), patient: 'pat-1' }));
      expect(problem.status).toBe(401);
    }
    expect(recorder.requests).toEqual([]);
  });
});
