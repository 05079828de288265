import { useId, useRef } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { CountedTextarea, fitsLimit } from '../../../components/CountedTextarea.tsx';
import type { ThreadMessage } from '../../../lib/api-contract.ts';
import { MAX_MESSAGE_LENGTH, MIN_MESSAGE_LENGTH } from '../../../lib/text-limits.ts';
import { useFocusWhen } from '../../../lib/useFocusWhen.ts';
import { useTextDraft } from '../../../lib/useTextDraft.ts';
import { useReply } from '../hooks/useReply.ts';

export interface ReplyFormProps {
  readonly consultId: string;
  /** The specialist's latest clarifying question, which the reply answers. */
  readonly question: ThreadMessage | undefined;
  readonly onSent: () => void;
}

/** Answer the specialist's clarifying question (or add information) in the consult's thread; unsent text is kept per consult. */
export function ReplyForm({ consultId, question, onSent }: ReplyFormProps): ReactNode {
  const { text, setText, clear } = useTextDraft('reply', consultId);
  const { state, run: send } = useReply(consultId);
  const fieldId = useId();
  // Once sent, the box is empty and Send reply disabled, so the button's focus would fall to the page: the
  // keyboard and screen reader go to the note that says it was sent.
  const sentNote = useRef<HTMLParagraphElement>(null);
  useFocusWhen(sentNote, state.status === 'done' ? state : undefined);
  // Over the limit the text is kept whole (the count says how much to cut) and not sent: the proxy would refuse it.
  const sendable = text.trim().length >= MIN_MESSAGE_LENGTH && fitsLimit(text, MAX_MESSAGE_LENGTH);
  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!sendable) {
      return;
    }
    if (await send(text.trim(), question?.id)) {
      clear();
      onSent();
    }
  };
  return (
    <form className="reply" onSubmit={(event) => void onSubmit(event)} aria-busy={state.status === 'working'}>
      <label htmlFor={fieldId} className="field-label">
        {question ? 'Your answer to the specialist\'s question' : 'Add information for the specialist'}
      </label>
      <CountedTextarea id={fieldId} className="textarea" rows={3} value={text} max={MAX_MESSAGE_LENGTH} onChange={setText} />
      {state.status === 'done' && (
        <p className="callout callout--success" role="status" ref={sentNote} tabIndex={-1}>
          Reply sent. The specialist sees it in the thread.
        </p>
      )}
      {state.status === 'failed' && (
        <p className="section-error" role="alert">
          The reply was not sent. {state.message}
        </p>
      )}
      <button type="submit" className="button" disabled={state.status === 'working' || !sendable}>
        {state.status === 'working' ? 'Sending…' : 'Send reply'}
      </button>
    </form>
  );
}
