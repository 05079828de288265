import type { Directory } from '../../../lib/api-contract.ts';
import type { ProxyClient } from '../../../lib/proxy-client.ts';
import { useRetryableRead, type RetryableRead } from '../../../lib/useRetryableRead.ts';

export type UseRedirectTargetsReturn = Exclude<RetryableRead<never>, { readonly status: 'ready' }> | { readonly status: 'ready'; readonly directory: Directory };

const read = (proxy: ProxyClient): Promise<Directory> => proxy.getSpecialistDirectory();

/** The specialties a consult can be redirected to (GET /specialist/directory); read again on `retry`. */
export function useRedirectTargets(): UseRedirectTargetsReturn {
  const state = useRetryableRead(read, undefined, 'The specialty list could not be loaded.');
  return state.status === 'ready' ? { status: 'ready', directory: state.value } : state;
}
