import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { CountedTextarea, fitsLimit } from '../../../components/CountedTextarea.tsx';
import { MAX_WITHDRAW_REASON_LENGTH, MIN_WITHDRAW_REASON_LENGTH } from '../../../lib/text-limits.ts';
import { useWithdraw } from '../hooks/useWithdraw.ts';

export interface WithdrawFormProps {
  readonly consultId: string;
  /** The consult is withdrawn (stored): the thread reads it again and says so. */
  readonly onWithdrawn: () => void;
}

/**
 * Withdraws a consult the physician no longer needs (the patient was admitted, the question answered
 * elsewhere), with a reason the specialist reads in the thread. Folded away, as it closes the consult.
 */
export function WithdrawForm({ consultId, onWithdrawn }: WithdrawFormProps): ReactNode {
  const [reason, setReason] = useState('');
  const { state, run: send } = useWithdraw(consultId);
  const id = useId();
  // As the proxy's schema: a few words for the specialist, and no more than it takes.
  const sendable = reason.trim().length >= MIN_WITHDRAW_REASON_LENGTH && fitsLimit(reason, MAX_WITHDRAW_REASON_LENGTH);
  const withdraw = async (): Promise<void> => {
    if (sendable && (await send(reason.trim()))) {
      onWithdrawn();
    }
  };
  return (
    <details className="route-actions">
      <summary>Withdraw this consult</summary>
      <label htmlFor={id}>Why (sent to the specialist)</label>
      <CountedTextarea id={id} rows={2} value={reason} max={MAX_WITHDRAW_REASON_LENGTH} onChange={setReason} />
      {state.status === 'failed' && (
        <p className="section-error" role="alert">
          The consult was not withdrawn. {state.message}
        </p>
      )}
      <button type="button" className="button button--secondary" disabled={!sendable || state.status === 'working'} onClick={() => void withdraw()}>
        Withdraw consult
      </button>
    </details>
  );
}
