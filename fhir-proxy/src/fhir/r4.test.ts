import type { Communication, Patient } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import { Problem } from '../lib/outcome.ts';
import { assertBuiltValid, validateR4 } from './r4.ts';

describe('validating against R4', () => {
  test('lists errors only, also when the validator throws with warnings alongside', () => {
    // A bad date makes Medplum throw; the unresolvable urn reference alongside is only a warning.
    const patient = { resourceType: 'Patient', birthDate: '1961-4-2', generalPractitioner: [{ reference: 'urn:uuid:0f4c' }] } satisfies Patient;
    const issues = validateR4(patient);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.severity === 'error' || issue.severity === 'fatal')).toBe(true);
    expect(issues.flatMap((issue) => issue.expression ?? [])).toContain('Patient.birthDate');
  });

  test('a resource Curbside built that is not valid is refused with a 500 naming its type and paths, never its text', () => {
    const message: Communication = { resourceType: 'Communication', status: 'completed', sent: 'yesterday', payload: [{ contentString: 'Potassium 5.3 for Rosa Delgado' }] };
    const problem = (() => {
      try {
        assertBuiltValid([{ resourceType: 'Patient' }, message]);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(problem).toBeInstanceOf(Problem);
    expect((problem as Problem).status).toBe(500);
    const text = JSON.stringify((problem as Problem).outcome);
    expect(text).toContain('Curbside built an invalid Communication (Communication.sent)');
    expect(text).not.toMatch(/Rosa|yesterday/);
  });
});
