import { memo } from 'react';
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

// Sections arrive one by one and each arrival renders the panel again; a section whose data did not
// change keeps its DOM without re-rendering (the lab and vital tables, with their trends, cost most).
const Allergies = memo(AllergyList);
const Problems = memo(ProblemList);
const Medications = memo(MedicationList);
const Observations = memo(ObservationTable);

export interface PatientContextPanelProps {
  readonly context: UsePatientContextReturn;
}

/** The chart summary a consultant needs: allergies, problems, medications, labs and vitals. */
export function PatientContextPanel({ context }: PatientContextPanelProps): ReactNode {
  const { sections, progress } = context;
  const named = (status: string): string[] => (Object.keys(sections) as SectionKey[]).filter((key) => sections[key]?.status === status).map((key) => SECTION_LABELS[key]);
  const pending = named('loading');
  return (
    <section className="panel" aria-labelledby="chart-summary-title">
      <h2 id="chart-summary-title">Chart summary</h2>
      <LoadProgress done={progress.done} total={progress.total} pending={pending} failed={named('error')} />
      <div className="chart-grid">
        <ChartSection title={SECTION_LABELS.allergies} state={sections.allergies}>
          {(allergies) => <Allergies allergies={allergies} emptyText="No known allergies recorded." />}
        </ChartSection>
        <ChartSection title={SECTION_LABELS.problems} state={sections.problems}>
          {(problems) => <Problems problems={problems} emptyText="No active problems recorded." />}
        </ChartSection>
        <ChartSection title={SECTION_LABELS.medications} state={sections.medications}>
          {(medications) => <Medications medications={medications} emptyText="No active medications recorded." />}
        </ChartSection>
      </div>
      <ChartSection title={SECTION_LABELS.labs} state={sections.labs}>
        {(labs) => <Observations groups={labs} caption="Latest lab results" emptyText="No lab results recorded." />}
      </ChartSection>
      <ChartSection title={SECTION_LABELS.vitals} state={sections.vitals}>
        {(vitals) => <Observations groups={vitals} caption="Latest vital signs" emptyText="No vital signs recorded." />}
      </ChartSection>
    </section>
  );
}
