import type { FhirResource } from 'fhir/r4';
import type { SmartClient } from './fhirclient.ts';
import type { WorkerReply, WorkerRequest } from './read-worker-protocol.ts';
import { ReadStatusError } from './read-pages.ts';

/**
 * FHIR reads in a Web Worker. Chromium hands a page's fetch responses to the page's main thread, so
 * while React renders the page (and lays out its text) the chart's responses wait, unread; at 0 ms of
 * network latency that made the chart read 2–2.5× the floor (`npm run bench`, BENCHMARKS.md part 1).
 * The worker receives and parses them on its own thread. fhirclient itself cannot run there (its
 * state lives in the page's sessionStorage), so the page lends the worker the current access token
 * for each read, and anything the worker cannot do well is read by fhirclient as before: a token
 * fhirclient must refresh first, a 401 (fhirclient decides whether the session has ended), a `next`
 * link off the FHIR server, a browser without workers.
 */

/** Thrown by `readInWorker` when fhirclient should make this read instead. */
export class ReadElsewhere extends Error {
  constructor(reason: string) {
    super(`Read by fhirclient instead: ${reason}.`);
    this.name = 'ReadElsewhere';
  }
}

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(result: FhirResource | FhirResource[]): void; reject(error: unknown): void }>();

/** Starts the worker ahead of the first read (index.html does this before the token arrives), so it is ready when the chart read starts. */
export function startReadWorker(): void {
  readWorker();
}

function readWorker(): Worker | null {
  if (worker !== undefined) {
    return worker;
  }
  try {
    worker = typeof Worker === 'undefined' ? null : new Worker(new URL('./fhir-read.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  worker?.addEventListener('message', (event: MessageEvent<WorkerReply>) => settle(event.data));
  worker?.addEventListener('error', () => {
    // A worker that failed to load or crashed: what it had in hand, and everything after, goes to fhirclient.
    worker?.terminate();
    worker = null;
    pending.forEach((p) => p.reject(new ReadElsewhere('the read worker stopped')));
    pending.clear();
  });
  return worker;
}

function settle(reply: WorkerReply): void {
  const waiting = pending.get(reply.id);
  pending.delete(reply.id);
  if (!waiting) {
    return;
  }
  if (reply.ok) {
    waiting.resolve(reply.result);
  } else if (reply.error.status === 401 || reply.error.name === 'OffServerLinkError') {
    waiting.reject(new ReadElsewhere(reply.error.status === 401 ? 'the token was refused' : 'a page link leaves the FHIR server'));
  } else if (reply.error.status !== undefined) {
    waiting.reject(new ReadStatusError(reply.error.status));
  } else {
    // The network failed: the same TypeError fetch itself gives, so callers see what fhirclient would show.
    waiting.reject(new TypeError('Failed to fetch'));
  }
}

/**
 * Reads `path` (relative to the FHIR server, as fhirclient takes it) in the worker: a resource, or
 * every page of a search as one array. Rejects with `ReadElsewhere` where fhirclient must read it.
 */
export function readInWorker(client: SmartClient, path: string, signal?: AbortSignal): Promise<FhirResource | FhirResource[]> {
  const authorization = client.getAuthorizationHeader();
  const refreshToken = client.state.tokenResponse?.refresh_token;
  // fhirclient refreshes a token that expires within 10 s before using it (Client.refreshIfNeeded).
  const mustRefresh = Boolean(refreshToken) && (client.state.expiresAt ?? 0) - 10 < Date.now() / 1000;
  const target = readWorker();
  if (!target || !authorization || mustRefresh) {
    return Promise.reject(new ReadElsewhere(target ? 'the token must be refreshed first' : 'no read worker'));
  }
  if (signal?.aborted) {
    return Promise.reject(signal.reason);
  }
  const base = client.state.serverUrl.replace(/\/+$/, '');
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      pending.delete(id);
      target.postMessage({ kind: 'abort', id } satisfies WorkerRequest);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal?.removeEventListener('abort', onAbort);
    pending.set(id, {
      resolve: (result) => (done(), resolve(result)),
      reject: (error) => (done(), reject(error)),
    });
    target.postMessage({ kind: 'read', id, read: { url: `${base}/${path.replace(/^\/+/, '')}`, base, authorization } } satisfies WorkerRequest);
  });
}
