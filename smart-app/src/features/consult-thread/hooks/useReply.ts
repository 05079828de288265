import { useCallback } from 'react';
import { useConsultAction, type UseConsultActionReturn } from '../../../lib/useConsultAction.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

/** The requesting physician's reply to the specialist (POST /consults/:id/messages). */
export function useReply(consultId: string): UseConsultActionReturn<[text: string, inResponseTo: string | undefined]> {
  const proxy = useProxyClient();
  const post = useCallback(
    (idempotencyKey: string, text: string, inResponseTo: string | undefined) => proxy.replyToSpecialist(consultId, { idempotencyKey, text, ...(inResponseTo ? { inResponseTo } : {}) }),
    [proxy, consultId],
  );
  return useConsultAction(post, undefined, 'The reply could not be sent.');
}
