import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { PROXY_BASE } from '../testing/fixtures.ts';
import { server } from '../testing/msw/server.ts';
import { specialistStore } from '../testing/msw/handlers/specialist-proxy.ts';
import { renderApp } from '../testing/render.tsx';
import { programmeMetrics, queueItem, specialistConsult, specialistProfile, SPECIALIST_USER } from '../testing/specialist-fixtures.ts';

// A standalone sign-in without a patient: the app opens the specialist's queue.
const asSpecialist = () => renderApp({ withPatient: false, fhirUser: 'Practitioner/spec-okafor', fhirUserUrl: SPECIALIST_USER });

describe('the specialist\'s queue', () => {
  test('opens instead of the chart when the sign-in has no patient, with an SLA clock per consult that says when it is overdue', async () => {
    specialistStore.queue = [queueItem('sr-stat', { urgency: 'stat', hoursAgo: 3, sla: { targetHours: 1, dueAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), overdue: true } }), queueItem('sr-routine', { urgency: 'routine', hoursAgo: 1 })];
    asSpecialist();
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual(['STAT', 'Routine']);
    expect(within(rows[0]!).getByText(/^Overdue by 2 h/)).toBeTruthy();
    expect(within(rows[1]!).getByText(/^Due in 23 h/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Curbside e-consult: specialist');
    expect(screen.queryByRole('button', { name: 'Programme metrics' })).toBeNull();
  });

  test('asks the server for the filters chosen (paging stays on the server)', async () => {
    const { user } = asSpecialist();
    await screen.findByText('No consults here.');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'unclaimed');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Urgency' }), 'stat');
    await expect.poll(() => specialistStore.queueQueries.at(-1)?.toString()).toBe('status=unclaimed&urgency=stat&pageSize=20');
  });

  test('claims a pool consult and opens it', async () => {
    specialistStore.queue = [queueItem('sr-1')];
    specialistStore.details['sr-1'] = specialistConsult('sr-1');
    const { user } = asSpecialist();
    await user.click(await screen.findByRole('button', { name: 'Claim the consult about Rosa Delgado' }));
    expect(await screen.findByRole('heading', { name: 'Nephrology e-consult: Rosa Delgado' })).toBeTruthy();
    expect(specialistStore.actions).toEqual([{ action: 'claim', consultId: 'sr-1', body: undefined }]);
    expect(await screen.findByRole('textbox', { name: 'Your answer' })).toBeTruthy();
  });

  test('says who has it when a colleague claimed it first', async () => {
    specialistStore.queue = [queueItem('sr-1')];
    specialistStore.details['sr-1'] = specialistConsult('sr-1');
    specialistStore.claimedBy = 'Dr. Hannah Kim';
    const { user } = asSpecialist();
    await user.click(await screen.findByRole('button', { name: 'Claim the consult about Rosa Delgado' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This consult was already claimed by Dr. Hannah Kim. It is no longer in your queue.');
  });

  test('offers Try again when the queue cannot be loaded, with the proxy\'s words, and reads it again', async () => {
    server.use(
      http.get(`${PROXY_BASE}/specialist/queue`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store did not answer in time.' } }] }, { status: 504 }), { once: true }),
    );
    specialistStore.queue = [queueItem('sr-1')];
    const { user } = asSpecialist();
    expect((await screen.findByRole('alert')).textContent).toBe('The queue could not be loaded. The consult store did not answer in time.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Claim the consult about Rosa Delgado' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'E-consult queue' }));
  });

  test('shows the proxy\'s words when the user is not in the specialist directory', async () => {
    specialistStore.profile = undefined;
    asSpecialist();
    expect((await screen.findByRole('heading', { name: 'Curbside could not open your queue' })).nextSibling?.textContent).toBe('Curbside does not know you as a specialist.');
  });
});

describe('programme metrics', () => {
  test('are offered to a programme lead, with the numbers the proxy computed', async () => {
    specialistStore.profile = { ...specialistProfile, programmeLead: true };
    specialistStore.metrics = programmeMetrics;
    const { user } = asSpecialist();
    await user.click(await screen.findByRole('button', { name: 'Programme metrics' }));
    const terms = await screen.findAllByRole('term');
    const values = terms.map((t) => `${t.textContent}: ${t.nextElementSibling?.textContent}`);
    expect(values).toEqual([
      'Consults: 12',
      'Time to first answer (median): 21.0 h',
      'Time to first answer (90th percentile): 60.5 h',
      'Resolved without a visit: 67% · 4 of 6 answered',
      'Overdue now: 2',
    ]);
    expect(within(screen.getByRole('row', { name: /Nephrology/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '0', '1', '0', '3', '1', '7']);
  });
});
