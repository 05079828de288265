import type { Patient } from 'fhir/r4';
import { expect, test } from 'vitest';
import type { Logger } from '../lib/logger.ts';
import { reportUsCoreGaps } from './us-core-gaps.ts';

function recorder(): { logger: Logger; lines: { event: string; fields: Readonly<Record<string, unknown>> }[] } {
  const lines: { event: string; fields: Readonly<Record<string, unknown>> }[] = [];
  const log = (event: string, fields: Readonly<Record<string, unknown>> = {}): void => void lines.push({ event, fields });
  return { logger: { info: log, error: log }, lines };
}

test('logs which US Core elements an EHR record lacks, never their values, once per record', () => {
  const { logger, lines } = recorder();
  // US Core requires identifier, name and gender on a Patient; this one has a name only.
  const patient: Patient = { resourceType: 'Patient', meta: { source: 'https://ehr.test/fhir/Patient/p-gaps/_history/1' }, name: [{ family: 'Quintero', given: ['Ana'] }] };
  reportUsCoreGaps({ logger }, [patient]);
  reportUsCoreGaps({ logger }, [patient]);
  expect(lines).toHaveLength(1);
  expect(lines[0]?.event).toBe('fhir.us-core-gap');
  expect(lines[0]?.fields.resourceType).toBe('Patient');
  expect(String(lines[0]?.fields.elements)).toMatch(/gender|identifier/);
  expect(JSON.stringify(lines)).not.toContain('Quintero');
});
