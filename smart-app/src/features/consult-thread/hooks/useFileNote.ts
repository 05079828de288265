import { useCallback, useEffect, useState } from 'react';
import type { DocumentReference } from 'fhir/r4';
import type { ConsultDetail } from '../../../lib/api-contract.ts';
import { createResource, readCapabilityStatement, searchAll } from '../../../smart/fhir-requests.ts';
import { useRequesterSession } from '../../../smart/useRequesterSession.ts';
import { buildConsultNote, CONSULT_NOTE_SYSTEM } from '../api/consult-note.ts';
import { noteFiling, type NoteFiling } from '../api/note-filing.ts';

export type FileNoteState =
  | { readonly status: 'checking' }
  | { readonly status: 'unsupported' }
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
 * allows it; otherwise the state is `unsupported` and the screen offers copy-ready text.
 */
export function useFileNote(consult: ConsultDetail): UseFileNoteReturn {
  const { client, patientId, fhirUser, encounterId, grantedScopes } = useRequesterSession();
  const [filing, setFiling] = useState<NoteFiling | undefined>();
  const [state, setState] = useState<FileNoteState>({ status: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    readCapabilityStatement(client, controller.signal).then(
      (statement) => {
        const found = noteFiling(statement, grantedScopes);
        setFiling(found);
        setState(found.canCreate ? { status: 'ready' } : { status: 'unsupported' });
      },
      () => !controller.signal.aborted && setState({ status: 'unsupported' }),
    );
    return () => controller.abort();
  }, [client, grantedScopes]);

  const file = useCallback(async () => {
    if (!filing?.canCreate) {
      return;
    }
    setState({ status: 'filing' });
    const note = buildConsultNote(consult, { patientId, author: fhirUser, encounterId, now: new Date().toISOString() });
    const key = note.identifier?.[0]?.value ?? consult.id;
    const identifier = `${CONSULT_NOTE_SYSTEM}|${key}`;
    try {
      // Without conditional create (Epic's CapabilityStatement says false), look for an earlier filing first.
      const earlier = filing.conditionalCreate ? [] : await searchAll(client, 'DocumentReference', { patient: patientId, identifier });
      if (earlier[0]?.id) {
        setState({ status: 'filed', reference: `DocumentReference/${earlier[0].id}` });
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
