import { useCallback, useRef, useState } from 'react';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

export type ReplyState = { readonly status: 'idle' | 'sending' | 'sent' } | { readonly status: 'failed'; readonly message: string };

export interface UseReplyReturn {
  readonly state: ReplyState;
  /** Sends the reply; resolves true once stored. A retry after a failure reuses the same idempotency key. */
  readonly send: (text: string, inResponseTo: string | undefined) => Promise<boolean>;
}

/** The requesting physician's reply to the specialist (POST /consults/:id/messages). */
export function useReply(consultId: string): UseReplyReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<ReplyState>({ status: 'idle' });
  const key = useRef(crypto.randomUUID());
  const inFlight = useRef(false);

  const send = useCallback(
    async (text: string, inResponseTo: string | undefined) => {
      if (inFlight.current) {
        return false;
      }
      inFlight.current = true;
      setState({ status: 'sending' });
      try {
        await proxy.replyToSpecialist(consultId, { idempotencyKey: key.current, text, ...(inResponseTo ? { inResponseTo } : {}) });
        key.current = crypto.randomUUID();
        setState({ status: 'sent' });
        return true;
      } catch (error) {
        setState({ status: 'failed', message: error instanceof ProxyError ? error.message : 'The reply could not be sent.' });
        return false;
      } finally {
        inFlight.current = false;
      }
    },
    [proxy, consultId],
  );
  return { state, send };
}
