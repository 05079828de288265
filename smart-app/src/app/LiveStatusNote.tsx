import type { ReactNode } from 'react';
import type { LiveStatus } from '../lib/live/useConsultEvents.ts';

/** Says when live updates are off, so nobody waits for a reply that will only show after a reload. */
export function LiveStatusNote({ status }: { readonly status: LiveStatus }): ReactNode {
  return status === 'offline' ? (
    <p className="muted" role="status">
      Live updates are paused (Curbside cannot reach its server); retrying. Replies will appear once it is back.
    </p>
  ) : null;
}
