import type { ReactNode } from 'react';
import { CharacterCount, countedLength } from '../../../components/CharacterCount.tsx';
import { MAX_QUESTION_LENGTH } from '../api/text-limits.ts';

export interface QuestionFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
}

/**
 * The clinical question: required, with a running character count. A question pasted over the limit is kept
 * whole and marked at once (not only at Send): the physician chooses what to cut.
 */
export function QuestionField({ value, onChange, error }: QuestionFieldProps): ReactNode {
  const over = countedLength(value) > MAX_QUESTION_LENGTH;
  const describedBy = ['consult-question-count', error ? 'consult-question-error' : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor="consult-question">
        Clinical question <span className="required">(required)</span>
      </label>
      <textarea
        id="consult-question"
        rows={5}
        required
        value={value}
        aria-invalid={error || over ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      <CharacterCount id="consult-question-count" text={value} max={MAX_QUESTION_LENGTH} />
      {error && (
        <p id="consult-question-error" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
