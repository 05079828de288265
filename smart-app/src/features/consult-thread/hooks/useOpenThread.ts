import { useCallback, useState } from 'react';
import { z } from 'zod';
import { fhirId } from '../../../lib/api-contract.ts';
import { loadSessionView, saveSessionView, sessionViewKey } from '../../../lib/session-view.ts';
import { useRequesterSession } from '../../../smart/useRequesterSession.ts';

const savedSchema = z.object({ consultId: fhirId });

export interface UseOpenThreadReturn {
  /** The consult whose thread is open in this chart, if any. */
  readonly openId: string | undefined;
  /** Opens a consult's thread (undefined closes it); kept at once, so a reload shows the same. */
  readonly setOpenId: (consultId: string | undefined) => void;
}

/**
 * Which consult thread the physician has open in this chart, kept for the tab (lib/session-view.ts): a
 * reload of the frame, or the EHR relaunching Curbside on the same chart, opens it again. The key names
 * the patient, so two charts side by side in one tab (one sessionStorage) never open each other's.
 */
export function useOpenThread(): UseOpenThreadReturn {
  const { serverUrl, fhirUser, fhirUserUrl, patientId } = useRequesterSession();
  const key = sessionViewKey('open-thread.v1', serverUrl, fhirUserUrl ?? fhirUser, patientId);
  const [held, setHeld] = useState(() => ({ key, openId: loadSessionView(key, savedSchema)?.consultId }));
  let current = held;
  if (held.key !== key) {
    // Another patient or user in the same component (a relaunch in place): their own thread, or none.
    current = { key, openId: loadSessionView(key, savedSchema)?.consultId };
    setHeld(current);
  }
  const setOpenId = useCallback(
    (consultId: string | undefined) => {
      saveSessionView(key, consultId === undefined ? undefined : { consultId });
      setHeld({ key, openId: consultId });
    },
    [key],
  );
  return { openId: current.openId, setOpenId };
}
