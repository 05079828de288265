import type { Bundle } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { EHR_BASE } from '../testing/fixtures.ts';
import { server } from '../testing/msw/server.ts';
import { buildTestClient, TOKEN_URI } from '../testing/smart-client.ts';
import { createReadHandler, type WorkerReply, type WorkerRequest } from './read-worker-protocol.ts';

// jsdom has no Worker. This one runs the worker's own protocol handler (read-worker-protocol.ts) on the
// test's thread, answering asynchronously as a real worker does, and records what the page asked of it.
const asked: WorkerRequest[] = [];
// Node's fetch refuses jsdom's AbortSignal; a worker's fetch takes its own. Aborting still rejects the fetch.
const fetchInThread: typeof fetch = (input, init = {}) => {
  const { signal, ...rest } = init;
  return new Promise((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('The read was cancelled.', 'AbortError')));
    fetch(input, rest).then(resolve, reject);
  });
};
class InThreadWorker extends EventTarget {
  readonly #handle = createReadHandler((message: WorkerReply) => setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: message }))), fetchInThread);
  postMessage(request: WorkerRequest): void {
    asked.push(request);
    setTimeout(() => this.#handle(request));
  }
  terminate(): void {}
}

const conditions = (ids: readonly string[], next?: string): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: ids.map((id) => ({ resource: { resourceType: 'Condition', id, subject: { reference: 'Patient/patient-x' } } })),
  ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
});

// A fresh module per test: the worker is created once per page, and each test is a page.
async function requests(): Promise<typeof import('./fhir-requests.ts')> {
  vi.resetModules();
  return import('./fhir-requests.ts');
}

beforeEach(() => vi.stubGlobal('Worker', InThreadWorker));
afterEach(() => {
  vi.unstubAllGlobals();
  asked.length = 0;
});

describe('FHIR reads in the read worker', () => {
  test('a search is read in the worker, every page, with the token of the session', async () => {
    const tokens: (string | null)[] = [];
    server.use(
      http.get(`${EHR_BASE}/Condition`, ({ request }) => {
        tokens.push(request.headers.get('authorization'));
        return HttpResponse.json(new URL(request.url).searchParams.has('page') ? conditions(['c3']) : conditions(['c1', 'c2'], `${EHR_BASE}/Condition?patient=patient-x&page=2`));
      }),
    );
    const { searchAll } = await requests();

    const found = await searchAll(buildTestClient(), 'Condition', { patient: 'patient-x' });

    expect(found.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(asked).toEqual([{ kind: 'read', id: 1, read: { url: `${EHR_BASE}/Condition?patient=patient-x`, base: EHR_BASE, authorization: 'Bearer test' } }]);
    expect(tokens).toEqual(['Bearer test', 'Bearer test']);
  });

  test('a refused token is handed back to fhirclient, whose error the caller gets', async () => {
    let refused = 0;
    server.use(
      http.get(`${EHR_BASE}/Condition`, () => {
        refused++;
        return new HttpResponse(null, { status: 401 });
      }),
    );
    const { searchAll } = await requests();

    await expect(searchAll(buildTestClient(), 'Condition', { patient: 'patient-x' })).rejects.toMatchObject({ status: 401 });
    // Once by the worker, once by fhirclient, which decides whether the session has ended.
    expect(asked).toHaveLength(1);
    expect(refused).toBe(2);
  });

  test('a token fhirclient must refresh first is read by fhirclient alone, with the new token', async () => {
    const tokens: (string | null)[] = [];
    server.use(
      http.post(TOKEN_URI, () => HttpResponse.json({ access_token: 'fresh', token_type: 'Bearer', expires_in: 3600, refresh_token: 'r2' })),
      http.get(`${EHR_BASE}/Condition`, ({ request }) => {
        tokens.push(request.headers.get('authorization'));
        return HttpResponse.json(conditions(['c1']));
      }),
    );
    const { searchAll } = await requests();

    const found = await searchAll(buildTestClient({ accessToken: 'stale', expiresAt: Date.now() / 1000 - 60, refreshToken: 'r1' }), 'Condition', { patient: 'patient-x' });

    expect(found.map((c) => c.id)).toEqual(['c1']);
    expect(asked).toEqual([]);
    expect(tokens).toEqual(['Bearer fresh']);
  });

  test('an error status reaches the caller with its status, as fhirclient reports it', async () => {
    server.use(http.get(`${EHR_BASE}/Condition`, () => new HttpResponse(null, { status: 503 })));
    const { searchAll } = await requests();

    await expect(searchAll(buildTestClient(), 'Condition', { patient: 'patient-x' })).rejects.toMatchObject({ status: 503 });
    expect(asked).toHaveLength(1);
  });

  test('cancelling a read rejects it at once and stops it in the worker', async () => {
    let release: () => void = () => undefined;
    server.use(
      http.get(`${EHR_BASE}/Condition`, async () => {
        await new Promise<void>((resolve) => (release = resolve));
        return HttpResponse.json(conditions(['late']));
      }),
    );
    const { searchAll } = await requests();
    const controller = new AbortController();

    const read = searchAll(buildTestClient(), 'Condition', { patient: 'patient-x' }, controller.signal);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    controller.abort();

    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
    await vi.waitFor(() => expect(asked.map((r) => r.kind)).toEqual(['read', 'abort']));
    release();
  });
});
