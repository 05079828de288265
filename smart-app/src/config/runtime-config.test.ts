import { describe, expect, test } from 'vitest';
import epic from '../../../fhir-proxy/examples/issuers/epic.json';
import oracle from '../../../fhir-proxy/examples/issuers/oracle-health.json';
import sample from '../../public/config.json';
import { buildScope } from '../lib/api-contract.ts';
import { findClientForIssuer, runtimeConfigSchema } from './runtime-config.ts';

describe('runtime config', () => {
  test('accepts the sample config.json served by vite dev', () => {
    const config = runtimeConfigSchema.parse(sample);
    expect(findClientForIssuer(config, 'http://127.0.0.1:4000/fhir/R4')?.clientId).toBe('curbside-app');
  });

  test('rejects a proxyUrl that is not an absolute http(s) URL', () => {
    expect(runtimeConfigSchema.safeParse({ ...sample, proxyUrl: '/proxy' }).success).toBe(false);
    expect(runtimeConfigSchema.safeParse({ ...sample, proxyUrl: 'ftp://proxy.test' }).success).toBe(false);
  });

  test('matches an exact issuer regardless of a trailing slash, and nothing else', () => {
    const config = runtimeConfigSchema.parse(sample);
    expect(findClientForIssuer(config, 'http://127.0.0.1:4000/fhir/R4/')).toBeDefined();
    expect(findClientForIssuer(config, 'http://127.0.0.1:4000/fhir/R4/evil')).toBeUndefined();
  });

  test('takes the same per-EHR files as the proxy (keyed by iss), each with its settings', () => {
    const config = runtimeConfigSchema.parse({ proxyUrl: 'https://proxy.example.org', clients: [epic, oracle] });
    const oracleClient = findClientForIssuer(config, oracle.iss);
    expect(oracleClient).toMatchObject({ vendor: 'oracle-health', token: { minRefreshIntervalSeconds: 60 }, iframe: { completeInTarget: true } });
    expect(buildScope(oracleClient!, ['permission-v2'])).not.toContain('*');
    expect(findClientForIssuer(config, epic.iss)?.audRequired).toBe(false);
  });

  test('rejects a client with no way to know which scopes to ask for, or which EHR it is for', () => {
    expect(runtimeConfigSchema.safeParse({ proxyUrl: 'https://p.test', clients: [{ issMatch: 'https://ehr.test/fhir', clientId: 'c' }] }).success).toBe(false);
    expect(runtimeConfigSchema.safeParse({ proxyUrl: 'https://p.test', clients: [{ clientId: 'c', scope: 'launch patient/*.rs' }] }).success).toBe(false);
  });
});
