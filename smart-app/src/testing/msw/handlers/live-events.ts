import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { ConsultEvent } from '../../../lib/api-contract.ts';
import { PROXY_BASE } from '../../fixtures.ts';

const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
const encoder = new TextEncoder();

/** Pushes a `consult` event to every open `GET /events` stream, as the proxy would on a change. */
export function emitConsultEvent(event: ConsultEvent): void {
  for (const stream of streams) {
    stream.enqueue(encoder.encode(`event: consult\ndata: ${JSON.stringify(event)}\n\n`));
  }
}

/** Ends every open stream, as the proxy does when a token's verification expires: the app reconnects. */
export function endEventStreams(): void {
  for (const stream of streams) {
    stream.close();
  }
  streams.clear();
}

let readyGate: Promise<void> | undefined;

/**
 * Streams opened from now on say `ready` only once `release()` is called, as a proxy does while its
 * change feed finds where the store stands; after each test (`resetLiveEvents`) they say it at once again.
 */
export function holdEventStreamsReady(): { release: () => void } {
  let release = (): void => undefined;
  readyGate = new Promise<void>((resolve) => (release = resolve));
  return { release };
}

export function resetLiveEvents(): void {
  readyGate = undefined;
}

/** How many clients hold a stream open. */
export function openEventStreams(): number {
  return streams.size;
}

/** `GET /events`: a server-sent event stream that says `ready` (at once unless held), then stays open until the client aborts. */
export const liveEventHandlers: HttpHandler[] = [
  http.get(`${PROXY_BASE}/events`, ({ request }) => {
    let self: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        self = controller;
        streams.add(controller);
        const ready = (): void => {
          if (streams.has(controller)) {
            controller.enqueue(encoder.encode('event: ready\ndata: {}\n\n'));
          }
        };
        if (readyGate) {
          void readyGate.then(ready);
        } else {
          ready();
        }
        request.signal.addEventListener('abort', () => streams.delete(controller));
      },
      cancel() {
        if (self) {
          streams.delete(self);
        }
      },
    });
    return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
  }),
];
