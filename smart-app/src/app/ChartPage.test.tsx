import { screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { chartFromRecord, generateLargePatient, ROSA_DELGADO_ID, rosaDelgado } from '../testing/fixture-cast.ts';
import { ehrFhirHandlers } from '../testing/msw/handlers/ehr-fhir.ts';
import { server } from '../testing/msw/server.ts';
import { renderApp } from '../testing/render.tsx';

function region(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

describe('chart page with the project’s fixture cast', () => {
  test('shows Rosa Delgado’s banner, active problems and active medications only', async () => {
    server.use(...ehrFhirHandlers([chartFromRecord(rosaDelgado)]));
    renderApp({ patient: ROSA_DELGADO_ID });
    await screen.findByText(/Chart loaded/);
    expect(region('Patient').textContent).toContain('Rosa Maria Delgado');
    expect(region('Patient').textContent).toContain('10048213');
    const problems = within(region('Problems')).getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(problems.some((p) => p.startsWith('Type 2 diabetes mellitus'))).toBe(true);
    expect(problems.some((p) => p.includes('cystitis'))).toBe(false);
    const medications = region('Medications').textContent ?? '';
    expect(medications).toContain('empagliflozin 10 MG Oral Tablet');
    expect(medications).not.toContain('simvastatin');
    expect(within(region('Labs')).getByRole('img', { name: /^Hemoglobin A1c\/Hemoglobin\.total in Blood: 7\.2, 7\.4, 7\.6/ })).toBeTruthy();
  });

  test('shows one row per test for the generated 10,000-observation patient', async () => {
    const large = generateLargePatient({ id: 'patient-large', observationCount: 10_000 });
    const chart = chartFromRecord(large);
    const labCodes = new Set(chart.labs.map((o) => o.code.coding?.[0]?.code));
    const vitalCodes = new Set(chart.vitals.map((o) => o.code.coding?.[0]?.code));
    server.use(...ehrFhirHandlers([chart], 200));
    renderApp({ patient: 'patient-large' });
    await screen.findByText(/Chart loaded/, undefined, { timeout: 20_000 });
    expect(within(region('Labs')).getAllByRole('row')).toHaveLength(labCodes.size + 1);
    expect(within(region('Vital signs')).getAllByRole('row')).toHaveLength(vitalCodes.size + 1);
  }, 30_000);
});
