import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConsultRequestInput, ConsultSummary, EhrRecordItem } from '../../../lib/api-contract.ts';
import type { ProxyError } from '../../../lib/proxy-client.ts';
import type { FieldError } from '../api/build-consult-input.ts';
import { fieldOf } from '../api/build-consult-input.ts';
import type { OutboxItem } from '../api/outbox.ts';
import { useOutbox } from './useOutbox.ts';

export type SubmitState =
  | { readonly status: 'idle' }
  | { readonly status: 'sending' }
  | { readonly status: 'sent'; readonly consult: ConsultSummary; readonly created: boolean; readonly ehr: readonly EhrRecordItem[] }
  /** Not sent yet: in the outbox, sent automatically when the store is back. */
  | { readonly status: 'queued'; readonly httpStatus: number; readonly errors: readonly FieldError[]; readonly nextAttemptAt: number }
  | { readonly status: 'failed'; readonly httpStatus: number; readonly errors: readonly FieldError[] };

export interface UseSubmitConsultOptions {
  /** The idempotency key of the draft on screen: its automatic delivery becomes this hook's `sent` state. */
  readonly draftKey: string;
  /** A consult from the outbox was sent automatically (after a reload, when back online, on the backoff timer). */
  readonly onDelivered?: (consult: ConsultSummary, isDraft: boolean) => void;
}

export interface UseSubmitConsultReturn {
  readonly state: SubmitState;
  /** POST /consults through the outbox. Resolves with the consult once stored, undefined otherwise (the state says why). */
  readonly submit: (input: ConsultRequestInput) => Promise<ConsultSummary | undefined>;
  /** Consults waiting in the outbox for this user and patient. */
  readonly queued: readonly OutboxItem[];
}

function errorsOf(error: ProxyError): FieldError[] {
  return error.messages.map((m) => ({ field: fieldOf(m.field), text: m.text }));
}

/** Sends a consult; a second call while one is in flight is ignored (no double submit). */
export function useSubmitConsult({ draftKey, onDelivered }: UseSubmitConsultOptions): UseSubmitConsultReturn {
  const [state, setState] = useState<SubmitState>({ status: 'idle' });
  const inFlight = useRef(false);
  const current = useRef({ draftKey, onDelivered });
  useEffect(() => {
    current.current = { draftKey, onDelivered };
  });
  const delivered = useCallback((consult: ConsultSummary, created: boolean, ehr: readonly EhrRecordItem[]) => {
    const isDraft = consult.idempotencyKey === current.current.draftKey;
    if (isDraft) {
      setState({ status: 'sent', consult, created, ehr });
    }
    current.current.onDelivered?.(consult, isDraft);
  }, []);
  const { items, send } = useOutbox({ onDelivered: delivered });

  const submit = useCallback(
    async (input: ConsultRequestInput) => {
      if (inFlight.current) {
        return undefined;
      }
      inFlight.current = true;
      setState({ status: 'sending' });
      try {
        const outcome = await send(input);
        switch (outcome.status) {
          case 'sent':
            setState({ status: 'sent', consult: outcome.consult, created: outcome.created, ehr: outcome.ehr });
            return outcome.consult;
          case 'queued':
            setState({ status: 'queued', httpStatus: outcome.error.status, errors: errorsOf(outcome.error), nextAttemptAt: outcome.nextAttemptAt });
            return undefined;
          case 'refused':
            setState({ status: 'failed', httpStatus: outcome.error.status, errors: errorsOf(outcome.error) });
            return undefined;
        }
      } finally {
        inFlight.current = false;
      }
    },
    [send],
  );

  return { state, submit, queued: items };
}
