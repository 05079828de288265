import type { RequesterSession } from './smart-session.ts';
import { useSmartClient } from './useSmartClient.ts';

/** The session of a launch from a patient's chart; only valid where the app shows the requester's screens. */
export function useRequesterSession(): RequesterSession {
  const session = useSmartClient();
  if (session.mode !== 'requester') {
    throw new Error('useRequesterSession() needs a launch with a patient.');
  }
  return session;
}
