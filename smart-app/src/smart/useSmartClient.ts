import { useContext } from 'react';
import { SmartContext } from './smart-context.ts';
import type { SmartSession } from './smart-session.ts';

export type UseSmartClientReturn = SmartSession;

/**
 * The single SMART boundary for feature code (like medplum's `useMedplum()`): the authorized client,
 * the launch context and the proxy credentials. Only valid below `SmartProvider`.
 */
export function useSmartClient(): UseSmartClientReturn {
  const session = useContext(SmartContext);
  if (!session) {
    throw new Error('useSmartClient() must be used inside <SmartProvider>.');
  }
  return session;
}
