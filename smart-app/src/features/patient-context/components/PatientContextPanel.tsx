import type { ReactNode } from 'react';
import { AllergyList } from '../../../components/chart/AllergyList.tsx';
import { MedicationList } from '../../../components/chart/MedicationList.tsx';
import { ObservationTable } from '../../../components/chart/ObservationTable.tsx';
import { ProblemList } from '../../../components/chart/ProblemList.tsx';
import { SECTION_LABELS } from '../api/load-patient-context.ts';
import type { SectionKey } from '../api/load-patient-context.ts';
import type { UsePatientContextReturn } from '../hooks/usePatientContext.ts';
import { ChartSection } from './ChartSection.tsx';
import { LoadProgress } from './LoadProgress.tsx';

export interface PatientContextPanelProps {
  readonly context: UsePatientContextReturn;
}

/** The chart summary a consultant needs: allergies, problems, medications, labs and vitals. */
export function PatientContextPanel({ context }: PatientContextPanelProps): ReactNode {
  const { sections, progress } = context;
  const pending = (Object.keys(sections) as SectionKey[]).filter((key) => sections[key]?.status === 'loading').map((key) => SECTION_LABELS[key]);
  return (
    <section className="panel" aria-labelledby="chart-summary-title">
      <h2 id="chart-summary-title">Chart summary</h2>
      <LoadProgress done={progress.done} total={progress.total} pending={pending} />
      <div className="chart-grid">
        <ChartSection title={SECTION_LABELS.allergies} state={sections.allergies}>
          {(allergies) => <AllergyList allergies={allergies} />}
        </ChartSection>
        <ChartSection title={SECTION_LABELS.problems} state={sections.problems}>
          {(problems) => <ProblemList problems={problems} />}
        </ChartSection>
        <ChartSection title={SECTION_LABELS.medications} state={sections.medications}>
          {(medications) => <MedicationList medications={medications} />}
        </ChartSection>
      </div>
      <ChartSection title={SECTION_LABELS.labs} state={sections.labs}>
        {(labs) => <ObservationTable groups={labs} caption="Latest lab results" emptyText="No lab results recorded." />}
      </ChartSection>
      <ChartSection title={SECTION_LABELS.vitals} state={sections.vitals}>
        {(vitals) => <ObservationTable groups={vitals} caption="Latest vital signs" emptyText="No vital signs recorded." />}
      </ChartSection>
    </section>
  );
}
