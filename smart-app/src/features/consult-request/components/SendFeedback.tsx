import type { ReactNode } from 'react';
import type { ConsultSummary } from '../../../lib/api-contract.ts';
import { URGENCY_LABELS } from '../../../lib/consult-labels.ts';
import { describeFieldError } from '../api/build-consult-input.ts';
import type { FieldError } from '../api/build-consult-input.ts';
import type { OutboxItem } from '../api/outbox.ts';
import type { SubmitState } from '../hooks/useSubmitConsult.ts';
import { EhrRecordNote } from './EhrRecordNote.tsx';

export interface SendFeedbackProps {
  readonly state: SubmitState;
  /** The draft's consult when it is waiting in the outbox (e.g. after a reload). */
  readonly queued: OutboxItem | undefined;
  /** Problems found before sending (nothing was sent). */
  readonly checkErrors: readonly FieldError[];
  readonly onRetry: () => void;
  /** Opens a consult's thread, where the page can show one. */
  readonly onOpen?: ((consultId: string) => void) | undefined;
}

function ErrorList({ errors }: { readonly errors: readonly FieldError[] }): ReactNode {
  return (
    <ul>
      {errors.map((error, index) => (
        <li key={index}>{describeFieldError(error)}</li>
      ))}
    </ul>
  );
}

function Queued({ errors, nextAttemptAt, onRetry }: { readonly errors: readonly FieldError[]; readonly nextAttemptAt: number; readonly onRetry: () => void }): ReactNode {
  const seconds = Math.max(1, Math.round((nextAttemptAt - Date.now()) / 1000));
  return (
    <div className="callout callout--pending" role="alert">
      <p className="callout__title">The consult was not sent. Your draft is kept.</p>
      <p>
        It waits on this device and Curbside sends it automatically when the consult store is back (next try in about {seconds} s). It is
        sent as written, once, even if you close this chart.
      </p>
      <ErrorList errors={errors} />
      <button type="button" className="button button--secondary" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/**
 * "To Nephrology e-consults · Routine": the specialty in brackets only where the target's name does not
 * say it. Not where the consult stands: the consult list shows that and follows every later step (a
 * claim, a withdrawal), where a note written at send would soon contradict it.
 */
function whereItWent(consult: ConsultSummary): string {
  const to = consult.target.toLowerCase().includes(consult.specialty.toLowerCase()) ? consult.target : `${consult.target} (${consult.specialty})`;
  return `To ${to} · ${URGENCY_LABELS[consult.urgency]}`;
}

/** What happened to the last send: problems to fix, the proxy's refusal with Retry, a queued consult, or the sent consult. */
export function SendFeedback({ state, queued, checkErrors, onRetry, onOpen }: SendFeedbackProps): ReactNode {
  if (checkErrors.length > 0) {
    return (
      <div className="callout callout--error" role="alert">
        <p className="callout__title">Check the consult before sending:</p>
        <ErrorList errors={checkErrors} />
      </div>
    );
  }
  switch (state.status) {
    case 'idle':
      // After a reload the outbox still holds this draft's consult.
      return queued ? <Queued errors={queued.lastError ? [{ field: undefined, text: queued.lastError }] : []} nextAttemptAt={queued.nextAttemptAt} onRetry={onRetry} /> : null;
    case 'sending':
      return null;
    case 'queued':
      return <Queued errors={state.errors} nextAttemptAt={state.nextAttemptAt} onRetry={onRetry} />;
    case 'failed':
      return (
        <div className="callout callout--error" role="alert">
          <p className="callout__title">The consult was not sent. Your draft is kept.</p>
          <ErrorList errors={state.errors} />
          <button type="button" className="button button--secondary" onClick={onRetry}>
            Retry
          </button>
        </div>
      );
    case 'sent':
      return (
        // data-consult-id: the store's id for scripts and tests, out of the physician's sight.
        <div className="callout callout--success" role="status" data-consult-id={state.consult.id}>
          <p className="callout__title">Consult sent{state.created ? '' : ' (it had already arrived)'}</p>
          {/* Where it went, in the words of the consult list (not the store's id). */}
          <p>{whereItWent(state.consult)}</p>
          {onOpen && (
            <button type="button" className="button button--secondary button--small" onClick={() => onOpen(state.consult.id)}>
              Open its thread
            </button>
          )}
          <EhrRecordNote items={state.ehr} />
        </div>
      );
  }
}
