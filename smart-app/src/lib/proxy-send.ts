import { outcomeMessages } from './operation-outcome.ts';
import type { OutcomeMessage } from './operation-outcome.ts';

/** A failed proxy call. `status` 0 means the proxy could not be reached at all. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly status: number;
  readonly messages: readonly OutcomeMessage[];

  constructor(status: number, messages: readonly OutcomeMessage[], fallback: string) {
    super(messages.map((m) => m.text).join('; ') || fallback);
    this.status = status;
    this.messages = messages.length > 0 ? messages : [{ field: undefined, text: fallback }];
  }
}

/** Runs a proxy call; a network failure is status 0, any other failure carries the OperationOutcome's text. */
export async function send<R extends Response>(call: () => Promise<R>): Promise<R> {
  let response: R;
  try {
    response = await call();
  } catch {
    throw new ProxyError(0, [], 'Curbside could not reach its server. Check your connection and try again.');
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new ProxyError(response.status, outcomeMessages(body), `The Curbside server answered ${response.status}.`);
  }
  return response;
}
