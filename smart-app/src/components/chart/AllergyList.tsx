import type { AllergyIntolerance } from 'fhir/r4';
import type { ReactNode } from 'react';
import { conceptText } from '../../lib/fhir/format.ts';
import { MetaText } from '../MetaText.tsx';

export interface AllergyListProps {
  /** Current allergies, high criticality first. */
  readonly allergies: readonly AllergyIntolerance[];
  /** Shown when the list is empty, which means something different in a chart and in what was shared. */
  readonly emptyText: string;
}

function reactions(allergy: AllergyIntolerance): string {
  return (allergy.reaction ?? [])
    .flatMap((reaction) => reaction.manifestation.map((m) => conceptText(m)))
    .join(', ');
}

/** Allergies and intolerances; high criticality is highlighted and said in words, never by colour alone. */
export function AllergyList({ allergies, emptyText }: AllergyListProps): ReactNode {
  if (allergies.length === 0) {
    return <p className="muted">{emptyText}</p>;
  }
  return (
    <ul className="item-list">
      {allergies.map((allergy, index) => {
        const high = allergy.criticality === 'high';
        const manifestations = reactions(allergy);
        return (
          <li key={allergy.id ?? index} className={high ? 'allergy allergy--high' : 'allergy'}>
            <span className="item-list__name">{conceptText(allergy.code, 'Unnamed substance')}</span>
            {/* The space is for text (names, copies); the list's flex gap spaces the items on screen. */}
            {high ? (
              <> <strong className="badge badge--danger">High criticality</strong></>
            ) : (
              allergy.criticality && <> <span className="tag">{allergy.criticality === 'low' ? 'Low criticality' : 'Criticality unknown'}</span></>
            )}
            {manifestations && <MetaText>{manifestations}</MetaText>}
          </li>
        );
      })}
    </ul>
  );
}
