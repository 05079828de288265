import { useId } from 'react';
import type { ReactNode } from 'react';
import type { SectionState } from '../hooks/usePatientContext.ts';

export interface ChartSectionProps<T> {
  readonly title: string;
  readonly state: SectionState<T> | undefined;
  /** Renders the section once its data has arrived. */
  readonly children: (data: T) => ReactNode;
}

/** A chart section with its own loading and error states, so one failed search never hides the rest. */
export function ChartSection<T>({ title, state, children }: ChartSectionProps<T>): ReactNode {
  const headingId = useId();
  return (
    <section className="chart-section" aria-labelledby={headingId} aria-busy={state?.status === 'loading'}>
      <h3 id={headingId}>{title}</h3>
      {state?.status === 'loading' && <p className="muted">Loading…</p>}
      {state?.status === 'error' && (
        <p className="section-error" role="alert">
          {title} could not be loaded. {state.message} The other sections are not affected.
        </p>
      )}
      {state?.status === 'ready' && children(state.data)}
    </section>
  );
}
