import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { describe, expect, test } from 'vitest';
import { chartX, EHR_BASE, numericResult, patientX } from '../../../testing/fixtures.ts';
import { ehrFhirHandlers, failingSearch, searchPage } from '../../../testing/msw/handlers/ehr-fhir.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import { usePatientContext } from '../hooks/usePatientContext.ts';
import { PatientBanner } from './PatientBanner.tsx';
import { PatientContextPanel } from './PatientContextPanel.tsx';

function Chart(): ReactNode {
  const context = usePatientContext();
  return (
    <>
      <PatientBanner state={context.sections.patient} />
      <PatientContextPanel context={context} />
    </>
  );
}

function section(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

async function chartLoaded(): Promise<void> {
  await screen.findByText(/Chart loaded/);
}

describe('chart summary', () => {
  test('reads every page of a paged lab search and shows the last page’s test', async () => {
    const labs = ['Sodium', 'Potassium', 'Creatinine', 'Albumin', 'Ferritin'].map((text, i) =>
      numericResult({ id: `lab-${i}`, code: `1000-${i}`, text, value: i + 1, unit: 'mg/dL', date: `2025-0${i + 1}-01` }),
    );
    const labPages: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('category=laboratory')) labPages.push(new URL(request.url).searchParams.get('_page') ?? '1');
    });
    server.use(...ehrFhirHandlers([{ ...chartX, labs }], 2));
    renderWithSession(<Chart />);
    await chartLoaded();
    expect(within(section('Labs')).getByRole('rowheader', { name: 'Ferritin' })).toBeTruthy();
    expect(labPages).toEqual(['1', '2', '3']);
    server.events.removeAllListeners();
  });

  test('shows a failed allergy search in its section while problems still show, and never calls the chart loaded', async () => {
    server.use(failingSearch('AllergyIntolerance', 500));
    renderWithSession(<Chart />);
    expect((await screen.findByText(/^Chart incomplete/)).textContent).toMatch(/^Chart incomplete: allergies could not be read \((\d) of (\d) sections loaded\)$/);
    expect(screen.queryByText(/Chart loaded/)).toBeNull();
    expect(within(section('Allergies')).getByRole('alert').textContent).toBe(
      'Allergies could not be loaded. The EHR answered with an error (HTTP 500). The other sections are not affected.',
    );
    expect(within(section('Problems')).getByText('Type 2 diabetes mellitus')).toBeTruthy();
  });

  test('reads all six sections in parallel', async () => {
    let arrived = 0;
    let releaseAll: () => void = () => undefined;
    const allArrived = new Promise<void>((resolve) => (releaseAll = resolve));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000));
    // Each request waits until all six are in flight: a sequential reader would stall and get a 504.
    const barrier = (path: string) =>
      http.get(`${EHR_BASE}/${path}`, async ({ request }) => {
        arrived += 1;
        if (arrived === 6) releaseAll();
        if ((await Promise.race([allArrived, timeout])) === 'timeout') return new HttpResponse(null, { status: 504 });
        const url = new URL(request.url);
        return path.startsWith('Patient') ? HttpResponse.json(patientX) : HttpResponse.json(searchPage([], url, 50));
      });
    server.use(...['Patient/:id', 'Condition', 'MedicationRequest', 'AllergyIntolerance', 'Observation'].map(barrier));
    renderWithSession(<Chart />);
    await chartLoaded();
    expect(screen.queryAllByRole('alert')).toEqual([]);
    expect(arrived).toBe(6);
  });

  test('shows progress while sections load, then that the chart is loaded', async () => {
    let releaseLabs: () => void = () => undefined;
    const labsHeld = new Promise<void>((resolve) => (releaseLabs = resolve));
    server.use(
      http.get(`${EHR_BASE}/Observation`, async ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('category') === 'laboratory') await labsHeld;
        return HttpResponse.json(searchPage(url.searchParams.get('category') === 'laboratory' ? chartX.labs : chartX.vitals, url, 50));
      }),
    );
    renderWithSession(<Chart />);
    expect((await screen.findByText('Loading chart: 5 of 6 sections ready')).closest('[role="status"]')?.textContent).toContain('waiting for labs');
    expect(within(section('Problems')).getByText('Type 2 diabetes mellitus')).toBeTruthy();
    releaseLabs();
    expect(await screen.findByText('Chart loaded (6 of 6 sections)')).toBeTruthy();
  });

  test('highlights high-criticality allergies and lists them first', async () => {
    renderWithSession(<Chart />);
    await chartLoaded();
    const items = within(section('Allergies')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(['Penicillin High criticality · Anaphylaxis', 'Latex Low criticality · Contact dermatitis']);
    expect(items[0]?.className).toContain('allergy--high');
  });

  test('describes a lab trend as text, values in date order', async () => {
    renderWithSession(<Chart />);
    await chartLoaded();
    expect(within(section('Labs')).getByRole('img', { name: 'HbA1c: 6.8, 7.1, 7.4 % from 2021 to 2026' })).toBeTruthy();
  });

  test('shows a lab\'s recent values as text beside its trend line, for sighted users too', async () => {
    renderWithSession(<Chart />);
    await chartLoaded();
    const row = within(section('Labs')).getByRole('row', { name: /HbA1c/ });
    expect(within(row).getAllByRole('cell').at(-1)?.textContent).toBe('6.8 → 7.1 → 7.4');
  });

  test('shows the latest blood pressure as systolic/diastolic from its components', async () => {
    renderWithSession(<Chart />);
    await chartLoaded();
    const row = within(section('Vital signs')).getByRole('row', { name: /Blood pressure/ });
    expect(within(row).getByText('142/88 mmHg')).toBeTruthy();
    expect(within(row).getByRole('img', { name: 'Blood pressure: 138/86, 142/88 mmHg from 2025 to 2026' })).toBeTruthy();
  });

  test('shows one row per test for a patient with 10,000 lab results, down to the last page', async () => {
    // Newest first, as `_sort=-date` returns them; the oldest result (last of 50 pages) is the only Vitamin D.
    const labs = Array.from({ length: 9_999 }, (_, i) =>
      numericResult({ id: `bulk-${i}`, code: `2000-${i % 25}`, text: `Test ${String(i % 25).padStart(2, '0')}`, value: i % 97, unit: 'U/L', date: new Date(Date.UTC(2026, 0, 1) - i * 86_400_000).toISOString() }),
    );
    labs.push(numericResult({ id: 'bulk-vitd', code: '1989-3', text: 'Vitamin D', value: 21, unit: 'ng/mL', date: '1990-01-01' }));
    server.use(...ehrFhirHandlers([{ ...chartX, labs }], 200));
    renderWithSession(<Chart />);
    await screen.findByText(/Chart loaded/, undefined, { timeout: 20_000 });
    const labsSection = section('Labs');
    expect(within(labsSection).getAllByRole('row')).toHaveLength(27); // header + 25 bulk tests + Vitamin D
    expect(within(labsSection).getByRole('rowheader', { name: 'Vitamin D' })).toBeTruthy();
  }, 30_000);
});

describe('patient banner', () => {
  test('shows name, date of birth, sex and MRN when need_patient_banner is true', async () => {
    renderWithSession(<Chart />, { needPatientBanner: true });
    const banner = await screen.findByRole('region', { name: 'Patient' });
    await waitFor(() => expect(within(banner).getByText('Rosa Delgado')).toBeTruthy());
    expect(banner.textContent).toContain('Apr 12, 1961');
    expect(banner.textContent).toContain('Female');
    expect(banner.textContent).toContain('MRN-004211');
  });

  test('is not shown, and the Patient is not read, when need_patient_banner is false', async () => {
    const reads: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/Patient/')) reads.push(request.url);
    });
    renderWithSession(<Chart />, { needPatientBanner: false });
    await screen.findByText('Chart loaded (5 of 5 sections)');
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
    expect(reads).toEqual([]);
    server.events.removeAllListeners();
  });
});
