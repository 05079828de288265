import { useCallback, useRef, useState } from 'react';
import { ProxyError } from '../../../lib/proxy-client.ts';

export type ActionState = { readonly status: 'idle' | 'working' | 'done' } | { readonly status: 'failed'; readonly message: string };

export interface UseConsultActionReturn<A extends unknown[]> {
  readonly state: ActionState;
  /** Runs the action once at a time with this form's idempotency key; a retry after a failure reuses the key. */
  readonly run: (...args: A) => Promise<boolean>;
}

/** One specialist action (ask, answer, decline, redirect) with its own idempotency key and state. */
export function useConsultAction<A extends unknown[]>(action: (idempotencyKey: string, ...args: A) => Promise<unknown>, onDone: () => void): UseConsultActionReturn<A> {
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
        onDone();
        return true;
      } catch (error) {
        setState({ status: 'failed', message: error instanceof ProxyError ? error.message : 'Curbside could not save this. Try again.' });
        return false;
      } finally {
        busy.current = false;
      }
    },
    [action, onDone],
  );
  return { state, run };
}
