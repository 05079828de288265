import type { ReactNode } from 'react';

export interface CharacterCountProps {
  /** For the field's aria-describedby. */
  readonly id: string;
  readonly text: string;
  readonly max: number;
}

/** How much of the field's text will be sent: what the proxy counts, after trimming. */
export function countedLength(text: string): number {
  return text.trim().length;
}

/**
 * "1200 / 4000 characters". The field takes any length (no maxLength, which would drop pasted text without a
 * word): over the limit the count says how much to shorten, and the form's check refuses to send meanwhile.
 */
export function CharacterCount({ id, text, max }: CharacterCountProps): ReactNode {
  const length = countedLength(text);
  const over = length - max;
  return (
    <p id={id} className={over > 0 ? 'field-hint field-hint--over' : 'field-hint'}>
      {length} / {max} characters
      {over > 0 && `: ${over} too many. Shorten it by ${over} ${over === 1 ? 'character' : 'characters'} to send it.`}
    </p>
  );
}
