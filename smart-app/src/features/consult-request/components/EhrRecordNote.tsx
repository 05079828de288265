import type { ReactNode } from 'react';
import type { EhrRecordItem } from '../../../lib/api-contract.ts';

export interface EhrRecordNoteProps {
  readonly items: readonly EhrRecordItem[];
}

const WHAT: Readonly<Record<EhrRecordItem['resourceType'], string>> = { ServiceRequest: 'the e-consult order', Communication: 'a message about it' };
const WHY: Readonly<Record<Exclude<EhrRecordItem['status'], 'written' | 'not-repeated'>, string>> = {
  'not-offered': 'this EHR does not accept it',
  'not-permitted': 'your EHR sign-in does not allow it',
  failed: 'the EHR did not take it',
};

/**
 * One line under "Consult sent" saying what was also filed in the EHR's chart and what was not (and
 * why). The consult itself is in Curbside either way. Nothing is said when the EHR is not set up for it.
 */
export function EhrRecordNote({ items }: EhrRecordNoteProps): ReactNode {
  const written = items.filter((item) => item.status === 'written');
  const missing = items.flatMap((item) => (item.status === 'written' || item.status === 'not-repeated' ? [] : [{ ...item, status: item.status }]));
  if (!written.length && !missing.length) {
    return null;
  }
  return (
    <p className="ehr-record">
      {written.length > 0 && `Also filed in the EHR chart: ${written.map((item) => WHAT[item.resourceType]).join(' and ')}.`}
      {written.length > 0 && missing.length > 0 && ' '}
      {missing.length > 0 && `Not filed in the EHR chart: ${missing.map((item) => `${WHAT[item.resourceType]} (${WHY[item.status]})`).join('; ')}.`}
    </p>
  );
}
