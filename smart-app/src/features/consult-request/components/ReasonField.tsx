import type { Condition } from 'fhir/r4';
import type { ReactNode } from 'react';
import { CharacterCount, countedLength } from '../../../components/CharacterCount.tsx';
import { conceptText } from '../../../lib/fhir/format.ts';
import { OTHER_REASON } from '../api/consult-draft.ts';
import { MAX_REASON_TEXT_LENGTH } from '../api/text-limits.ts';

export interface ReasonFieldProps {
  readonly problems: readonly Condition[];
  /** A Condition id, OTHER_REASON, or ''. */
  readonly reason: string;
  readonly reasonText: string;
  readonly onChange: (patch: { reason?: string; reasonText?: string }) => void;
  readonly error: string | undefined;
}

/**
 * The problem the consult is about (an active problem), or "Other" with a written reason. A reason is short, so
 * its count shows only once it is over the limit (the text is kept whole, as the question's is).
 */
export function ReasonField({ problems, reason, reasonText, onChange, error }: ReasonFieldProps): ReactNode {
  const describedBy = error ? 'consult-reason-error' : undefined;
  const over = countedLength(reasonText) > MAX_REASON_TEXT_LENGTH;
  const textDescribedBy = [over ? 'consult-reason-count' : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor="consult-reason">Reason for consult</label>
      <select
        id="consult-reason"
        value={reason}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange({ reason: event.target.value })}
      >
        <option value="">Choose a problem…</option>
        {problems.flatMap((problem) =>
          problem.id ? [
            <option key={problem.id} value={problem.id}>
              {conceptText(problem.code)}
            </option>,
          ] : [],
        )}
        <option value={OTHER_REASON}>Other (write the reason)</option>
      </select>
      {reason === OTHER_REASON && (
        <>
          <label htmlFor="consult-reason-text">Other reason</label>
          <input
            id="consult-reason-text"
            type="text"
            value={reasonText}
            aria-invalid={error || over ? true : undefined}
            aria-describedby={textDescribedBy}
            onChange={(event) => onChange({ reasonText: event.target.value })}
          />
          {over && <CharacterCount id="consult-reason-count" text={reasonText} max={MAX_REASON_TEXT_LENGTH} />}
        </>
      )}
      {error && (
        <p id="consult-reason-error" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
