import { useCallback } from 'react';
import { useProxyClient } from '../../../lib/useProxyClient.ts';
import { useKeyedSend, type KeyedSendState, type UseKeyedSendReturn } from './useKeyedSend.ts';

export type ReplyState = KeyedSendState;
export type UseReplyReturn = UseKeyedSendReturn<[text: string, inResponseTo: string | undefined]>;

/** The requesting physician's reply to the specialist (POST /consults/:id/messages). */
export function useReply(consultId: string): UseReplyReturn {
  const proxy = useProxyClient();
  const post = useCallback(
    (idempotencyKey: string, text: string, inResponseTo: string | undefined) => proxy.replyToSpecialist(consultId, { idempotencyKey, text, ...(inResponseTo ? { inResponseTo } : {}) }),
    [proxy, consultId],
  );
  return useKeyedSend(post, 'The reply could not be sent.');
}
