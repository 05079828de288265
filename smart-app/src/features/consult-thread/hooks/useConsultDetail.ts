import type { ConsultDetail } from '../../../lib/api-contract.ts';
import type { ProxyClient } from '../../../lib/proxy-client.ts';
import { useConsultRead, type UseConsultReadReturn } from '../../../lib/useConsultRead.ts';

export type UseConsultDetailReturn = UseConsultReadReturn<ConsultDetail>;

const read = (proxy: ProxyClient, id: string): Promise<ConsultDetail> => proxy.getConsult(id);

/** One consult of the launch patient with its thread (GET /consults/:id); read again when `refreshKey` changes. */
export function useConsultDetail(id: string, refreshKey: number): UseConsultDetailReturn {
  return useConsultRead(read, id, refreshKey);
}
