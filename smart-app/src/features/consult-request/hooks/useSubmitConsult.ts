import { useCallback, useRef, useState } from 'react';
import type { ConsultRequestInput, ConsultSummary, EhrRecordItem } from '../../../lib/api-contract.ts';
import { ProxyError } from '../../../lib/proxy-client.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';
import type { FieldError } from '../api/build-consult-input.ts';
import { fieldOf } from '../api/build-consult-input.ts';

export type SubmitState =
  | { readonly status: 'idle' }
  | { readonly status: 'sending' }
  | { readonly status: 'sent'; readonly consult: ConsultSummary; readonly created: boolean; readonly ehr: readonly EhrRecordItem[] }
  | { readonly status: 'failed'; readonly httpStatus: number; readonly errors: readonly FieldError[] };

export interface UseSubmitConsultReturn {
  readonly state: SubmitState;
  /** POST /consults. Resolves with the consult on success, undefined on failure (the state says why). */
  readonly submit: (input: ConsultRequestInput) => Promise<ConsultSummary | undefined>;
}

function failure(error: unknown): Extract<SubmitState, { status: 'failed' }> {
  if (error instanceof ProxyError) {
    return { status: 'failed', httpStatus: error.status, errors: error.messages.map((m) => ({ field: fieldOf(m.field), text: m.text })) };
  }
  return { status: 'failed', httpStatus: 0, errors: [{ field: undefined, text: 'The consult could not be sent.' }] };
}

/** Sends a consult; a second call while one is in flight is ignored (no double submit). */
export function useSubmitConsult(): UseSubmitConsultReturn {
  const proxy = useProxyClient();
  const [state, setState] = useState<SubmitState>({ status: 'idle' });
  const inFlight = useRef(false);

  const submit = useCallback(
    async (input: ConsultRequestInput) => {
      if (inFlight.current) {
        return undefined;
      }
      inFlight.current = true;
      setState({ status: 'sending' });
      try {
        const { consult, created, ehr } = await proxy.submitConsult(input);
        setState({ status: 'sent', consult, created, ehr });
        return consult;
      } catch (error) {
        setState(failure(error));
        return undefined;
      } finally {
        inFlight.current = false;
      }
    },
    [proxy],
  );

  return { state, submit };
}
