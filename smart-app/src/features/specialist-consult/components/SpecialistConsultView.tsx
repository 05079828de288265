import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { LoadError } from '../../../components/LoadError.tsx';
import { SlaClock } from '../../../components/SlaClock.tsx';
import { ThreadMessages } from '../../../components/thread/ThreadMessages.tsx';
import type { ConsultOutcome, SpecialistConsultDetail } from '../../../lib/api-contract.ts';
import { isOpenState } from '../../../lib/api-contract.ts';
import { OUTCOME_LABELS, STATE_LABELS, URGENCY_LABELS } from '../../../lib/consult-labels.ts';
import { ageInYears, formatDate } from '../../../lib/fhir/format.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useReadMarks } from '../../../lib/read-marks.ts';
import { useFocusWhen } from '../../../lib/useFocusWhen.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';
import { useRetry } from '../../../lib/useRetry.ts';
import { useConsultAction } from '../../../lib/useConsultAction.ts';
import { useRedirectTargets } from '../hooks/useRedirectTargets.ts';
import { useSpecialistConsult } from '../hooks/useSpecialistConsult.ts';
import { AnswerForm, AskForm } from './AnswerForms.tsx';
import { ConsultPacket } from './ConsultPacket.tsx';
import { RouteActions } from './RouteActions.tsx';

export interface SpecialistConsultViewProps {
  readonly consultId: string;
  readonly refreshKey: number;
  readonly onChanged: () => void;
  readonly onBack: () => void;
}

/** One consult for the specialist: who and what, the shared packet, the thread, and what they can do next. */
export function SpecialistConsultView({ consultId, refreshKey, onChanged, onBack }: SpecialistConsultViewProps): ReactNode {
  const state = useSpecialistConsult(consultId, refreshKey);
  const consult = state.status === 'ready' ? state.consult : undefined;
  const { markRead } = useReadMarks();
  // Opened or claimed from the queue, which is gone: the keyboard and screen reader start at the consult.
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhen(heading, consultId);
  const retry = useRetry(state.status === 'error' ? state.retry : undefined, state.status === 'ready', heading);
  useEffect(() => {
    if (consult) {
      markRead(consult.id, consult.lastRequesterMessageAt);
    }
  }, [consult, markRead]);

  return (
    <section className="panel" aria-labelledby="specialist-consult-title">
      <div className="panel__header">
        <h2 id="specialist-consult-title" ref={heading} tabIndex={-1}>{consult ? `${consult.specialty} e-consult: ${consult.patient.name}` : 'E-consult'}</h2>
        <button type="button" className="button button--secondary" onClick={onBack}>
          Back to the queue
        </button>
      </div>
      {state.status === 'loading' && <p className="muted" role="status">Loading the consult…</p>}
      {state.status === 'error' && <LoadError message={state.message} retrying={state.retrying} onRetry={state.transient ? retry : undefined} />}
      {/* Keyed: another consult starts with its own claim note, action states and saved texts. */}
      {consult && <ConsultBody key={consult.id} consult={consult} onChanged={onChanged} onRedirected={onBack} />}
    </section>
  );
}

/** What each send did, said where the keyboard lands after it. */
const SENT_NOTES = {
  ask: 'Question sent. The requesting physician\'s reply will appear in the thread.',
  answer: 'Answer sent. The consult is closed; the requesting physician has your answer.',
  decline: 'Consult declined. It went back to the requesting physician with your reason.',
} as const;

interface ConsultBodyProps {
  readonly consult: SpecialistConsultDetail;
  readonly onChanged: () => void;
  /** A redirected consult leaves this specialist's queue: go back to it. */
  readonly onRedirected: () => void;
}

function ConsultBody({ consult, onChanged, onRedirected }: ConsultBodyProps): ReactNode {
  const proxy = useProxyClient();
  const directory = useRedirectTargets();
  // What the last claim did; its note takes the focus the Claim button had (the button goes away).
  const [claim, setClaim] = useState<{ readonly ok: true } | { readonly ok: false; readonly message: string } | undefined>();
  const claimNote = useRef<HTMLParagraphElement>(null);
  useFocusWhen(claimNote, claim);
  // What the specialist's last send did. Its button is then disabled (the box is empty) or its form goes (an
  // answer or a decline closes the consult), so the note takes the focus the button had.
  const [sent, setSent] = useState<{ readonly note: string } | undefined>();
  const sentNote = useRef<HTMLParagraphElement>(null);
  useFocusWhen(sentNote, sent);
  const noting = (note: string) => (done: boolean) => {
    if (done) {
      setSent({ note });
    }
    return done;
  };
  const id = consult.id;
  const open = isOpenState(consult.state);
  const ask = useConsultAction(useCallback((key: string, text: string) => proxy.askRequester(id, { idempotencyKey: key, text }), [proxy, id]), onChanged);
  const answer = useConsultAction(useCallback((key: string, text: string, outcome: ConsultOutcome) => proxy.answerConsult(id, { idempotencyKey: key, text, outcome }), [proxy, id]), onChanged);
  const decline = useConsultAction(useCallback((key: string, reason: string) => proxy.declineConsult(id, { idempotencyKey: key, reason }), [proxy, id]), onChanged);
  const afterRedirect = useCallback(() => {
    onChanged();
    onRedirected();
  }, [onChanged, onRedirected]);
  const redirect = useConsultAction(useCallback((key: string, pool: string, reason: string) => proxy.redirectConsult(id, { idempotencyKey: key, healthcareServiceId: pool, reason }), [proxy, id]), afterRedirect);
  const claimIt = async (): Promise<void> => {
    setClaim(undefined);
    setClaim(
      await proxy.claimConsult(id).then(
        () => ({ ok: true }) as const,
        (error: unknown) => ({ ok: false, message: error instanceof ProxyError ? error.message : 'The consult could not be claimed.' }) as const,
      ),
    );
    onChanged();
  };
  const age = consult.patient.birthDate ? ageInYears(consult.patient.birthDate) : undefined;

  return (
    <>
      <p className="consult-meta">
        <span className={`urgency urgency--${consult.urgency}`}>{URGENCY_LABELS[consult.urgency]}</span> · {consult.patient.gender ?? 'sex not recorded'}
        {age !== undefined && `, ${age} y`} · from {consult.requesterName}, sent {formatDate(consult.authoredOn)} · <strong>{STATE_LABELS[consult.state]}</strong> ·{' '}
        <SlaClock sla={consult.sla} open={open} />
      </p>
      {consult.outcome && <p className="callout callout--success">Outcome: {OUTCOME_LABELS[consult.outcome]}</p>}
      <div className="question">
        <h3>Question</h3>
        <p className="thread__text">{consult.question}</p>
        {consult.reason && <p className="muted">Reason: {consult.reason}</p>}
        {consult.note && <p className="thread__text">{consult.note}</p>}
      </div>
      <ConsultPacket packet={consult.packet} />
      <h3>Thread</h3>
      <ThreadMessages messages={consult.messages} viewer="specialist" />
      {open && consult.claimable && !consult.mine && !claim?.ok && (
        <div className="composer__actions">
          <button type="button" className="button" onClick={() => void claimIt()}>
            Claim this consult
          </button>
          <span className="field-hint">Claiming makes it yours; nobody else in the pool can take it then.</span>
        </div>
      )}
      {claim?.ok && (
        <p className="callout callout--success" role="status" ref={claimNote} tabIndex={-1}>
          You claimed this consult: it is yours to answer. Ask the requesting physician or answer below.
        </p>
      )}
      {claim && !claim.ok && (
        <p className="section-error" role="alert" ref={claimNote} tabIndex={-1}>
          {claim.message}
        </p>
      )}
      {sent && (
        <p className="callout callout--success" role="status" ref={sentNote} tabIndex={-1}>
          {sent.note}
        </p>
      )}
      {open && consult.mine && (
        <>
          <AskForm consultId={id} state={ask.state} onAsk={(text) => ask.run(text).then(noting(SENT_NOTES.ask))} />
          <AnswerForm consultId={id} state={answer.state} onAnswer={(text, outcome) => answer.run(text, outcome).then(noting(SENT_NOTES.answer))} />
        </>
      )}
      {open && (
        <RouteActions
          directory={directory}
          currentSpecialty={consult.specialty}
          declineState={decline.state}
          redirectState={redirect.state}
          onDecline={(reason) => decline.run(reason).then(noting(SENT_NOTES.decline))}
          onRedirect={(pool, reason) => redirect.run(pool, reason)}
        />
      )}
    </>
  );
}
