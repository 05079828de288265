import { z } from 'zod';
import { fhirId } from '../../../lib/api-contract.ts';
import { sessionViewKey, useSessionView } from '../../../lib/session-view.ts';
import { useRequesterSession } from '../../../smart/useRequesterSession.ts';

const savedSchema = z.object({ consultId: fhirId });
const fromSaved = (saved: { consultId: string } | undefined): string | undefined => saved?.consultId;
const toSaved = (consultId: string | undefined) => (consultId === undefined ? undefined : { consultId });

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
  const [openId, setOpenId] = useSessionView(key, savedSchema, fromSaved, toSaved);
  return { openId, setOpenId };
}
