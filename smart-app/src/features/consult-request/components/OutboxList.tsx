import type { ReactNode } from 'react';
import type { OutboxItem } from '../api/outbox.ts';

export interface OutboxListProps {
  /** Queued consults other than the draft on screen (that one is shown with the form). */
  readonly items: readonly OutboxItem[];
}

function excerpt(text: string): string {
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
}

/** Consults this physician wrote for this patient that have not reached the store yet; each goes out automatically. */
export function OutboxList({ items }: OutboxListProps): ReactNode {
  if (items.length === 0) {
    return null;
  }
  return (
    <div className="callout callout--pending" role="status">
      <p className="callout__title">
        {items.length === 1 ? '1 consult is' : `${items.length} consults are`} waiting to be sent. Curbside sends {items.length === 1 ? 'it' : 'them'} automatically
        when the consult store can be reached.
      </p>
      <ul>
        {items.map((item) => (
          <li key={item.input.idempotencyKey}>{excerpt(item.input.question)}</li>
        ))}
      </ul>
    </div>
  );
}
