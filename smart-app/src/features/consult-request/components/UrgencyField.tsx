import type { ReactNode } from 'react';
import { urgencySchema } from '../../../lib/api-contract.ts';
import type { Urgency } from '../../../lib/api-contract.ts';

export interface UrgencyFieldProps {
  readonly value: Urgency;
  readonly onChange: (value: Urgency) => void;
}

/** FHIR request-priority codes as physicians say them. @see https://hl7.org/fhir/R4/valueset-request-priority.html */
const URGENCY_LABELS: Readonly<Record<Urgency, string>> = { routine: 'Routine', urgent: 'Urgent', asap: 'ASAP', stat: 'STAT' };

export function UrgencyField({ value, onChange }: UrgencyFieldProps): ReactNode {
  return (
    <div className="field">
      <label htmlFor="consult-urgency">Urgency</label>
      <select id="consult-urgency" value={value} onChange={(event) => onChange(urgencySchema.parse(event.target.value))}>
        {urgencySchema.options.map((urgency) => (
          <option key={urgency} value={urgency}>
            {URGENCY_LABELS[urgency]}
          </option>
        ))}
      </select>
    </div>
  );
}
