import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
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
    expect(within(screen.getByRole('row', { name: /Nephrology/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '0', '1', '0', '2', '1', '1', '7']);
    expect(screen.getByRole('columnheader', { name: 'Withdrawn' })).toBeTruthy();
  });

  test('give times under an hour in minutes, not as a fraction of an hour that rounds to 0.0 h', async () => {
    specialistStore.profile = { ...specialistProfile, programmeLead: true };
    specialistStore.metrics = { ...programmeMetrics, firstAnswerHours: { count: 2, median: 0.004, p90: 0.2 } };
    const { user } = asSpecialist();
    await user.click(await screen.findByRole('button', { name: 'Programme metrics' }));
    const values = (await screen.findAllByRole('term')).map((t) => `${t.textContent}: ${t.nextElementSibling?.textContent}`);
    expect(values).toContain('Time to first answer (median): under 1 min');
    expect(values).toContain('Time to first answer (90th percentile): 12 min');
  });
});

// A reload (or the EHR re-rendering its frame) is the page unmounted and rendered again, with the tab's
// sessionStorage left as it was.
describe('after a reload', () => {
  const withConsult = (id = 'sr-1') => {
    specialistStore.queue = [queueItem(id)];
    specialistStore.details[id] = specialistConsult(id);
  };
  const consultHeading = 'Nephrology e-consult: Rosa Delgado';
  const openConsult = async () => {
    const rendered = asSpecialist();
    await rendered.user.click(await screen.findByRole('button', { name: 'Open the consult about Rosa Delgado' }));
    await screen.findByRole('heading', { name: consultHeading });
    return rendered;
  };
  const reload = (previous: { unmount: () => void }, render = asSpecialist) => {
    previous.unmount();
    return render();
  };
  const showsQueue = async () => {
    expect(await screen.findByRole('heading', { name: 'E-consult queue' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: consultHeading })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Programme metrics' })).toBeNull();
  };
  const asLead = () => {
    specialistStore.profile = { ...specialistProfile, programmeLead: true };
    specialistStore.metrics = programmeMetrics;
  };

  test('a reload brings the specialist back to the consult they had open', async () => {
    withConsult();
    const first = await openConsult();
    reload(first);
    expect(await screen.findByRole('heading', { name: consultHeading })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'E-consult queue' })).toBeNull();
  });

  test('Back to the queue is what a reload then shows', async () => {
    withConsult();
    const first = await openConsult();
    const second = reload(first);
    await second.user.click(await screen.findByRole('button', { name: 'Back to the queue' }));
    await showsQueue();
    reload(second);
    await showsQueue();
  });

  test('a consult that can no longer be read says why, and Back returns to the queue and is what a reload then shows', async () => {
    withConsult();
    const first = await openConsult();
    // Redirected to another pool meanwhile: the proxy no longer lets this specialist read it.
    delete specialistStore.details['sr-1'];
    specialistStore.queue = [];
    const second = reload(first);
    expect((await screen.findByRole('alert')).textContent).toBe('There is no such consult for you.');
    await second.user.click(screen.getByRole('button', { name: 'Back to the queue' }));
    await screen.findByText('No consults here.');
    reload(second);
    await showsQueue();
    expect(await screen.findByText('No consults here.')).toBeTruthy();
  });

  test('a saved view from another user of the same browser is not restored', async () => {
    withConsult();
    const first = await openConsult();
    const colleague = reload(first, () => renderApp({ withPatient: false, fhirUser: 'Practitioner/spec-kim', fhirUserUrl: 'https://store.test/fhir/R4/Practitioner/spec-kim' }));
    await showsQueue();
    // The first specialist's view is still theirs to come back to.
    reload(colleague);
    expect(await screen.findByRole('heading', { name: consultHeading })).toBeTruthy();
  });

  test('a malformed saved view opens the queue', async () => {
    withConsult();
    let page = await openConsult();
    // The one entry the open consult left is the saved view; each bad value in its place opens the queue.
    expect(sessionStorage.length).toBe(1);
    const key = sessionStorage.key(0)!;
    for (const value of ['{"kind":"consult"}', '{"kind":"consult","id":"../metrics"}', '{"kind":"chart"}', 'not json']) {
      sessionStorage.setItem(key, value);
      page = reload(page);
      await showsQueue();
    }
  });

  /** A lead opens the metrics and reloads: the metrics are back. */
  const metricsAfterReload = async () => {
    asLead();
    const first = asSpecialist();
    await first.user.click(await screen.findByRole('button', { name: 'Programme metrics' }));
    await screen.findByRole('heading', { name: 'Programme metrics' });
    const second = reload(first);
    expect(await screen.findByRole('heading', { name: 'Programme metrics' })).toBeTruthy();
    return second;
  };

  test('a programme lead comes back to the metrics, and the Queue button is what a reload then shows', async () => {
    const second = await metricsAfterReload();
    expect(screen.queryByRole('heading', { name: 'E-consult queue' })).toBeNull();
    await second.user.click(screen.getByRole('button', { name: 'Queue' }));
    await showsQueue();
    reload(second);
    await showsQueue();
  });

  test('a saved metrics view is not restored for a specialist who is not a programme lead', async () => {
    const second = await metricsAfterReload();
    specialistStore.profile = specialistProfile;
    reload(second);
    await showsQueue();
    expect(screen.queryByRole('button', { name: 'Programme metrics' })).toBeNull();
  });

  test('a storage that refuses reads and writes only loses the restore', async () => {
    withConsult();
    const refuse = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(refuse);
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(refuse);
    vi.spyOn(Storage.prototype, 'removeItem').mockImplementation(refuse);
    try {
      const first = await openConsult();
      await first.user.click(screen.getByRole('button', { name: 'Back to the queue' }));
      await showsQueue();
      reload(first);
      await showsQueue();
    } finally {
      vi.restoreAllMocks();
    }
  });
});
