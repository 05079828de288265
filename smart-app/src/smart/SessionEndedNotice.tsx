import type { ReactNode } from 'react';
import { SESSION_ENDED } from './smart-session.ts';

/**
 * Shown above the app when the SMART session is over and cannot be refreshed: the page stays (chart,
 * draft, outbox), and the physician is told the one thing to do.
 */
export function SessionEndedNotice(): ReactNode {
  return (
    <div className="callout callout--error session-ended" role="alert">
      <p className="callout__title">Please relaunch Curbside from the patient's chart</p>
      <p>{SESSION_ENDED} Your draft and any unsent consult are kept on this device and go out after you relaunch.</p>
    </div>
  );
}
