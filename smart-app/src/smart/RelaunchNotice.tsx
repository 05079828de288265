import type { ReactNode } from 'react';

export interface RelaunchNoticeProps {
  /** A short technical reason, shown folded away for support staff. */
  readonly reason: string;
}

/** Shown instead of the app when the SMART launch cannot be completed (no state, expired, refused). */
export function RelaunchNotice({ reason }: RelaunchNoticeProps): ReactNode {
  return (
    <main className="notice" aria-labelledby="relaunch-title">
      <h1 id="relaunch-title">Please relaunch Curbside from the patient's chart</h1>
      <p>Curbside could not confirm your sign-in with the EHR. This happens when a session has ended or the page was opened directly.</p>
      <details>
        <summary>Technical details</summary>
        <p>{reason}</p>
      </details>
    </main>
  );
}
