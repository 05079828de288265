import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Problem } from '../lib/outcome.ts';
import { CapabilityReader } from './capability-reader.ts';
import { FhirClient } from './fhir-client.ts';

const BASE = 'https://store.test/fhir/R4';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const store = () => new FhirClient({ baseUrl: BASE, label: 'the consult store', timeoutMs: 500, retry: { deadlineMs: 200, baseDelayMs: 5, maxDelayMs: 10 } });
const statement = { resourceType: 'CapabilityStatement', status: 'active', date: '2026-11-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'] };

describe('reading a server\'s capabilities', () => {
  test('a store that is down right now fails the call when asked to, and is asked again next time', async () => {
    server.use(http.get(`${BASE}/metadata`, () => HttpResponse.json({}, { status: 503 })));
    const reader = new CapabilityReader();
    const client = store();
    const failure = await reader.get(client, { failOnTransient: true }).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Problem);
    expect((failure as Problem).status).toBe(503);
    server.use(http.get(`${BASE}/metadata`, () => HttpResponse.json(statement)));
    expect(await reader.get(client, { failOnTransient: true })).toMatchObject({ resourceType: 'CapabilityStatement' });
  });

  test('without that, a server that does not answer counts as one that did not say', async () => {
    server.use(http.get(`${BASE}/metadata`, () => HttpResponse.json({}, { status: 503 })));
    expect(await new CapabilityReader().get(store())).toBeUndefined();
  });

  test('a server without a CapabilityStatement (404) did not say, even when transient failures fail the call', async () => {
    server.use(http.get(`${BASE}/metadata`, () => HttpResponse.json({}, { status: 404 })));
    expect(await new CapabilityReader().get(store(), { failOnTransient: true })).toBeUndefined();
  });
});
