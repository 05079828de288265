import { outcomeMessages } from './operation-outcome.ts';
import type { OutcomeMessage } from './operation-outcome.ts';

/** A failed proxy call. `status` 0 means the proxy could not be reached at all. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly status: number;
  readonly messages: readonly OutcomeMessage[];
  /** How long the server asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, messages: readonly OutcomeMessage[], fallback: string, retryAfterMs?: number) {
    super(messages.map((m) => m.text).join('; ') || fallback);
    this.status = status;
    this.messages = messages.length > 0 ? messages : [{ field: undefined, text: fallback }];
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Failures the same call may get past later: no connection (0), a timeout, too early or too many
 * requests, the proxy or the store unavailable. Anything else is the proxy refusing this call.
 */
export function isTransientStatus(status: number): boolean {
  return [0, 408, 425, 429, 500, 502, 503, 504].includes(status);
}

/** Runs a proxy call; a network failure is status 0, any other failure carries the OperationOutcome's text. */
export async function send<R extends Response>(call: () => Promise<R>): Promise<R> {
  let response: R;
  try {
    response = await call();
  } catch (error) {
    // The credentials step may already say why (an ended session is a 401 before anything is sent).
    if (error instanceof ProxyError) {
      throw error;
    }
    throw new ProxyError(0, [], 'Curbside could not reach its server. Check your connection and try again.');
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ProxyError(response.status, outcomeMessages(body), `The Curbside server answered ${response.status}.`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
  return response;
}

/** A runner of proxy calls (`send`, or `send` that also reports an ended session). */
export type ProxySend = typeof send;

/** `send`, telling `onSessionEnded` about a 401 so the app can ask for a relaunch. */
export function sendReportingSessionEnd(onSessionEnded: (() => void) | undefined): ProxySend {
  return async (call) => {
    try {
      return await send(call);
    } catch (error) {
      if (error instanceof ProxyError && error.status === 401) {
        onSessionEnded?.();
      }
      throw error;
    }
  };
}
