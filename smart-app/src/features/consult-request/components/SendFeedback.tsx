import type { ReactNode } from 'react';
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

/** What happened to the last send: problems to fix, the proxy's refusal with Retry, a queued consult, or the sent consult. */
export function SendFeedback({ state, queued, checkErrors, onRetry }: SendFeedbackProps): ReactNode {
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
        <div className="callout callout--success" role="status">
          <p className="callout__title">Consult sent{state.created ? '' : ' (it had already arrived)'}</p>
          <p>
            Consult <code>{state.consult.id}</code>, status: {state.consult.status}
          </p>
          <EhrRecordNote items={state.ehr} />
        </div>
      );
  }
}
