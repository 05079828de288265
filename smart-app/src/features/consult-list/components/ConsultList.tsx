import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { LoadError } from '../../../components/LoadError.tsx';
import { MetaText } from '../../../components/MetaText.tsx';
import { OUTCOME_LABELS, STATE_LABELS, URGENCY_LABELS } from '../../../lib/consult-labels.ts';
import { excerpt } from '../../../lib/excerpt.ts';
import { formatDate } from '../../../lib/fhir/format.ts';
import { useReadMarks } from '../../../lib/read-marks.ts';
import { useRetry } from '../../../lib/useRetry.ts';
import type { UseConsultsReturn } from '../hooks/useConsults.ts';
import { StackTableHead } from '../../../components/StackTableHead.tsx';

export interface ConsultListProps {
  /** The list as `useConsults` reads it (the page reads it once, for this list and the note on questions waiting). */
  readonly state: UseConsultsReturn;
  /** Opens a consult's thread. */
  readonly onOpen?: (consultId: string) => void;
  readonly openId?: string | undefined;
  /** Set (a new object each time) when a thread is closed: focus returns to that consult's Open button. */
  readonly returnFocusTo?: { readonly consultId: string } | undefined;
}

/**
 * "Consults for this patient": specialty and the first words of the question (which tell two consults to
 * one specialty apart), target, urgency, where it is, sent date, and unread replies.
 */
export function ConsultList({ state, onOpen, openId, returnFocusTo }: ConsultListProps): ReactNode {
  const { isUnread } = useReadMarks();
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const retry = useRetry(state.status === 'error' ? state.retry : undefined, state.status === 'ready', heading);
  useEffect(() => {
    if (returnFocusTo) {
      // The closed thread had focus (its Close button); the list's heading if the consult has left the list.
      const buttons = section.current?.querySelectorAll<HTMLElement>('[data-consult-id]') ?? [];
      const button = Array.from(buttons).find((b) => b.dataset.consultId === returnFocusTo.consultId);
      (button ?? heading.current)?.focus();
    }
  }, [returnFocusTo]);
  return (
    <section className="panel" aria-labelledby="consult-list-title" ref={section}>
      {/* Focusable from script only: where the keyboard lands after a successful Try again. */}
      <h2 id="consult-list-title" ref={heading} tabIndex={-1}>
        Consults for this patient
      </h2>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading consults…
        </p>
      )}
      {state.status === 'error' && <LoadError message={`The consults could not be loaded. ${state.message}`} retrying={state.retrying} onRetry={state.transient ? retry : undefined} />}
      {state.status === 'ready' && state.consults.length === 0 && <p className="muted">No consults yet for this patient.</p>}
      {state.status === 'ready' && state.consults.length > 0 && (
        // In a narrow EHR panel each row becomes a card (app.css, .stack-table); the roles are written out because
        // some browsers drop a table's semantics once its display changes, and data-label names each value.
        <div className="stack-table">
          <table className="consult-table" role="table">
            <StackTableHead columns={['Specialty', 'To', 'Urgency', 'Status', 'Sent', 'Thread']} />
            <tbody role="rowgroup">
              {state.consults.map((consult) => {
                const unread = isUnread(consult.id, consult.lastSpecialistMessageAt);
                const question = excerpt(consult.question);
                return (
                  <tr key={consult.id} role="row" className={consult.id === openId ? 'consult-table__open' : undefined}>
                    <th scope="row" role="rowheader">
                      {consult.specialty}{' '}
                      <span className="consult-table__question">{question}</span>
                    </th>
                    <td role="cell" data-label="To">{consult.target}</td>
                    <td role="cell" data-label="Urgency">
                      <span className={`urgency urgency--${consult.urgency}`}>{URGENCY_LABELS[consult.urgency]}</span>
                    </td>
                    <td role="cell" data-label="Status">
                      {STATE_LABELS[consult.state]}
                      {consult.outcome && <MetaText>{OUTCOME_LABELS[consult.outcome]}</MetaText>}
                    </td>
                    <td role="cell" data-label="Sent">{formatDate(consult.authoredOn)}</td>
                    <td role="cell" data-label="Thread" className="stack-table__actions stack-table__full">
                      <button type="button" className="button button--secondary button--small" data-consult-id={consult.id} onClick={() => onOpen?.(consult.id)} aria-label={`Open the ${consult.specialty} thread: ${question}${unread ? ' (new reply)' : ''}`}>
                        Open
                      </button>
                      {unread && <> <strong className="badge badge--new">New reply</strong></>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
