import { useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { CountedTextarea, fitsLimit } from '../../../components/CountedTextarea.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { MAX_ROUTE_REASON_LENGTH, MIN_ROUTE_REASON_LENGTH } from '../../../lib/text-limits.ts';
import { useRetry } from '../../../lib/useRetry.ts';
import type { ActionState } from '../../../lib/useConsultAction.ts';
import type { UseRedirectTargetsReturn } from '../hooks/useRedirectTargets.ts';

export interface RouteActionsProps {
  readonly directory: UseRedirectTargetsReturn;
  /** The pool the consult is with now (not offered as a redirect target). */
  readonly currentSpecialty: string;
  readonly declineState: ActionState;
  readonly redirectState: ActionState;
  readonly onDecline: (reason: string) => Promise<boolean>;
  readonly onRedirect: (healthcareServiceId: string, reason: string) => Promise<boolean>;
}

/** Decline the consult (back to the requester) or redirect it to another specialty, each with a reason. */
export function RouteActions({ directory, currentSpecialty, declineState, redirectState, onDecline, onRedirect }: RouteActionsProps): ReactNode {
  const [reason, setReason] = useState('');
  const [poolId, setPoolId] = useState('');
  const id = useId();
  const others = directory.status === 'ready' ? directory.directory.specialties.filter((s) => s.display !== currentSpecialty) : [];
  // Once the list is read again, the keyboard goes to the choice it was missing.
  const select = useRef<HTMLSelectElement>(null);
  const retry = useRetry(directory.status === 'error' ? directory.retry : undefined, directory.status === 'ready', select);
  // Long enough to say why, and short enough for the proxy: over it, the reason is kept whole and not sent.
  const sendable = reason.trim().length >= MIN_ROUTE_REASON_LENGTH && fitsLimit(reason, MAX_ROUTE_REASON_LENGTH);
  const failure = declineState.status === 'failed' ? declineState.message : redirectState.status === 'failed' ? redirectState.message : undefined;
  return (
    <details className="route-actions">
      <summary>Decline or redirect</summary>
      <label htmlFor={`${id}-reason`}>Reason (sent to the requesting physician)</label>
      <CountedTextarea id={`${id}-reason`} rows={2} value={reason} max={MAX_ROUTE_REASON_LENGTH} onChange={setReason} />
      <div className="composer__actions">
        <button type="button" className="button button--secondary" disabled={!sendable || declineState.status === 'working'} onClick={() => void onDecline(reason.trim())}>
          Decline consult
        </button>
        <label className="field">
          Redirect to
          <select ref={select} value={poolId} disabled={directory.status !== 'ready'} onChange={(event) => setPoolId(event.target.value)}>
            <option value="">{directory.status === 'loading' ? 'Loading specialties…' : 'Choose a specialty'}</option>
            {others.map((s) => (
              <option key={s.poolId} value={s.poolId}>
                {s.display}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--secondary" disabled={!sendable || !poolId || redirectState.status === 'working'} onClick={() => void onRedirect(poolId, reason.trim())}>
          Redirect consult
        </button>
      </div>
      {directory.status === 'error' && (
        <LoadError className="field-error" message={`The specialty list could not be loaded. ${directory.message}`} retrying={directory.retrying} onRetry={directory.transient ? retry : undefined} />
      )}
      {failure && (
        <p className="section-error" role="alert">
          {failure}
        </p>
      )}
    </details>
  );
}
