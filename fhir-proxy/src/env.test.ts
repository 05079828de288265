import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEnv } from './env.ts';

const base = {
  CONSULT_STORE_URL: 'https://hapi.example.org/fhir',
  APP_ORIGINS: 'https://app.example.org',
  CURBSIDE_ISSUERS: JSON.stringify([{ iss: 'https://ehr.example.org/fhir/R4', clientId: 'curbside-app' }]),
};

describe('the proxy environment', () => {
  test('defaults to an open store, HSTS on and a 12 s deadline per call', () => {
    expect(parseEnv(base)).toMatchObject({ storeAuth: { kind: 'none' }, hsts: true, deadlineMs: 12_000, timeoutMs: 10_000, upstreamConcurrency: 32 });
    expect(parseEnv({ ...base, HSTS: 'false' }).hsts).toBe(false);
  });

  test('reads SMART backend-services credentials for a secured store from a key file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'curbside-env-')), 'store-key.json');
    writeFileSync(file, JSON.stringify({ kty: 'RSA', kid: 'k1', n: 'n', e: 'AQAB', d: 'd' }));
    const env = parseEnv({ ...base, CONSULT_STORE_AUTH: 'backend-services', CONSULT_STORE_CLIENT_ID: 'curbside-proxy', CONSULT_STORE_PRIVATE_JWK_FILE: file });
    expect(env.storeAuth).toMatchObject({ kind: 'backend-services', clientId: 'curbside-proxy', scope: 'system/*.cruds', privateJwk: { kid: 'k1' } });
  });

  test('refuses backend services without a client id or key, naming what is missing', () => {
    expect(() => parseEnv({ ...base, CONSULT_STORE_AUTH: 'backend-services' })).toThrow(/CONSULT_STORE_CLIENT_ID and CONSULT_STORE_PRIVATE_JWK_FILE/);
  });
});
