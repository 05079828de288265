import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { LoadError } from '../../../components/LoadError.tsx';
import { isOpenState } from '../../../lib/api-contract.ts';
import { ThreadMessages } from '../../../components/thread/ThreadMessages.tsx';
import { OUTCOME_LABELS, STATE_LABELS, URGENCY_LABELS } from '../../../lib/consult-labels.ts';
import { useReadMarks } from '../../../lib/read-marks.ts';
import { useFocusWhen } from '../../../lib/useFocusWhen.ts';
import { useRetry } from '../../../lib/useRetry.ts';
import { useConsultDetail } from '../hooks/useConsultDetail.ts';
import { FileNote } from './FileNote.tsx';
import { ReplyForm } from './ReplyForm.tsx';
import { WithdrawForm } from './WithdrawForm.tsx';

export interface ConsultThreadProps {
  readonly consultId: string;
  /** Changes when the consult may have changed (a live event): read it again. */
  readonly refreshKey: number;
  readonly onChanged: () => void;
  readonly onClose: () => void;
  /** A new value each time the physician asks for this thread (Open), even while it is open: focus goes to it. */
  readonly focusRequest?: object | undefined;
}

/** One consult's thread for the requesting physician: messages, a reply box while it is open, and the outcome. */
export function ConsultThread({ consultId, refreshKey, onChanged, onClose, focusRequest }: ConsultThreadProps): ReactNode {
  const state = useConsultDetail(consultId, refreshKey);
  const { markRead } = useReadMarks();
  const consult = state.status === 'ready' ? state.consult : undefined;
  // Opened from the list, further down the page: the keyboard and screen reader go to it. Only when asked:
  // a thread open again after a reload does not pull the focus into the app's frame from the EHR's screen.
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhen(heading, focusRequest);
  const retry = useRetry(state.status === 'error' ? state.retry : undefined, state.status === 'ready', heading);
  // The consult this page just withdrew: its form is gone with the open consult, so a note takes the focus.
  const [withdrawn, setWithdrawn] = useState<{ readonly consultId: string } | undefined>();
  const withdrawnNote = useRef<HTMLParagraphElement>(null);
  useFocusWhen(withdrawnNote, withdrawn?.consultId === consultId && consult?.state === 'withdrawn' ? withdrawn : undefined);

  useEffect(() => {
    if (consult) {
      markRead(consult.id, consult.lastSpecialistMessageAt);
    }
  }, [consult, markRead]);

  return (
    <section className="panel" aria-labelledby="consult-thread-title">
      <div className="panel__header">
        <h2 id="consult-thread-title" ref={heading} tabIndex={-1}>{consult ? `Consult: ${consult.specialty}` : 'Consult'}</h2>
        <button type="button" className="button button--secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {state.status === 'loading' && <p className="muted" role="status">Loading the consult…</p>}
      {state.status === 'error' && <LoadError message={`The consult could not be loaded. ${state.message}`} retrying={state.retrying} onRetry={state.transient ? retry : undefined} />}
      {consult && (
        <>
          <p className="consult-meta">
            <span className={`urgency urgency--${consult.urgency}`}>{URGENCY_LABELS[consult.urgency]}</span> · {consult.target} ·{' '}
            <strong>{STATE_LABELS[consult.state]}</strong>
          </p>
          {consult.outcome && (
            <p className="callout callout--success" role="status">
              Outcome: {OUTCOME_LABELS[consult.outcome]}
            </p>
          )}
          <ThreadMessages messages={consult.messages} viewer="requester" />
          {withdrawn?.consultId === consult.id && consult.state === 'withdrawn' && (
            <p className="callout callout--success" role="status" ref={withdrawnNote} tabIndex={-1}>
              Consult withdrawn. The specialist sees your reason in the thread.
            </p>
          )}
          {isOpenState(consult.state) && (
            // Still waiting for someone: a reply may be sent, or the consult withdrawn. Keyed: another consult's boxes start from their own saved text and their own send state.
            <>
              <ReplyForm key={consult.id} consultId={consult.id} question={consult.state === 'clarification-requested' ? consult.messages.findLast((m) => m.kind === 'clarification-request') : undefined} onSent={onChanged} />
              <WithdrawForm
                key={`withdraw-${consult.id}`}
                consultId={consult.id}
                onWithdrawn={() => {
                  setWithdrawn({ consultId: consult.id });
                  onChanged();
                }}
              />
            </>
          )}
          {consult.state === 'answered' && <FileNote consult={consult} />}
        </>
      )}
    </section>
  );
}
