import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ConsultList } from '../features/consult-list/components/ConsultList.tsx';
import { WaitingForYou } from '../features/consult-list/components/WaitingForYou.tsx';
import { useConsults } from '../features/consult-list/hooks/useConsults.ts';
import { ConsultComposer } from '../features/consult-request/components/ConsultComposer.tsx';
import type { ClinicalItems } from '../features/consult-request/api/share-options.ts';
import { ConsultThread } from '../features/consult-thread/components/ConsultThread.tsx';
import { useOpenThread } from '../features/consult-thread/hooks/useOpenThread.ts';
import { PatientBanner } from '../features/patient-context/components/PatientBanner.tsx';
import { PatientContextPanel } from '../features/patient-context/components/PatientContextPanel.tsx';
import { usePatientContext } from '../features/patient-context/hooks/usePatientContext.ts';
import type { PatientContextSections } from '../features/patient-context/hooks/usePatientContext.ts';
import { useConsultEvents } from '../lib/live/useConsultEvents.ts';
import { LiveStatusNote } from './LiveStatusNote.tsx';

// The chart summary is what the physician waits for; the composer and the consult list need not
// re-render each time a chart section arrives (their props do not change), and the composer's share
// choices may follow the chart a frame later (useDeferredValue): at 0 ms of network latency, rendering
// them with every section doubled the time to a complete summary (`npm run bench`, part 1).
const Composer = memo(ConsultComposer);
const Consults = memo(ConsultList);
const Waiting = memo(WaitingForYou);
const NO_CONSULTS: readonly never[] = [];

function readyData<T>(state: { status: string; data?: T } | undefined, empty: T): T {
  return state?.status === 'ready' && state.data !== undefined ? state.data : empty;
}

/** 'loading' or 'failed' while any of the sections behind a share group is not ready. */
function unreadOf(...states: readonly ({ status: string } | undefined)[]): 'loading' | 'failed' | undefined {
  return states.some((s) => s?.status === 'error') ? 'failed' : states.some((s) => s?.status !== 'ready') ? 'loading' : undefined;
}

/** What the chart read offers the composer: current items, and each test's results (latest first). */
function clinicalItems(sections: PatientContextSections): ClinicalItems {
  const unread = {
    problems: unreadOf(sections.problems),
    medications: unreadOf(sections.medications),
    allergies: unreadOf(sections.allergies),
    results: unreadOf(sections.labs, sections.vitals),
  };
  return {
    problems: readyData(sections.problems, []),
    medications: readyData(sections.medications, []),
    allergies: readyData(sections.allergies, []),
    observations: [...readyData(sections.labs, []), ...readyData(sections.vitals, [])],
    unread: Object.fromEntries(Object.entries(unread).filter(([, state]) => state !== undefined)),
  };
}

/** The requesting physician's screen: banner, composer, this patient's consults and threads, the chart summary. */
export function ChartPage(): ReactNode {
  const context = usePatientContext();
  const [changes, setChanges] = useState(0);
  const { openId, setOpenId } = useOpenThread();
  // A new object per Open, so Open on the thread already open still takes the keyboard to it.
  const [openRequest, setOpenRequest] = useState<object | undefined>();
  const open = useCallback(
    (consultId: string) => {
      setOpenId(consultId);
      setOpenRequest({});
    },
    [setOpenId],
  );
  const [closed, setClosed] = useState<{ readonly consultId: string } | undefined>();
  const close = useCallback(
    (consultId: string) => {
      setClosed({ consultId });
      setOpenId(undefined);
    },
    [setOpenId],
  );
  const current = useMemo(() => clinicalItems(context.sections), [context.sections]);
  const items = useDeferredValue(current);
  const refresh = useCallback(() => setChanges((n) => n + 1), []);
  // Live updates: any change to this patient's consults (or a reconnect) reads the list and the open thread
  // again; the list's first read waits until they are connected, so no change falls in between.
  const live = useConsultEvents(refresh);
  const consults = useConsults(changes, !live.readsMayStart);

  return (
    <>
      <header className="app-header">
        <h1 className="app-header__title">Curbside e-consult</h1>
        <PatientBanner state={context.sections.patient} />
      </header>
      <main className="layout">
        <div className="layout__primary">
          <Waiting consults={consults.status === 'ready' ? consults.consults : NO_CONSULTS} onOpen={open} />
          <Composer items={items} onSent={refresh} onOpenConsult={open} />
          <Consults state={consults} onOpen={open} openId={openId} returnFocusTo={closed} />
          <LiveStatusNote status={live.status} />
          {openId && <ConsultThread consultId={openId} focusRequest={openRequest} refreshKey={changes} onChanged={refresh} onClose={() => close(openId)} />}
        </div>
        <div className="layout__secondary">
          <PatientContextPanel context={context} />
        </div>
      </main>
    </>
  );
}
