import type { Bundle } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import type { ProxyDeps } from '../consults/deps.ts';
import { Problem } from '../lib/outcome.ts';
import { testDeps } from '../test/upstream.ts';
import { readProgrammeMetrics } from './read-metrics.ts';

describe('the programme metrics', () => {
  test('a programme too large to count at once is refused as too costly (not 413, which is about a request body), in words a programme lead can act on', async () => {
    let pages = 0;
    const endless = { search: async (): Promise<Bundle> => ({ resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: `ServiceRequest?page=${++pages}` }] }) };
    const deps = { ...testDeps(), store: endless, capabilities: { get: async () => undefined } } as unknown as ProxyDeps;
    const error = await readProgrammeMetrics(deps).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Problem);
    const problem = error as Problem;
    expect([problem.status, problem.outcome.issue[0]?.code]).toEqual([422, 'too-costly']);
    expect(problem.outcome.issue[0]?.details?.text).toMatch(/200,000 consults.*administrator/);
    expect(pages).toBe(4_000);
  });
});
