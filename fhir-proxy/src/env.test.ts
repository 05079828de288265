import { generateKeyPairSync } from 'node:crypto';
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

  test('keeps AuditEvents in a journal file unless told `none`', () => {
    expect(parseEnv(base).auditJournal).toBe('.curbside/audit-journal.sqlite');
    expect(parseEnv({ ...base, AUDIT_JOURNAL: '/var/lib/curbside/audit.sqlite' }).auditJournal).toBe('/var/lib/curbside/audit.sqlite');
    expect(parseEnv({ ...base, AUDIT_JOURNAL: 'none' })).not.toHaveProperty('auditJournal');
  });

  const keyFile = (jwk: object): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'curbside-env-')), 'store-key.json');
    writeFileSync(file, JSON.stringify(jwk));
    return file;
  };
  const rsaJwk = (): object => ({ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'k1' });
  const withStoreKey = (file: string) => ({ ...base, CONSULT_STORE_AUTH: 'backend-services', CONSULT_STORE_CLIENT_ID: 'curbside-proxy', CONSULT_STORE_PRIVATE_JWK_FILE: file });

  test('reads SMART backend-services credentials for a secured store from a key file', () => {
    const env = parseEnv(withStoreKey(keyFile(rsaJwk())));
    expect(env.storeAuth).toMatchObject({ kind: 'backend-services', clientId: 'curbside-proxy', scope: 'system/*.cruds', privateJwk: { kid: 'k1' } });
  });

  test('refuses at start a key file that is not a usable RSA private key, without quoting it', () => {
    const broken = keyFile({ kty: 'RSA', kid: 'k1', n: 'n', e: 'AQAB', d: 'PRIVATE-KEY-MATERIAL' });
    expect(() => parseEnv(withStoreKey(broken))).toThrow(/CONSULT_STORE_PRIVATE_JWK_FILE privateJwk: not a usable RSA private key/);
    expect(() => parseEnv(withStoreKey(broken))).not.toThrow(/PRIVATE-KEY-MATERIAL/);
  });

  test('takes an app origin with a trailing slash as the origin browsers send, and refuses one with a path', () => {
    expect(parseEnv({ ...base, APP_ORIGINS: 'https://app.example.org/, http://127.0.0.1:4300' }).appOrigins).toEqual(['https://app.example.org', 'http://127.0.0.1:4300']);
    expect(() => parseEnv({ ...base, APP_ORIGINS: 'https://app.example.org/curbside' })).toThrow(/APP_ORIGINS\.0: must be an origin \(scheme:\/\/host\[:port\]\) without a path: https:\/\/app\.example\.org/);
  });

  test('refuses a store URL that is not http(s)', () => {
    expect(() => parseEnv({ ...base, CONSULT_STORE_URL: 'ftp://store.example.org/fhir' })).toThrow(/CONSULT_STORE_URL: must be an http\(s\) URL/);
  });

  test('refuses an attempt timeout longer than the call deadline', () => {
    expect(() => parseEnv({ ...base, UPSTREAM_TIMEOUT_MS: '20000', UPSTREAM_DEADLINE_MS: '12000' })).toThrow(/UPSTREAM_TIMEOUT_MS: must not be longer than UPSTREAM_DEADLINE_MS/);
    expect(parseEnv({ ...base, UPSTREAM_TIMEOUT_MS: '12000', UPSTREAM_DEADLINE_MS: '12000' }).timeoutMs).toBe(12_000);
  });

  test('refuses two allow-lists at once rather than ignoring one', () => {
    expect(() => parseEnv({ ...base, CURBSIDE_ISSUERS_FILE: '/etc/curbside/issuers.json' })).toThrow(/CURBSIDE_ISSUERS: set CURBSIDE_ISSUERS or CURBSIDE_ISSUERS_FILE, not both/);
  });

  test('names a malformed issuer list or key file without quoting it: they hold secrets', () => {
    const issuers = '[{"iss":"https://ehr.example.org/fhir/R4","clientId":"app","introspection":{"clientId":"proxy","clientSecret":"S3CRET-VALUE"}},]';
    expect(() => parseEnv({ ...base, CURBSIDE_ISSUERS: issuers })).toThrow(/^Invalid proxy environment:\n {2}CURBSIDE_ISSUERS: not valid JSON/);
    expect(() => parseEnv({ ...base, CURBSIDE_ISSUERS: issuers })).not.toThrow(/S3CRET/);
    const file = join(mkdtempSync(join(tmpdir(), 'curbside-env-')), 'store-key.json');
    writeFileSync(file, '{"kty":"RSA","kid":"k1","n":"n","e":"AQAB","d":"PRIVATE-KEY-MATERIAL",}');
    const keyed = { ...base, CONSULT_STORE_AUTH: 'backend-services', CONSULT_STORE_CLIENT_ID: 'curbside-proxy', CONSULT_STORE_PRIVATE_JWK_FILE: file };
    expect(() => parseEnv(keyed)).toThrow(/CONSULT_STORE_PRIVATE_JWK_FILE: not valid JSON/);
    expect(() => parseEnv(keyed)).not.toThrow(/PRIVATE-KEY-MATERIAL/);
  });

  test('names the setting and the field of an issuer entry that is wrong', () => {
    expect(() => parseEnv({ ...base, CURBSIDE_ISSUERS: JSON.stringify([{ iss: 'https://ehr.example.org/fhir/R4' }]) })).toThrow(/^Invalid proxy environment:\n {2}CURBSIDE_ISSUERS 0\.clientId: /);
  });

  test('refuses backend services without a client id or key, naming what is missing', () => {
    expect(() => parseEnv({ ...base, CONSULT_STORE_AUTH: 'backend-services' })).toThrow(/CONSULT_STORE_CLIENT_ID and CONSULT_STORE_PRIVATE_JWK_FILE/);
  });
});

const issuerBase = { CONSULT_STORE_URL: 'https://hapi.fhir.org/baseR4', APP_ORIGINS: 'https://curbside.example.org' };
const examples = ['generic-sandbox', 'epic', 'oracle-health'].map((name) => `fhir-proxy/examples/issuers/${name}.json`);

describe('proxy environment', () => {
  test('reads the example issuer files, one object per EHR, with their settings', () => {
    const env = parseEnv({ ...issuerBase, CURBSIDE_ISSUERS_FILE: examples.join(',') });
    expect(env.issuers.map((i) => i.vendor)).toEqual(['generic', 'epic', 'oracle-health']);
    const oracle = env.issuers[2];
    expect(oracle).toMatchObject({ audRequired: true, token: { lifetimeSeconds: 570, minRefreshIntervalSeconds: 60 }, writeBack: { communication: 'notification', serviceRequest: false } });
    expect(oracle?.scopes?.read).not.toBe('*');
    expect(env.issuers[1]).toMatchObject({ audRequired: false, writeBack: { serviceRequest: true, communication: 'message' } });
  });

  test('the HAPI example points the consult store at public HAPI', () => {
    expect(parseEnv({ ...issuerBase, CURBSIDE_ISSUERS_FILE: examples[1] }).storeUrl).toBe('https://hapi.fhir.org/baseR4');
  });

  test('refuses an issuer given as a * prefix: the proxy only talks to exact, allow-listed bases', () => {
    expect(() => parseEnv({ ...issuerBase, CURBSIDE_ISSUERS: JSON.stringify({ iss: 'https://fhir-ehr-code.cerner.com/r4/*', clientId: 'c' }) })).toThrow();
  });

  test('refuses unknown fields, so a typo in a setting is not silently ignored', () => {
    expect(() => parseEnv({ ...issuerBase, CURBSIDE_ISSUERS: JSON.stringify([{ iss: 'https://ehr.test/fhir', clientId: 'c', writeback: {} }]) })).toThrow(/writeback/);
  });
});
