import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ConsultDetail } from '../../../lib/api-contract.ts';
import { useFocusWhen } from '../../../lib/useFocusWhen.ts';
import { consultNoteText } from '../api/consult-note.ts';
import { useFileNote } from '../hooks/useFileNote.ts';

export interface FileNoteProps {
  readonly consult: ConsultDetail;
}

/**
 * Files the answer into the chart as a consult note after the physician confirms; where the EHR does
 * not allow it, shows the same note as text to copy into the chart by hand.
 */
export function FileNote({ consult }: FileNoteProps): ReactNode {
  const { state, file } = useFileNote(consult);
  const [confirming, setConfirming] = useState(false);
  // Confirm and file goes once the note is filed (and is disabled while filing): after the physician's filing,
  // the keyboard and screen reader go to what it did. Not for a note found filed when the thread opens.
  const [filings, setFilings] = useState(0);
  const result = useRef<HTMLParagraphElement>(null);
  useFocusWhen(result, filings > 0 ? filings : undefined);
  const text = consultNoteText(consult);

  if (state.status === 'checking') {
    return <p className="muted">Checking whether the EHR accepts consult notes…</p>;
  }
  if (state.status === 'unsupported') {
    return (
      <div className="file-note">
        {state.notOnce ? (
          <p>
            Curbside may write notes in this EHR but cannot look up the notes it filed before, so it cannot make sure this one is filed only once. Copy the consult note into the chart (your EHR administrator can
            grant Curbside reading DocumentReference):
          </p>
        ) : (
          <p>This EHR does not let Curbside file notes. Copy the consult note into the chart:</p>
        )}
        <textarea className="textarea" readOnly rows={10} value={text} aria-label="Consult note to copy" />
        <button type="button" className="button button--secondary" onClick={() => void navigator.clipboard?.writeText(text)}>
          Copy note
        </button>
      </div>
    );
  }
  if (state.status === 'filed') {
    return (
      <p className="callout callout--success" role="status" ref={result} tabIndex={-1}>
        Filed in the chart as a consult note (<code>{state.reference}</code>).
      </p>
    );
  }
  return (
    <div className="file-note">
      {!confirming ? (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          File in chart…
        </button>
      ) : (
        <div className="callout" role="group" aria-label="Confirm filing the consult note">
          <p className="callout__title">File this consult note in the patient's chart?</p>
          <pre className="file-note__preview">{text}</pre>
          <button type="button" className="button" disabled={state.status === 'filing'} onClick={() => void file().then(() => setFilings((n) => n + 1))}>
            {state.status === 'filing' ? 'Filing…' : 'Confirm and file'}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {state.status === 'failed' && (
        <p className="section-error" role="alert" ref={result} tabIndex={-1}>
          {state.message}
        </p>
      )}
    </div>
  );
}
