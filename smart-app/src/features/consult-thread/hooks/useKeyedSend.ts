import { useCallback, useRef, useState } from 'react';
import { ProxyError } from '../../../lib/proxy-client.ts';

export type KeyedSendState = { readonly status: 'idle' | 'sending' | 'sent' } | { readonly status: 'failed'; readonly message: string };

export interface UseKeyedSendReturn<A extends unknown[]> {
  readonly state: KeyedSendState;
  /** Sends; resolves true once stored. A retry after a failure reuses the same idempotency key. */
  readonly send: (...args: A) => Promise<boolean>;
}

/**
 * One thread write of the requesting physician (a reply, a withdrawal): one at a time (a double click
 * sends nothing more), under an idempotency key kept until it is stored, so a retry after a lost answer
 * is the same write and the proxy stores it once; a new key for the next one.
 */
export function useKeyedSend<A extends unknown[]>(post: (idempotencyKey: string, ...args: A) => Promise<unknown>, failure: string): UseKeyedSendReturn<A> {
  const [state, setState] = useState<KeyedSendState>({ status: 'idle' });
  const key = useRef(crypto.randomUUID());
  const inFlight = useRef(false);
  const send = useCallback(
    async (...args: A) => {
      if (inFlight.current) {
        return false;
      }
      inFlight.current = true;
      setState({ status: 'sending' });
      try {
        await post(key.current, ...args);
        key.current = crypto.randomUUID();
        setState({ status: 'sent' });
        return true;
      } catch (error) {
        setState({ status: 'failed', message: error instanceof ProxyError ? error.message : failure });
        return false;
      } finally {
        inFlight.current = false;
      }
    },
    [post, failure],
  );
  return { state, send };
}
