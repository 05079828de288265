import type { Patient } from 'fhir/r4';
import type { ReactNode } from 'react';
import { ageInYears, findMrn, formatDate, formatHumanName } from '../../../lib/fhir/format.ts';
import type { SectionState } from '../hooks/usePatientContext.ts';

export interface PatientBannerProps {
  /** The Patient read's state; undefined when the EHR shows its own banner (need_patient_banner is not true). */
  readonly state: SectionState<Patient> | undefined;
}

const SEX_LABELS: Readonly<Record<string, string>> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };

/**
 * Who the consult is about: name, date of birth and age, sex and MRN. Shown only when the EHR asks
 * for it (`need_patient_banner`). @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export function PatientBanner({ state }: PatientBannerProps): ReactNode {
  if (!state) {
    return null;
  }
  if (state.status !== 'ready') {
    return (
      <section className="patient-banner" aria-label="Patient">
        <p className={state.status === 'error' ? 'section-error' : 'muted'} role={state.status === 'error' ? 'alert' : undefined}>
          {state.status === 'error' ? `The patient's details could not be loaded. ${state.message}` : 'Loading patient…'}
        </p>
      </section>
    );
  }
  const patient = state.data;
  const age = patient.birthDate ? ageInYears(patient.birthDate) : undefined;
  const mrn = findMrn(patient)?.value;
  return (
    <section className="patient-banner" aria-label="Patient">
      <p className="patient-banner__name">{formatHumanName(patient.name)}</p>
      <dl className="patient-banner__facts">
        <div>
          <dt>DOB</dt>
          <dd>
            {formatDate(patient.birthDate)}
            {age !== undefined && ` (${age} y)`}
          </dd>
        </div>
        <div>
          <dt>Sex</dt>
          <dd>{SEX_LABELS[patient.gender ?? 'unknown'] ?? patient.gender}</dd>
        </div>
        <div>
          <dt>MRN</dt>
          <dd>{mrn ?? '—'}</dd>
        </div>
      </dl>
    </section>
  );
}
