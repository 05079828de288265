import type { ReactNode, TextareaHTMLAttributes } from 'react';
import { CharacterCount, countedLength } from './CharacterCount.tsx';

type OwnedAttributes = 'id' | 'value' | 'onChange' | 'maxLength' | 'aria-describedby' | 'aria-invalid';

export interface CountedTextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, OwnedAttributes> {
  readonly id: string;
  readonly value: string;
  /** The proxy's limit for this text (see lib/text-limits.ts). */
  readonly max: number;
  readonly onChange: (value: string) => void;
}

/** Whether the text is short enough to send: the form's Send stays disabled while it is not. */
export function fitsLimit(text: string, max: number): boolean {
  return countedLength(text) <= max;
}

/**
 * A textarea with its running character count as its description. Like the composer's question, it takes any
 * length (no maxLength, which would drop pasted text without a word) and is marked invalid while over the limit.
 */
export function CountedTextarea({ id, value, max, onChange, ...rest }: CountedTextareaProps): ReactNode {
  const countId = `${id}-count`;
  return (
    <>
      <textarea
        {...rest}
        id={id}
        value={value}
        aria-invalid={fitsLimit(value, max) ? undefined : true}
        aria-describedby={countId}
        onChange={(event) => onChange(event.target.value)}
      />
      <CharacterCount id={countId} text={value} max={max} />
    </>
  );
}
