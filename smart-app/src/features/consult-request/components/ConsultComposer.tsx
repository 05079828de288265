import { useCallback, useMemo, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ConsultSummary } from '../../../lib/api-contract.ts';
import { useFocusWhen } from '../../../lib/useFocusWhen.ts';
import { buildConsultInput, errorText, sharedSelection } from '../api/build-consult-input.ts';
import { isDraftStarted } from '../api/consult-draft.ts';
import type { FieldError } from '../api/build-consult-input.ts';
import { buildShareOptions } from '../api/share-options.ts';
import type { ClinicalItems } from '../api/share-options.ts';
import { useConsultDraft } from '../hooks/useConsultDraft.ts';
import { useDirectory } from '../hooks/useDirectory.ts';
import { useSharedCheck } from '../hooks/useSharedCheck.ts';
import { useSubmitConsult } from '../hooks/useSubmitConsult.ts';
import { QuestionField } from './QuestionField.tsx';
import { ReasonField } from './ReasonField.tsx';
import { OutboxList } from './OutboxList.tsx';
import { SendFeedback } from './SendFeedback.tsx';
import { SharedItemsFieldset } from './SharedItemsFieldset.tsx';
import { TargetFields } from './TargetFields.tsx';
import { UrgencyField } from './UrgencyField.tsx';

export interface ConsultComposerProps {
  /** The chart items the physician may share, as read by the app. */
  readonly items: ClinicalItems;
  /** Called after the proxy has stored the consult. */
  readonly onSent?: (consult: ConsultSummary) => void;
  /** Opens a sent consult's thread (the chart page shows it beside the consult list). */
  readonly onOpenConsult?: (consultId: string) => void;
}

function firstErrorFor(errors: readonly FieldError[], ...fields: string[]): string | undefined {
  const error = errors.find((e) => e.field !== undefined && fields.includes(e.field));
  return error ? errorText(error) : undefined;
}

/**
 * Writes and sends an e-consult. The draft is saved as the physician types; a failed send keeps it
 * (and its idempotency key, so Retry cannot create a second consult). A consult that could not reach
 * the store waits in the outbox, locked as written, and is sent automatically when the store is back.
 */
export function ConsultComposer({ items, onSent, onOpenConsult }: ConsultComposerProps): ReactNode {
  const { draft, update, setShared, reset } = useConsultDraft();
  const directory = useDirectory();
  const delivered = useCallback(
    (consult: ConsultSummary, isDraft: boolean) => {
      if (isDraft) {
        reset();
      }
      onSent?.(consult);
    },
    [reset, onSent],
  );
  const { state, submit, queued } = useSubmitConsult({ draftKey: draft.idempotencyKey, onDelivered: delivered });
  // Nothing is marked while the physician writes. From the first Send on, the draft is checked as it changes,
  // so each error goes as soon as its field is mended (and the summary with the last). Keyed by the draft: the
  // next consult (a new idempotency key) starts unmarked.
  const [triedDraft, setTriedDraft] = useState<string | undefined>();
  // Send is disabled while sending, which drops its focus: once the physician's send is over, the keyboard
  // and screen reader go to what happened (sent, queued or refused), right above it. Not for an outbox
  // delivery in the background, nor for an Enter pressed while a send is still going.
  const [sends, setSends] = useState(0);
  const feedback = useRef<HTMLDivElement>(null);
  useFocusWhen(feedback, sends > 0 && state.status !== 'idle' && state.status !== 'sending' ? sends : undefined);
  const options = useMemo(() => buildShareOptions(items), [items]);
  // Checked with the proxy while the physician writes (not on opening the chart: only once a draft is started).
  const selection = useMemo(() => (isDraftStarted(draft) ? sharedSelection(draft, options) : undefined), [draft, options]);
  const { problems, blockers } = useSharedCheck({ input: selection, activity: draft });
  const sending = state.status === 'sending';
  const queuedDraft = queued.find((item) => item.input.idempotencyKey === draft.idempotencyKey);
  const otherQueued = queued.filter((item) => item !== queuedDraft);
  const checked = buildConsultInput(draft, directory.status === 'ready' ? directory.directory : undefined, options);
  const checkErrors = triedDraft === draft.idempotencyKey && !checked.ok ? checked.errors : [];
  const fieldErrors = checkErrors.length > 0 ? checkErrors : state.status === 'failed' ? state.errors : [];

  const send = async (): Promise<void> => {
    setTriedDraft(draft.idempotencyKey);
    if (!checked.ok) {
      return;
    }
    const consult = await submit(checked.input);
    setSends((n) => n + 1);
    if (consult) {
      reset();
      onSent?.(consult);
    }
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void send();
  };

  return (
    <section className="panel" aria-labelledby="new-consult-title">
      <h2 id="new-consult-title">New consult</h2>
      <OutboxList items={otherQueued} />
      <form className="composer" noValidate onSubmit={onSubmit} aria-busy={sending}>
        {/* A queued consult goes out as it was written: its fields are locked until it has been sent. */}
        <fieldset className="composer__fields" disabled={queuedDraft !== undefined}>
          <TargetFields
            directory={directory}
            specialtyCode={draft.specialtyCode}
            targetRoleId={draft.targetRoleId}
            onChange={update}
            error={firstErrorFor(fieldErrors, 'target')}
          />
          <QuestionField value={draft.question} onChange={(question) => update({ question })} error={firstErrorFor(fieldErrors, 'question')} />
          <div className="field-row">
            <UrgencyField value={draft.urgency} onChange={(urgency) => update({ urgency })} />
            <ReasonField
              problems={items.problems}
              reason={draft.reason}
              reasonText={draft.reasonText}
              onChange={update}
              error={firstErrorFor(fieldErrors, 'reasonConditionId', 'reasonText')}
            />
          </div>
          <SharedItemsFieldset options={options} unread={items.unread} draft={draft} onToggle={setShared} problems={problems} />
        </fieldset>
        {/* Said while writing, not only at Send: no unticking mends these (the draft is kept meanwhile). */}
        {blockers.map((text) => (
          <p key={text} className="section-error" role="alert">
            {text}
          </p>
        ))}
        <div ref={feedback} tabIndex={-1} className="composer__feedback">
          <SendFeedback state={state} queued={queuedDraft} checkErrors={checkErrors} onRetry={() => void send()} onOpen={onOpenConsult} />
        </div>
        <div className="composer__actions">
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Sending…' : 'Send consult'}
          </button>
          <span className="field-hint">The draft is saved on this device as you type.</span>
        </div>
      </form>
    </section>
  );
}
