import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import type { QueueItem, Urgency } from '../../../lib/api-contract.ts';
import { PROXY_BASE } from '../../../testing/fixtures.ts';
import { emitConsultEvent, holdEventStreamsReady, openEventStreams } from '../../../testing/msw/handlers/live-events.ts';
import { server } from '../../../testing/msw/server.ts';
import { specialistStore } from '../../../testing/msw/handlers/specialist-proxy.ts';
import { renderApp } from '../../../testing/render.tsx';
import { queueItem, SPECIALIST_USER } from '../../../testing/specialist-fixtures.ts';
import { expectStackTableRow } from '../../../testing/stack-table.ts';

const asSpecialist = () => renderApp({ withPatient: false, fhirUser: 'Practitioner/spec-okafor', fhirUserUrl: SPECIALIST_USER });

/** `count` consults, each about its own patient (`Patient 01`…), stat every fifth, the rest routine. */
function queueOf(count: number): QueueItem[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    const urgency: Urgency = i % 5 === 0 ? 'stat' : 'routine';
    return queueItem(`sr-${n}`, { patientName: `Patient ${n}`, urgency });
  });
}

/** The patients whose consults the queue shows, in order. */
function shownPatients(): string[] {
  const table = screen.queryByRole('table');
  return table ? within(table).getAllByRole('row').slice(1).map((row) => within(row).getByRole('rowheader').firstChild?.textContent ?? '') : [];
}

/** Holds the queue requests `which` picks until `release()`; then the test proxy answers them. */
function holdQueueRequests(which: (query: URLSearchParams) => boolean): { release: () => void } {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.get(`${PROXY_BASE}/specialist/queue`, async ({ request }) => {
      if (which(new URL(request.url).searchParams)) {
        await held;
      }
      // Answering nothing hands the request on to the test proxy's own handler.
      return undefined;
    }),
  );
  return { release };
}

test('names each cell by its column, so a narrow window can show each consult as a card with its Open and Claim buttons in view', async () => {
  specialistStore.queue = [queueItem('sr-1')];
  asSpecialist();
  expectStackTableRow(await screen.findByRole('table'), await screen.findByRole('row', { name: /Rosa Delgado/ }));
});

test('Show more adds the next page under the first, each consult once, until there are no more', async () => {
  specialistStore.queue = queueOf(25);
  const { user } = asSpecialist();
  await screen.findByRole('table');
  expect(shownPatients()).toHaveLength(20);
  await user.click(screen.getByRole('button', { name: 'Show more' }));
  await expect.poll(shownPatients).toHaveLength(25);
  expect(shownPatients()).toEqual(queueOf(25).map((item) => item.patientName));
  expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  expect(specialistStore.queueQueries.map((q) => q.get('cursor'))).toEqual([null, '0.20']);
});

test('a Show more that fails keeps the consults on screen and says why; pressing it again reads that page', async () => {
  specialistStore.queue = queueOf(25);
  const { user } = asSpecialist();
  await screen.findByRole('table');
  server.use(
    http.get(`${PROXY_BASE}/specialist/queue`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store did not answer in time.' } }] }, { status: 504 }), { once: true }),
  );
  await user.click(screen.getByRole('button', { name: 'Show more' }));
  expect((await screen.findByRole('alert')).textContent).toBe('More consults could not be loaded. The consult store did not answer in time.');
  expect(shownPatients()).toHaveLength(20);
  expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Show more' }));
  await user.click(screen.getByRole('button', { name: 'Show more' }));
  await expect.poll(shownPatients).toHaveLength(25);
  expect(screen.queryByRole('alert')).toBeNull();
  expect(specialistStore.queueQueries.map((q) => q.get('cursor'))).toEqual([null, '0.20']);
});

test('a page asked for under one filter is not added under another chosen meanwhile', async () => {
  specialistStore.queue = queueOf(25);
  const later = holdQueueRequests((query) => query.has('cursor'));
  const { user } = asSpecialist();
  await screen.findByRole('table');
  await user.click(screen.getByRole('button', { name: 'Show more' }));
  await user.selectOptions(screen.getByRole('combobox', { name: 'Urgency' }), 'stat');
  const stat = queueOf(25).filter((item) => item.urgency === 'stat').map((item) => item.patientName);
  await expect.poll(shownPatients).toEqual(stat);
  later.release();
  // The held page (routine consults 21–25 of the unfiltered queue) answers now, and must not be shown.
  await expect.poll(() => specialistStore.queueQueries.length).toBe(3);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(shownPatients()).toEqual(stat);
});

test('another filter shows the queue loading, not the previous filter\'s consults under it', async () => {
  specialistStore.queue = queueOf(10);
  const { user } = asSpecialist();
  await screen.findByRole('table');
  const reads = holdQueueRequests(() => true);
  await user.selectOptions(screen.getByRole('combobox', { name: 'Urgency' }), 'stat');
  expect(screen.getByRole('status').textContent).toBe('Loading the queue…');
  expect(shownPatients()).toEqual([]);
  reads.release();
  await expect.poll(shownPatients).toEqual(['Patient 01', 'Patient 06']);
});

test('lists a consult that arrived while live updates were still connecting (the queue is read once they are)', async () => {
  const gate = holdEventStreamsReady();
  // Streams of earlier tests may linger until their abort is seen: count this page's own.
  const earlier = openEventStreams();
  asSpecialist();
  await expect.poll(openEventStreams).toBe(earlier + 1);
  specialistStore.queue = queueOf(1);
  gate.release();
  await expect.poll(shownPatients).toEqual(['Patient 01']);
});

test('a live update keeps the rows Show more added: the queue is read again as long as it was shown', async () => {
  specialistStore.queue = queueOf(45);
  const { user } = asSpecialist();
  // Read once the page's stream is live: the event below reaches it.
  await screen.findByRole('table');
  await user.click(screen.getByRole('button', { name: 'Show more' }));
  await expect.poll(shownPatients).toHaveLength(40);
  specialistStore.queue = [queueItem('sr-new', { patientName: 'Patient 00', urgency: 'stat' }), ...queueOf(45)];
  emitConsultEvent({ consultId: 'sr-new', resourceType: 'ServiceRequest', at: new Date().toISOString() });
  // As many rows as were shown: the new consult on top, the last one now on the next page.
  await expect.poll(() => shownPatients()[0]).toBe('Patient 00');
  expect(shownPatients()).toHaveLength(40);
  expect(specialistStore.queueQueries.at(-1)?.get('pageSize')).toBe('40');
  await user.click(screen.getByRole('button', { name: 'Show more' }));
  await expect.poll(shownPatients).toHaveLength(46);
});
