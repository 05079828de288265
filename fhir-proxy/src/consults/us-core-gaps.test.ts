import type { Patient } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import { buildPatientSnapshot } from '../fhir/build-snapshots.ts';
import type { Logger } from '../lib/logger.ts';
import { EHR, patient } from '../test/upstream.ts';
import { usCoreGapReporter } from './us-core-gaps.ts';

function recordingLogger(): Logger & { readonly lines: { event: string; fields: unknown }[] } {
  const lines: { event: string; fields: unknown }[] = [];
  return { lines, info: (event, fields) => lines.push({ event, fields }), error: (event, fields) => lines.push({ event, fields }) };
}

const { gender: _gender, ...withoutGender } = patient;
const ungendered = withoutGender satisfies Patient;
const now = (run: () => void): void => run();

describe('US Core gaps in the EHR data', () => {
  test('names the elements a patient lacks, not their values', () => {
    const logger = recordingLogger();
    usCoreGapReporter(logger, { defer: now })([{ original: ungendered, built: buildPatientSnapshot(ungendered, EHR) }]);
    expect(logger.lines).toEqual([{ event: 'fhir.us-core-gap', fields: { resourceType: 'Patient', elements: 'Patient.gender' } }]);
  });

  test('checks the same EHR patient once, however many consults share it', () => {
    const logger = recordingLogger();
    const report = usCoreGapReporter(logger, { defer: now });
    for (let i = 0; i < 3; i++) {
      report([{ original: ungendered, built: buildPatientSnapshot(ungendered, EHR) }]);
    }
    const corrected: Patient = { ...ungendered, birthDate: '1961-04-03' };
    report([{ original: corrected, built: buildPatientSnapshot(corrected, EHR) }]);
    expect(logger.lines).toHaveLength(2);
  });

  test('logs nothing for a conformant patient', () => {
    const logger = recordingLogger();
    usCoreGapReporter(logger, { defer: now })([{ original: patient, built: buildPatientSnapshot(patient, EHR) }]);
    expect(logger.lines).toEqual([]);
  });

  test('checks after the caller has moved on, not while the consult is being sent', async () => {
    const logger = recordingLogger();
    usCoreGapReporter(logger)([{ original: ungendered, built: buildPatientSnapshot(ungendered, EHR) }]);
    expect(logger.lines).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logger.lines).toHaveLength(1);
  });
});
