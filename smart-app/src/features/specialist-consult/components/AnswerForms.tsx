import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { CountedTextarea, fitsLimit } from '../../../components/CountedTextarea.tsx';
import type { ConsultOutcome } from '../../../lib/api-contract.ts';
import { OUTCOME_LABELS } from '../../../lib/consult-labels.ts';
import { MAX_ANSWER_LENGTH, MAX_MESSAGE_LENGTH, MIN_ANSWER_LENGTH, MIN_MESSAGE_LENGTH } from '../../../lib/text-limits.ts';
import { useTextDraft } from '../../../lib/useTextDraft.ts';
import type { ActionState } from '../../../lib/useConsultAction.ts';

function Failure({ state }: { readonly state: ActionState }): ReactNode {
  return state.status === 'failed' ? (
    <p className="section-error" role="alert">
      {state.message}
    </p>
  ) : null;
}

export interface AskFormProps {
  readonly consultId: string;
  readonly state: ActionState;
  readonly onAsk: (text: string) => Promise<boolean>;
}

/** A clarifying question to the requesting physician; unsent text is kept per consult. */
export function AskForm({ consultId, state, onAsk }: AskFormProps): ReactNode {
  const { text, setText, clear } = useTextDraft('ask', consultId);
  const id = useId();
  // Over the limit the text is kept whole (the count says how much to cut) and not sent: the proxy would refuse it.
  const sendable = text.trim().length >= MIN_MESSAGE_LENGTH && fitsLimit(text, MAX_MESSAGE_LENGTH);
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (sendable && (await onAsk(text.trim()))) {
      clear();
    }
  };
  return (
    <form className="reply" onSubmit={(event) => void submit(event)} aria-busy={state.status === 'working'}>
      <label htmlFor={id}>Ask the requesting physician</label>
      <CountedTextarea id={id} rows={2} value={text} max={MAX_MESSAGE_LENGTH} onChange={setText} />
      <Failure state={state} />
      <button type="submit" className="button button--secondary" disabled={state.status === 'working' || !sendable}>
        Send question
      </button>
    </form>
  );
}

export interface AnswerFormProps {
  readonly consultId: string;
  readonly state: ActionState;
  readonly onAnswer: (text: string, outcome: ConsultOutcome) => Promise<boolean>;
}

/** The final answer with its outcome; sending it completes the consult. Unsent text is kept per consult. */
export function AnswerForm({ consultId, state, onAnswer }: AnswerFormProps): ReactNode {
  const { text, setText, clear } = useTextDraft('answer', consultId);
  const [outcome, setOutcome] = useState<ConsultOutcome | undefined>();
  const id = useId();
  const ready = text.trim().length >= MIN_ANSWER_LENGTH && fitsLimit(text, MAX_ANSWER_LENGTH) && outcome !== undefined;
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (ready) {
      void onAnswer(text.trim(), outcome).then((sent) => sent && clear());
    }
  };
  return (
    <form className="reply answer-form" onSubmit={submit} aria-busy={state.status === 'working'}>
      <label htmlFor={id}>Your answer</label>
      <CountedTextarea id={id} rows={5} value={text} max={MAX_ANSWER_LENGTH} onChange={setText} />
      <fieldset className="radio-list">
        <legend>Outcome</legend>
        {(Object.keys(OUTCOME_LABELS) as ConsultOutcome[]).map((code) => (
          <label key={code}>
            <input type="radio" name={`${id}-outcome`} value={code} checked={outcome === code} onChange={() => setOutcome(code)} />
            {OUTCOME_LABELS[code]}
          </label>
        ))}
      </fieldset>
      <Failure state={state} />
      <button type="submit" className="button" disabled={state.status === 'working' || !ready}>
        {state.status === 'working' ? 'Sending…' : 'Send answer and close the consult'}
      </button>
    </form>
  );
}
