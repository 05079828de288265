import { describe, expect, test } from 'vitest';
import sample from '../../public/config.json';
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
});
