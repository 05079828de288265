import { useCallback } from 'react';
import { useProxyClient } from '../../../lib/useProxyClient.ts';
import { useKeyedSend, type UseKeyedSendReturn } from './useKeyedSend.ts';

/** The requesting physician withdraws the consult (POST /consults/:id/withdraw), with the reason for the specialist. */
export function useWithdraw(consultId: string): UseKeyedSendReturn<[reason: string]> {
  const proxy = useProxyClient();
  const post = useCallback((idempotencyKey: string, reason: string) => proxy.withdrawConsult(consultId, { idempotencyKey, reason }), [proxy, consultId]);
  return useKeyedSend(post, 'The consult could not be withdrawn.');
}
