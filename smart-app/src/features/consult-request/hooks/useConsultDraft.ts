import { useCallback, useEffect, useState } from 'react';
import { useRequesterSession } from '../../../smart/useRequesterSession.ts';
import { draftStorageKey, loadDraft, newDraft, saveDraft } from '../api/consult-draft.ts';
import type { ConsultDraft } from '../api/consult-draft.ts';

export interface UseConsultDraftReturn {
  readonly draft: ConsultDraft;
  /** Changes some fields; saved at once, so a reload keeps what was typed. */
  readonly update: (patch: Partial<Omit<ConsultDraft, 'idempotencyKey'>>) => void;
  /** Records a share checkbox choice. */
  readonly setShared: (key: string, shared: boolean) => void;
  /** Drops the draft (after a send): a fresh one with a new idempotency key takes its place. */
  readonly reset: () => void;
}

/** The consult draft of this EHR user for this patient, kept in localStorage as they type. */
export function useConsultDraft(): UseConsultDraftReturn {
  const { serverUrl, fhirUser, patientId } = useRequesterSession();
  const storageKey = draftStorageKey({ serverUrl, fhirUser, patientId });
  const [state, setState] = useState(() => ({ storageKey, draft: loadDraft(storageKey) ?? newDraft() }));

  // A different user or patient means a different draft (never show one patient's draft on another).
  let current = state;
  if (state.storageKey !== storageKey) {
    current = { storageKey, draft: loadDraft(storageKey) ?? newDraft() };
    setState(current);
  }

  useEffect(() => {
    saveDraft(state.storageKey, state.draft);
  }, [state]);

  const update = useCallback<UseConsultDraftReturn['update']>((patch) => {
    setState((s) => ({ ...s, draft: { ...s.draft, ...patch } }));
  }, []);
  const setShared = useCallback<UseConsultDraftReturn['setShared']>((key, shared) => {
    setState((s) => ({ ...s, draft: { ...s.draft, shared: { ...s.draft.shared, [key]: shared } } }));
  }, []);
  const reset = useCallback(() => {
    setState((s) => ({ ...s, draft: newDraft() }));
  }, []);

  return { draft: current.draft, update, setShared, reset };
}
