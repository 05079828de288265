import { useCallback, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ConsultList } from '../features/consult-list/components/ConsultList.tsx';
import { ConsultComposer } from '../features/consult-request/components/ConsultComposer.tsx';
import type { ClinicalItems } from '../features/consult-request/api/share-options.ts';
import { PatientBanner } from '../features/patient-context/components/PatientBanner.tsx';
import { PatientContextPanel } from '../features/patient-context/components/PatientContextPanel.tsx';
import { usePatientContext } from '../features/patient-context/hooks/usePatientContext.ts';
import type { PatientContextSections } from '../features/patient-context/hooks/usePatientContext.ts';

function readyData<T>(state: { status: string; data?: T } | undefined, empty: T): T {
  return state?.status === 'ready' && state.data !== undefined ? state.data : empty;
}

/** What the chart read offers the composer: current items, and the latest result per test. */
function clinicalItems(sections: PatientContextSections): ClinicalItems {
  return {
    problems: readyData(sections.problems, []),
    medications: readyData(sections.medications, []),
    allergies: readyData(sections.allergies, []),
    observations: [...readyData(sections.labs, []), ...readyData(sections.vitals, [])].map((group) => group.latest),
  };
}

/** The one screen: banner, the consult composer, this patient's consults, and the chart summary. */
export function ChartPage(): ReactNode {
  const context = usePatientContext();
  const [sentCount, setSentCount] = useState(0);
  const items = useMemo(() => clinicalItems(context.sections), [context.sections]);
  const onSent = useCallback(() => setSentCount((n) => n + 1), []);

  return (
    <>
      <header className="app-header">
        <h1 className="app-header__title">Curbside e-consult</h1>
        <PatientBanner state={context.sections.patient} />
      </header>
      <main className="layout">
        <div className="layout__primary">
          <ConsultComposer items={items} onSent={onSent} />
          <ConsultList refreshKey={sentCount} />
        </div>
        <div className="layout__secondary">
          <PatientContextPanel context={context} />
        </div>
      </main>
    </>
  );
}
