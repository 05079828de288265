import type { Directory } from '../../../lib/api-contract.ts';
import type { ProxyClient } from '../../../lib/proxy-client.ts';
import { useRetryableRead, type RetryableRead } from '../../../lib/useRetryableRead.ts';

export type UseDirectoryReturn = Exclude<RetryableRead<never>, { readonly status: 'ready' }> | { readonly status: 'ready'; readonly directory: Directory };

const read = (proxy: ProxyClient): Promise<Directory> => proxy.getDirectory();

/** The specialties (pools) and specialists a consult can go to (GET /directory); read again on `retry`. */
export function useDirectory(): UseDirectoryReturn {
  const state = useRetryableRead(read, undefined, 'The specialty list could not be loaded.');
  return state.status === 'ready' ? { status: 'ready', directory: state.value } : state;
}
