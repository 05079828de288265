import type { ReactNode } from 'react';
import type { ConsultSummary } from '../../../lib/api-contract.ts';

export interface WaitingForYouProps {
  /** This patient's consults, as the consult list read them. */
  readonly consults: readonly ConsultSummary[];
  readonly onOpen: (consultId: string) => void;
}

/**
 * A specialist's question is the one thing in Curbside that waits on the requesting physician: said at the
 * top of the page, before the composer, with a way straight to the thread, rather than only in the list's
 * Status column further down a narrow EHR frame. Read from the consults' state, so it holds on any device.
 */
export function WaitingForYou({ consults, onOpen }: WaitingForYouProps): ReactNode {
  const asked = consults.filter((consult) => consult.state === 'clarification-requested');
  return asked.map((consult) => (
    <div key={consult.id} className="callout callout--pending waiting-note">
      <p>
        {consult.target} has asked you a question about the {consult.specialty} consult.
      </p>
      <button type="button" className="button button--secondary button--small" onClick={() => onOpen(consult.id)}>
        Open the {consult.specialty} thread to reply
      </button>
    </div>
  ));
}
