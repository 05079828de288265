import { describe, expect, test } from 'vitest';
import { parseEnv } from './env.ts';

const base = { CONSULT_STORE_URL: 'https://hapi.fhir.org/baseR4', APP_ORIGINS: 'https://curbside.example.org' };
const examples = ['generic-sandbox', 'epic', 'oracle-health'].map((name) => `fhir-proxy/examples/issuers/${name}.json`);

describe('proxy environment', () => {
  test('reads the example issuer files, one object per EHR, with their settings', () => {
    const env = parseEnv({ ...base, CURBSIDE_ISSUERS_FILE: examples.join(',') });
    expect(env.issuers.map((i) => i.vendor)).toEqual(['generic', 'epic', 'oracle-health']);
    const oracle = env.issuers[2];
    expect(oracle).toMatchObject({ audRequired: true, token: { lifetimeSeconds: 570, minRefreshIntervalSeconds: 60 }, writeBack: { communication: 'notification', serviceRequest: false } });
    expect(oracle?.scopes?.read).not.toBe('*');
    expect(env.issuers[1]).toMatchObject({ audRequired: false, writeBack: { serviceRequest: true, communication: 'message' } });
  });

  test('the HAPI example points the consult store at public HAPI', () => {
    expect(parseEnv({ ...base, CURBSIDE_ISSUERS_FILE: examples[1] }).storeUrl).toBe('https://hapi.fhir.org/baseR4');
  });

  test('refuses an issuer given as a * prefix: the proxy only talks to exact, allow-listed bases', () => {
    expect(() => parseEnv({ ...base, CURBSIDE_ISSUERS: JSON.stringify({ iss: 'https://fhir-ehr-code.cerner.com/r4/*', clientId: 'c' }) })).toThrow();
  });

  test('refuses unknown fields, so a typo in a setting is not silently ignored', () => {
    expect(() => parseEnv({ ...base, CURBSIDE_ISSUERS: JSON.stringify([{ iss: 'https://ehr.test/fhir', clientId: 'c', writeback: {} }]) })).toThrow(/writeback/);
  });
});
