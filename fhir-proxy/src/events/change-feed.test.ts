import type { Communication, ServiceRequest } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FhirClient } from '../fhir/fhir-client.ts';
import { silentLogger } from '../lib/logger.ts';
import { runWithRequestContext } from '../lib/request-context.ts';
import { searchset, STORE } from '../test/upstream.ts';
import { ChangeFeed, type StoreChange } from './change-feed.ts';

// A store whose ServiceRequests and Communications the test adds to; searches honour _lastUpdated=ge and _sort.
const resources: (ServiceRequest | Communication)[] = [];
const queries: string[] = [];
const server = setupServer(
  http.get(`${STORE}/:type`, ({ params, request }) => {
    const url = new URL(request.url);
    queries.push(`${params.type}?${url.searchParams}`);
    const since = Date.parse((url.searchParams.get('_lastUpdated') ?? 'ge1970-01-01T00:00:00Z').slice(2));
    const matches = resources.filter((r) => r.resourceType === params.type && Date.parse(r.meta?.lastUpdated ?? '') >= since);
    const sorted = matches.toSorted((a, b) => (a.meta?.lastUpdated ?? '').localeCompare(b.meta?.lastUpdated ?? '') * (url.searchParams.get('_sort')?.startsWith('-') ? -1 : 1));
    return HttpResponse.json(searchset(sorted.slice(0, Number(url.searchParams.get('_count') ?? 100))));
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  resources.length = 0;
  queries.length = 0;
});
afterAll(() => server.close());

let clock = Date.UTC(2026, 10, 21, 9, 0, 0);
const stamp = () => ({ versionId: String(++clock), lastUpdated: new Date(clock).toISOString() });
const sr = (id: string): ServiceRequest => ({ resourceType: 'ServiceRequest', id, meta: stamp(), status: 'active', intent: 'order', subject: { reference: 'Patient/p' } });
const message = (id: string, consultId: string): Communication => ({ resourceType: 'Communication', id, meta: stamp(), status: 'completed', basedOn: [{ reference: `ServiceRequest/${consultId}` }] });

function feed(): ChangeFeed {
  return new ChangeFeed({ store: new FhirClient({ baseUrl: STORE, label: 'the consult store', timeoutMs: 2_000 }), logger: silentLogger, intervalMs: 5, types: async () => ['ServiceRequest', 'Communication'] });
}

describe('the change feed', () => {
  test('reports what changes after it starts, each change once, with the consult it belongs to', async () => {
    resources.push(sr('old'));
    const seen: StoreChange[] = [];
    const subscription = feed().subscribe((changes) => seen.push(...changes));
    await subscription.ready;
    resources.push(sr('new'), message('m-1', 'old'));
    await expect.poll(() => seen.length).toBe(2);
    resources.push(message('m-2', 'new'));
    await expect.poll(() => seen.length).toBe(3);
    subscription.close();
    expect(seen.map((c) => [c.resourceType, c.consultIds])).toEqual([['ServiceRequest', ['new']], ['Communication', ['old']], ['Communication', ['new']]]);
  });

  test('keeps reporting after the request that started it has passed its deadline', async () => {
    const changes = feed();
    const seen: StoreChange[] = [];
    // The first listener subscribes from inside a request whose deadline is 50 ms away.
    const subscription = runWithRequestContext({ requestId: 'first-listener', deadline: Date.now() + 50, launch: undefined }, () => changes.subscribe((batch) => seen.push(...batch)));
    await subscription.ready;
    await new Promise((resolve) => setTimeout(resolve, 120));
    resources.push(sr('after-the-deadline'));
    await expect.poll(() => seen.map((c) => c.consultIds[0])).toEqual(['after-the-deadline']);
    subscription.close();
  });

  test('asks the store only while someone listens', async () => {
    const changes = feed();
    const subscription = changes.subscribe(() => undefined);
    await subscription.ready;
    expect(changes.listening).toBe(true);
    subscription.close();
    expect(changes.listening).toBe(false);
    const asked = queries.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(queries.length).toBe(asked);
  });
});
