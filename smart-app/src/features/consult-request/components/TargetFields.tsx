import { useRef } from 'react';
import type { ReactNode } from 'react';
import { LoadError } from '../../../components/LoadError.tsx';
import { useRetry } from '../../../lib/useRetry.ts';
import type { UseDirectoryReturn } from '../hooks/useDirectory.ts';

export interface TargetFieldsProps {
  readonly directory: UseDirectoryReturn;
  readonly specialtyCode: string;
  /** A PractitionerRole id, or '' for the specialty's pool. */
  readonly targetRoleId: string;
  readonly onChange: (patch: { specialtyCode?: string; targetRoleId?: string }) => void;
  readonly error: string | undefined;
}

/** Specialty, then who in it: the pool (first available) or a named specialist. */
export function TargetFields({ directory, specialtyCode, targetRoleId, onChange, error }: TargetFieldsProps): ReactNode {
  const specialties = directory.status === 'ready' ? directory.directory.specialties : [];
  const specialty = specialties.find((s) => s.code === specialtyCode);
  const specialists =
    directory.status === 'ready' && specialty ? directory.directory.specialists.filter((s) => s.specialtyCodes.includes(specialty.code)) : [];
  const describedBy = error ? 'consult-target-error' : undefined;
  const select = useRef<HTMLSelectElement>(null);
  // After a successful Try again the keyboard lands on the list it brought, the next thing to use.
  const retry = useRetry(directory.status === 'error' ? directory.retry : undefined, directory.status === 'ready', select);

  return (
    <div className="field-group">
      <div className="field">
        <label htmlFor="consult-specialty">Specialty</label>
        <select
          id="consult-specialty"
          ref={select}
          value={specialtyCode}
          disabled={directory.status !== 'ready'}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange({ specialtyCode: event.target.value, targetRoleId: '' })}
        >
          <option value="">{directory.status === 'loading' ? 'Loading specialties…' : 'Choose a specialty…'}</option>
          {specialties.map((s) => (
            <option key={s.code} value={s.code}>
              {s.display}
            </option>
          ))}
        </select>
        {directory.status === 'error' && (
          <LoadError className="field-error" message={`The specialty list could not be loaded. ${directory.message}`} retrying={directory.retrying} onRetry={directory.transient ? retry : undefined} />
        )}
      </div>
      {specialty && (
        <fieldset className="field radio-list">
          <legend>Send to</legend>
          <label>
            <input type="radio" name="consult-target" value="" checked={targetRoleId === ''} onChange={() => onChange({ targetRoleId: '' })} />
            {specialty.display} pool — first available
          </label>
          {specialists.map((s) => (
            <label key={s.practitionerRoleId}>
              <input
                type="radio"
                name="consult-target"
                value={s.practitionerRoleId}
                checked={targetRoleId === s.practitionerRoleId}
                onChange={() => onChange({ targetRoleId: s.practitionerRoleId })}
              />
              {s.name}
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p id="consult-target-error" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
