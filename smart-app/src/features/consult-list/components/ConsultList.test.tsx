import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { expect, test, vi } from 'vitest';
import type { ConsultSummary } from '../../../lib/api-contract.ts';
import { earlierConsult, PROXY_BASE } from '../../../testing/fixtures.ts';
import { proxyStore } from '../../../testing/msw/handlers/proxy.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import { useConsults } from '../hooks/useConsults.ts';
import { ConsultList, type ConsultListProps } from './ConsultList.tsx';
import { expectStackTableRow } from '../../../testing/stack-table.ts';

/** The list as the chart page gives it: read with useConsults, then shown. */
function ReadList({ refreshKey, ...props }: Omit<ConsultListProps, 'state'> & { readonly refreshKey: number }): ReactNode {
  return <ConsultList state={useConsults(refreshKey)} {...props} />;
}

test('lists the patient’s consults with specialty, target, urgency, where it is, sent date and outcome', async () => {
  proxyStore.consults.push(earlierConsult);
  renderWithSession(<ReadList refreshKey={0} />);
  const row = await screen.findByRole('row', { name: /Endocrinology/ });
  expect(within(row).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
    'Endocrinology e-consults',
    'Routine',
    'Answered · Advice only: no visit needed',
    'Sep 1, 2025',
    'Open New reply',
  ]);
});

test('names each cell by its column, so a narrow panel can show each consult as a card that says what each value is', async () => {
  proxyStore.consults.push(earlierConsult);
  renderWithSession(<ReadList refreshKey={0} />);
  expectStackTableRow(await screen.findByRole('table'), await screen.findByRole('row', { name: /Endocrinology/ }));
});

test('marks a thread with a reply the user has not seen, and opens it', async () => {
  proxyStore.consults.push(earlierConsult);
  const onOpen = vi.fn();
  const { user } = renderWithSession(<ReadList refreshKey={0} onOpen={onOpen} />);
  await user.click(await screen.findByRole('button', { name: 'Open the Endocrinology thread: Is an SGLT2 inhibitor appropriate given her eGFR? (new reply)' }));
  expect(onOpen).toHaveBeenCalledWith(earlierConsult.id);
});

test('says so when the patient has no consults yet', async () => {
  renderWithSession(<ReadList refreshKey={0} />);
  expect(await screen.findByText('No consults yet for this patient.')).toBeTruthy();
});

test('shows the proxy’s message when the list cannot be loaded', async () => {
  server.use(
    http.get(`${PROXY_BASE}/consults`, () =>
      HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store is unavailable.' } }] }, { status: 503 }),
    ),
  );
  renderWithSession(<ReadList refreshKey={0} />);
  expect((await screen.findByRole('alert')).textContent).toBe('The consults could not be loaded. The consult store is unavailable.');
});

test('tells two consults to the same specialty apart by the first words of their question, on screen and in the Open buttons', async () => {
  const later = { ...earlierConsult, id: 'sr-later', question: 'Her potassium is 5.9 on lisinopril and the eGFR keeps falling: stop it, or add a binder?', authoredOn: '2025-10-14T08:00:00Z', state: 'submitted', outcome: undefined, lastSpecialistMessageAt: undefined } satisfies ConsultSummary;
  proxyStore.consults.push(earlierConsult, later);
  renderWithSession(<ReadList refreshKey={0} />);
  const rows = await screen.findAllByRole('row', { name: /Endocrinology/ });
  expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
    'Endocrinology Her potassium is 5.9 on lisinopril and the eGFR…',
    'Endocrinology Is an SGLT2 inhibitor appropriate given her eGFR?',
  ]);
  expect(rows.map((row) => within(row).getByRole('button').getAttribute('aria-label'))).toEqual([
    'Open the Endocrinology thread: Her potassium is 5.9 on lisinopril and the eGFR…',
    'Open the Endocrinology thread: Is an SGLT2 inhibitor appropriate given her eGFR? (new reply)',
  ]);
});

test('offers Try again when the list cannot be loaded, reads it again, and keeps the keyboard in the section', async () => {
  server.use(
    http.get(`${PROXY_BASE}/consults`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store is unavailable.' } }] }, { status: 503 }), { once: true }),
  );
  proxyStore.consults.push(earlierConsult);
  const { user } = renderWithSession(<ReadList refreshKey={0} />);
  expect((await screen.findByRole('alert')).textContent).toBe('The consults could not be loaded. The consult store is unavailable.');
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('row', { name: /Endocrinology/ })).toBeTruthy();
  expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Consults for this patient' }));
});

test('shows a refusal without Try again, as reading again could only be refused again', async () => {
  server.use(
    http.get(`${PROXY_BASE}/consults`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', details: { text: 'This launch may not read consults.' } }] }, { status: 403 }), { once: true }),
  );
  renderWithSession(<ReadList refreshKey={0} />);
  expect((await screen.findByRole('alert')).textContent).toBe('The consults could not be loaded. This launch may not read consults.');
  expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
});
