import type { Condition } from 'fhir/r4';
import type { ReactNode } from 'react';
import { conceptText, formatDate, hasCoding } from '../../lib/fhir/format.ts';
import { MetaText } from '../MetaText.tsx';

export interface ProblemListProps {
  readonly problems: readonly Condition[];
  /** Shown when the list is empty, which means something different in a chart and in what was shared. */
  readonly emptyText: string;
}

/** Active problems and encounter diagnoses, with onset. */
export function ProblemList({ problems, emptyText }: ProblemListProps): ReactNode {
  if (problems.length === 0) {
    return <p className="muted">{emptyText}</p>;
  }
  return (
    <ul className="item-list">
      {problems.map((problem, index) => (
        <li key={problem.id ?? index}>
          <span className="item-list__name">{conceptText(problem.code)}</span>
          {/* The space is for text (names, copies); the list's flex gap spaces the items on screen. */}
          {problem.category?.some((c) => hasCoding(c, 'encounter-diagnosis')) && <> <span className="tag">Encounter diagnosis</span></>}
          {problem.onsetDateTime && <MetaText>since {formatDate(problem.onsetDateTime)}</MetaText>}
        </li>
      ))}
    </ul>
  );
}
