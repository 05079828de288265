import type { ReactNode } from 'react';
import { formatDate } from '../../lib/fhir/format.ts';
import { observationTrend } from '../../lib/fhir/observation-trend.ts';
import { interpretationFlag, observationDate, observationValue } from '../../lib/fhir/observations.ts';
import type { ObservationGroup } from '../../lib/fhir/observations.ts';
import { Sparkline } from './Sparkline.tsx';

export interface ObservationTableProps {
  /** Results grouped by test, one row per test: the latest result, not every row. */
  readonly groups: readonly ObservationGroup[];
  readonly caption: string;
  readonly emptyText: string;
}

function resultCount(count: number): string {
  return count === 1 ? '1 result' : `${count} results`;
}

/** Latest value per test with its date, flag and a trend (a line and its recent values) when there are two or more results. */
export function ObservationTable({ groups, caption, emptyText }: ObservationTableProps): ReactNode {
  if (groups.length === 0) {
    return <p className="muted">{emptyText}</p>;
  }
  return (
    // Focusable so a keyboard user can scroll it when it is wider than its card.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="obs-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col">Latest</th>
            <th scope="col">Date</th>
            <th scope="col">Trend</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => {
            const flag = interpretationFlag(group.latest);
            const trend = observationTrend(group);
            return (
              <tr key={group.key}>
                <th scope="row">{group.label}</th>
                <td>
                  {observationValue(group.latest).text}
                  {flag && (
                    <abbr className="badge badge--flag" title={flag.label}>
                      {flag.code}
                    </abbr>
                  )}
                </td>
                <td>{formatDate(observationDate(group.latest))}</td>
                <td>
                  {trend ? (
                    <>
                      <Sparkline trend={trend} />
                      {/* The same values as the line's text alternative, for sighted readers: hidden from screen readers, which read that. */}
                      <span className="trend-values" aria-hidden="true">
                        {trend.recent}
                      </span>
                    </>
                  ) : (
                    <span className="muted">{resultCount(group.observations.length)}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
