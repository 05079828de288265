import type { ReactNode } from 'react';
import { MetaText } from '../../../components/MetaText.tsx';
import { CONSULT_STATES } from '../../../lib/api-contract.ts';
import { STATE_LABELS } from '../../../lib/consult-labels.ts';
import { useProgrammeMetrics } from '../hooks/useProgrammeMetrics.ts';

const STATES = CONSULT_STATES;

/** Hours to one decimal, as programme reports give them; under an hour in whole minutes (0.0 h would say nothing). */
function hours(value: number | null): string {
  if (value === null) {
    return '—';
  }
  const minutes = Math.round(value * 60);
  return value >= 1 ? `${value.toFixed(1)} h` : minutes < 1 ? 'under 1 min' : `${minutes} min`;
}

/**
 * For the e-consult programme lead: volume by specialty and state, time to first answer (median and
 * 90th percentile), the share resolved without a visit, and how many open consults are overdue. All
 * computed by the proxy from the consult store's FHIR resources when the page opens.
 */
export function ProgrammeMetricsPage({ refreshKey }: { readonly refreshKey: number }): ReactNode {
  const state = useProgrammeMetrics(refreshKey);
  return (
    <section className="panel" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Programme metrics</h2>
      {state.status === 'loading' && <p className="muted" role="status">Counting consults…</p>}
      {state.status === 'error' && (
        <p className="section-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          <dl className="kpis">
            <div>
              <dt>Consults</dt>
              <dd>{state.metrics.total}</dd>
            </div>
            <div>
              <dt>Time to first answer (median)</dt>
              <dd>{hours(state.metrics.firstAnswerHours.median)}</dd>
            </div>
            <div>
              <dt>Time to first answer (90th percentile)</dt>
              <dd>{hours(state.metrics.firstAnswerHours.p90)}</dd>
            </div>
            <div>
              <dt>Resolved without a visit</dt>
              <dd>
                {state.metrics.resolvedWithoutVisit.share === null ? '—' : `${Math.round(state.metrics.resolvedWithoutVisit.share * 100)}%`}
                <MetaText>
                  {state.metrics.resolvedWithoutVisit.adviceOnly} of {state.metrics.resolvedWithoutVisit.answered} answered
                </MetaText>
              </dd>
            </div>
            <div>
              <dt>Overdue now</dt>
              <dd>{state.metrics.overdue}</dd>
            </div>
          </dl>
          <table className="consult-table">
            <caption className="visually-hidden">Consults by specialty and status</caption>
            <thead>
              <tr>
                <th scope="col">Specialty</th>
                {STATES.map((s) => (
                  <th scope="col" key={s}>
                    {STATE_LABELS[s]}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {state.metrics.bySpecialty.map((row) => (
                <tr key={row.specialty}>
                  <th scope="row">{row.specialty}</th>
                  {STATES.map((s) => (
                    <td key={s}>{row.byState[s]}</td>
                  ))}
                  <td>{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="field-hint">
            First answer: the specialist's first message (a clarifying question or the answer). Median of {state.metrics.firstAnswerHours.count} consults; the 90th percentile is
            the nearest-rank value.
          </p>
        </>
      )}
    </section>
  );
}
