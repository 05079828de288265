import type { ReactNode } from 'react';

export interface QuestionFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
}

export const MAX_QUESTION_LENGTH = 4000;

/** The clinical question: required, with a running character count. */
export function QuestionField({ value, onChange, error }: QuestionFieldProps): ReactNode {
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
        maxLength={MAX_QUESTION_LENGTH}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id="consult-question-count" className="field-hint">
        {value.length} / {MAX_QUESTION_LENGTH} characters
      </p>
      {error && (
        <p id="consult-question-error" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
