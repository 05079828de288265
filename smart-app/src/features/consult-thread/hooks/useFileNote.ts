import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentReference } from 'fhir/r4';
import type { ConsultDetail } from '../../../lib/api-contract.ts';
import { createResource, readCapabilityStatement } from '../../../smart/fhir-requests.ts';
import { useRequesterSession } from '../../../smart/useRequesterSession.ts';
import { buildConsultNote, consultNoteIdentifier } from '../api/consult-note.ts';
import { findFiledNote } from '../api/find-filed-note.ts';
import { noteFiling, type NoteFiling } from '../api/note-filing.ts';

export type FileNoteState =
  | { readonly status: 'checking' }
  | { readonly status: 'unsupported'; readonly notOnce?: boolean }
  | { readonly status: 'ready' }
  | { readonly status: 'filing' }
  | { readonly status: 'filed'; readonly reference: string }
  | { readonly status: 'failed'; readonly message: string };

export interface UseFileNoteReturn {
  readonly state: FileNoteState;
  readonly file: () => Promise<void>;
}

/**
 * Files the answered consult into the chart as a DocumentReference, written by the app straight to the
 * EHR with the user's own token (the EHR token never goes to the consult store). Only where the EHR
 * allows it; otherwise the state is `unsupported` and the screen offers copy-ready text. A note filed
 * before (an earlier session, before a reload) is found in the EHR first and shown as filed, with no
 * second filing offered.
 */
export function useFileNote(consult: ConsultDetail): UseFileNoteReturn {
  const { client, patientId, fhirUser, encounterId, grantedScopes } = useRequesterSession();
  const [filing, setFiling] = useState<NoteFiling | undefined>();
  const [state, setState] = useState<FileNoteState>({ status: 'checking' });
  const noteKey = consultNoteIdentifier(consult).value;
  // Read through a ref so the check runs once per answer, not on every re-read of the consult.
  const latest = useRef(consult);
  latest.current = consult;

  useEffect(() => {
    const controller = new AbortController();
    const check = async (): Promise<FileNoteState> => {
      const found = noteFiling(await readCapabilityStatement(client, controller.signal), grantedScopes);
      setFiling(found);
      if (!found.canCreate) {
        return { status: 'unsupported', notOnce: found.notOnce };
      }
      // A failed look-up still offers filing: the conditional create (or the look-up before a plain one) guards it.
      // Without the scope to search, the conditional create alone does (no request the EHR would refuse).
      const filed = found.canLookUp ? await findFiledNote(client, patientId, latest.current, controller.signal).catch(() => undefined) : undefined;
      return filed ? { status: 'filed', reference: filed } : { status: 'ready' };
    };
    check().then(
      (checked) => !controller.signal.aborted && setState(checked),
      () => !controller.signal.aborted && setState({ status: 'unsupported' }),
    );
    return () => controller.abort();
  }, [client, grantedScopes, patientId, noteKey]);

  const file = useCallback(async () => {
    if (!filing?.canCreate) {
      return;
    }
    setState({ status: 'filing' });
    const note = buildConsultNote(consult, { patientId, author: fhirUser, encounterId, now: new Date().toISOString() });
    const { system, value } = consultNoteIdentifier(consult);
    const identifier = `${system}|${value}`;
    try {
      // Without conditional create (Epic's CapabilityStatement says false), look for an earlier filing first.
      const earlier = filing.conditionalCreate ? undefined : await findFiledNote(client, patientId, consult);
      if (earlier) {
        setState({ status: 'filed', reference: earlier });
        return;
      }
      const written = await createResource<DocumentReference>(client, note, filing.conditionalCreate ? `identifier=${encodeURIComponent(identifier)}` : undefined);
      setState({ status: 'filed', reference: `DocumentReference/${written.id ?? ''}` });
    } catch (error) {
      const status = typeof error === 'object' && error !== null && 'status' in error ? String((error as { status: unknown }).status) : 'no answer';
      setState({ status: 'failed', message: `The EHR did not accept the note (${status}). Nothing was filed; you can try again or copy the text.` });
    }
  }, [client, consult, encounterId, fhirUser, filing, patientId]);

  return { state, file };
}
