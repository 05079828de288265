import type { ReactNode } from 'react';
import { formatDate } from '../../../lib/fhir/format.ts';
import { useConsults } from '../hooks/useConsults.ts';

export interface ConsultListProps {
  /** Change it (e.g. after a send) to read the list again. */
  readonly refreshKey: number;
}

const URGENCY_LABELS: Readonly<Record<string, string>> = { routine: 'Routine', urgent: 'Urgent', asap: 'ASAP', stat: 'STAT' };
const STATUS_LABELS: Readonly<Record<string, string>> = {
  draft: 'Draft',
  active: 'Active',
  'on-hold': 'On hold',
  revoked: 'Withdrawn',
  completed: 'Completed',
  'entered-in-error': 'Entered in error',
  unknown: 'Unknown',
};

/** "Consults for this patient": specialty, target, urgency, status and sent date. */
export function ConsultList({ refreshKey }: ConsultListProps): ReactNode {
  const state = useConsults(refreshKey);
  return (
    <section className="panel" aria-labelledby="consult-list-title">
      <h2 id="consult-list-title">Consults for this patient</h2>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading consults…
        </p>
      )}
      {state.status === 'error' && (
        <p className="section-error" role="alert">
          The consults could not be loaded. {state.message}
        </p>
      )}
      {state.status === 'ready' && state.consults.length === 0 && <p className="muted">No consults yet for this patient.</p>}
      {state.status === 'ready' && state.consults.length > 0 && (
        <table className="consult-table">
          <thead>
            <tr>
              <th scope="col">Specialty</th>
              <th scope="col">To</th>
              <th scope="col">Urgency</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {state.consults.map((consult) => (
              <tr key={consult.id}>
                <th scope="row">{consult.specialty}</th>
                <td>{consult.target}</td>
                <td>
                  <span className={`urgency urgency--${consult.urgency}`}>{URGENCY_LABELS[consult.urgency] ?? consult.urgency}</span>
                </td>
                <td>{STATUS_LABELS[consult.status] ?? consult.status}</td>
                <td>{formatDate(consult.authoredOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
