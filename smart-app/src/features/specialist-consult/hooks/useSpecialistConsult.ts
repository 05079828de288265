import type { SpecialistConsultDetail } from '../../../lib/api-contract.ts';
import type { ProxyClient } from '../../../lib/proxy-client.ts';
import { useConsultRead, type UseConsultReadReturn } from '../../../lib/useConsultRead.ts';

export type UseSpecialistConsultReturn = UseConsultReadReturn<SpecialistConsultDetail>;

const read = (proxy: ProxyClient, id: string): Promise<SpecialistConsultDetail> => proxy.getSpecialistConsult(id);

/** One consult with its packet and thread, as the specialist reads it; read again when `refreshKey` changes. */
export function useSpecialistConsult(id: string, refreshKey: number): UseSpecialistConsultReturn {
  return useConsultRead(read, id, refreshKey);
}
