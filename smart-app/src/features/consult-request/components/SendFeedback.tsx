import type { ReactNode } from 'react';
import { describeFieldError } from '../api/build-consult-input.ts';
import type { FieldError } from '../api/build-consult-input.ts';
import type { SubmitState } from '../hooks/useSubmitConsult.ts';
import { EhrRecordNote } from './EhrRecordNote.tsx';

export interface SendFeedbackProps {
  readonly state: SubmitState;
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

/** What happened to the last send: problems to fix, the proxy's refusal with Retry, or the sent consult. */
export function SendFeedback({ state, checkErrors, onRetry }: SendFeedbackProps): ReactNode {
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
    case 'sending':
      return null;
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
