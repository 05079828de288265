import type { ReactNode } from 'react';
import type { ThreadMessage } from '../../lib/api-contract.ts';
import { MESSAGE_KIND_LABELS, OUTCOME_LABELS } from '../../lib/consult-labels.ts';

export interface ThreadMessagesProps {
  readonly messages: readonly ThreadMessage[];
  /** Which side is reading: the other side's messages are named by their role too. */
  readonly viewer: 'requester' | 'specialist';
}

// Each message is named by its sender. Not "You": a side can be several people (a colleague at the same
// practice opening the chart, a second specialist in the pool), and the thread knows sides, not who is reading.
const ROLE: Readonly<Record<ThreadMessage['from'], string>> = { requester: 'requesting physician', specialist: 'specialist' };

const timeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** A consult's thread, oldest first. Message text is shown as text (never parsed as HTML). */
export function ThreadMessages({ messages, viewer }: ThreadMessagesProps): ReactNode {
  return (
    <ol className="thread" aria-label="Consult thread">
      {messages.map((message) => (
        <li key={message.id} className={`thread__message thread__message--${message.from} thread__message--${message.kind}`}>
          <p className="thread__meta">
            <span className="thread__kind">{MESSAGE_KIND_LABELS[message.kind]}</span>
            <span>
              {message.senderName}
              {message.from !== viewer && <span className="muted"> ({ROLE[message.from]})</span>}
            </span>
            {message.sentAt && <time dateTime={message.sentAt}>{timeFormat.format(new Date(message.sentAt))}</time>}
          </p>
          <p className="thread__text">{message.text}</p>
          {message.outcome && <p className="badge badge--outcome">Outcome: {OUTCOME_LABELS[message.outcome]}</p>}
        </li>
      ))}
    </ol>
  );
}
