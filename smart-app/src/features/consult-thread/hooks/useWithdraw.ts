import { useCallback } from 'react';
import { useConsultAction, type UseConsultActionReturn } from '../../../lib/useConsultAction.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

/** The requesting physician withdraws the consult (POST /consults/:id/withdraw), with the reason for the specialist. */
export function useWithdraw(consultId: string): UseConsultActionReturn<[reason: string]> {
  const proxy = useProxyClient();
  const post = useCallback((idempotencyKey: string, reason: string) => proxy.withdrawConsult(consultId, { idempotencyKey, reason }), [proxy, consultId]);
  return useConsultAction(post, undefined, 'The consult could not be withdrawn.');
}
