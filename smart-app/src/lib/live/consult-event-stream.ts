import { CONSULT_EVENT } from '../api-contract.ts';
import type { ConsultEvent } from '../api-contract.ts';

export interface ConsultEventHandlers {
  /** The stream is live: changes from now on will arrive (a good moment to read again what may have changed before). */
  readonly onReady: () => void;
  readonly onEvent: (event: ConsultEvent) => void;
}

/**
 * Reads a `text/event-stream` response until it ends or `signal` aborts: `ready` and `consult` events go
 * to the handlers, comments (keep-alives) and unknown events are skipped.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */
export async function readConsultEvents(response: Response, handlers: ConsultEventHandlers, signal?: AbortSignal): Promise<void> {
  if (!response.body || signal?.aborted) {
    await response.body?.cancel();
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // Cancelling the reader closes the connection: that is how the app stops listening.
  signal?.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (done || signal?.aborted) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end), handlers);
      buffer = buffer.slice(end + 2);
    }
  }
}

function dispatch(block: string, handlers: ConsultEventHandlers): void {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) {
      name = line.slice(6).trim();
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }
  if (name === 'ready') {
    handlers.onReady();
  } else if (name === CONSULT_EVENT && data.length) {
    try {
      handlers.onEvent(JSON.parse(data.join('\n')) as ConsultEvent);
    } catch {
      // A malformed event is dropped; the next one or the next reconnect brings the app up to date.
    }
  }
}
