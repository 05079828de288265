import { useCallback, useRef, useState } from 'react';
import { ProxyError } from './proxy-client.ts';

export type ActionState = { readonly status: 'idle' | 'working' | 'done' } | { readonly status: 'failed'; readonly message: string };

export interface UseConsultActionReturn<A extends unknown[]> {
  readonly state: ActionState;
  /** Runs the action once at a time with this form's idempotency key; a retry after a failure reuses the key. */
  readonly run: (...args: A) => Promise<boolean>;
}

/**
 * One write on a consult (the specialist's ask, answer, decline, redirect; the requester's reply and
 * withdrawal): one at a time (a double click sends nothing more), under an idempotency key kept until it
 * is stored, so a retry after a lost answer is the same write and the proxy stores it once; a new key
 * for the next one. `failure` is what the form says when the proxy gave no reason of its own.
 */
export function useConsultAction<A extends unknown[]>(
  action: (idempotencyKey: string, ...args: A) => Promise<unknown>,
  onDone?: () => void,
  failure = 'Curbside could not save this. Try again.',
): UseConsultActionReturn<A> {
  const [state, setState] = useState<ActionState>({ status: 'idle' });
  const key = useRef(crypto.randomUUID());
  const busy = useRef(false);
  const run = useCallback(
    async (...args: A) => {
      if (busy.current) {
        return false;
      }
      busy.current = true;
      setState({ status: 'working' });
      try {
        await action(key.current, ...args);
        key.current = crypto.randomUUID();
        setState({ status: 'done' });
        onDone?.();
        return true;
      } catch (error) {
        setState({ status: 'failed', message: error instanceof ProxyError ? error.message : failure });
        return false;
      } finally {
        busy.current = false;
      }
    },
    [action, onDone, failure],
  );
  return { state, run };
}
