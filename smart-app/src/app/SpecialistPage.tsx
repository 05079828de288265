import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { ProgrammeMetricsPage } from '../features/programme-metrics/components/ProgrammeMetricsPage.tsx';
import { SpecialistConsultView } from '../features/specialist-consult/components/SpecialistConsultView.tsx';
import { QueuePage } from '../features/specialist-queue/components/QueuePage.tsx';
import { useConsultEvents } from '../lib/live/useConsultEvents.ts';
import { useSpecialistProfile } from '../lib/useSpecialistProfile.ts';
import { useSpecialistView } from '../lib/useSpecialistView.ts';
import type { SpecialistView } from '../lib/useSpecialistView.ts';
import { LiveStatusNote } from './LiveStatusNote.tsx';

/** The specialist's screen after a standalone sign-in: the queue, one consult, or (for leads) the programme metrics. */
export function SpecialistPage(): ReactNode {
  const profile = useSpecialistProfile();
  const { view: chosen, show } = useSpecialistView();
  const [changes, setChanges] = useState(0);
  const refresh = useCallback(() => setChanges((n) => n + 1), []);
  const live = useConsultEvents(refresh);

  if (profile.status === 'error') {
    return (
      <main className="notice" aria-labelledby="not-specialist-title">
        <h1 id="not-specialist-title">Curbside could not open your queue</h1>
        <p className="notice__detail">{profile.message}</p>
      </main>
    );
  }
  const lead = profile.status === 'ready' && profile.profile.programmeLead;
  // Metrics restored after a reload wait for the profile, and are for leads only (the role may have been
  // withdrawn since): anyone else gets the queue. Waiting shows neither, rather than the queue flashing by.
  const waiting = chosen.kind === 'metrics' && profile.status === 'loading';
  const view: SpecialistView = chosen.kind === 'metrics' && !lead ? { kind: 'queue' } : chosen;
  return (
    <>
      <header className="app-header">
        <h1 className="app-header__title">Curbside e-consult: specialist</h1>
        {profile.status === 'ready' && (
          <p className="app-header__user">
            {profile.profile.name} · {profile.profile.pools.map((p) => p.name).join(', ')}
          </p>
        )}
        <nav aria-label="Specialist" className="app-nav">
          <button type="button" className="button button--secondary button--small" aria-current={view.kind !== 'metrics' && !waiting ? 'page' : undefined} onClick={() => show({ kind: 'queue' })}>
            Queue
          </button>
          {lead && (
            <button type="button" className="button button--secondary button--small" aria-current={view.kind === 'metrics' ? 'page' : undefined} onClick={() => show({ kind: 'metrics' })}>
              Programme metrics
            </button>
          )}
        </nav>
      </header>
      <main className="layout layout--single">
        <LiveStatusNote status={live.status} />
        {view.kind === 'queue' && !waiting && <QueuePage refreshKey={changes} hold={!live.readsMayStart} onOpen={(id) => show({ kind: 'consult', id })} onChanged={refresh} focusHeading={view.back === true} />}
        {view.kind === 'consult' && <SpecialistConsultView consultId={view.id} refreshKey={changes} onChanged={refresh} onBack={() => show({ kind: 'queue', back: true })} />}
        {view.kind === 'metrics' && <ProgrammeMetricsPage refreshKey={changes} />}
      </main>
    </>
  );
}
