import type { MedicationRequest } from 'fhir/r4';
import type { ReactNode } from 'react';
import { medicationName } from '../../lib/fhir/format.ts';
import { MetaText } from '../MetaText.tsx';

export interface MedicationListProps {
  readonly medications: readonly MedicationRequest[];
  /** Shown when the list is empty, which means something different in a chart and in what was shared. */
  readonly emptyText: string;
}

/** Active medication orders with their sig. */
export function MedicationList({ medications, emptyText }: MedicationListProps): ReactNode {
  if (medications.length === 0) {
    return <p className="muted">{emptyText}</p>;
  }
  return (
    <ul className="item-list">
      {medications.map((request, index) => (
        <li key={request.id ?? index}>
          <span className="item-list__name">{medicationName(request)}</span>
          {request.dosageInstruction?.[0]?.text && <MetaText>{request.dosageInstruction[0].text}</MetaText>}
        </li>
      ))}
    </ul>
  );
}
