import { screen, within } from '@testing-library/react';
import { expect, test } from 'vitest';
import type { ConsultDetail } from '../lib/api-contract.ts';
import { proxyStore } from '../testing/msw/handlers/proxy.ts';
import { renderApp } from '../testing/render.tsx';
import { answeredConsult } from '../testing/specialist-fixtures.ts';

/** A consult whose specialist has asked the physician a question and waits for the reply. */
function askedConsult(id: string): ConsultDetail {
  const answered = answeredConsult(id);
  return { ...answered, status: 'active', state: 'clarification-requested', outcome: undefined, messages: answered.messages.slice(0, 2) };
}

test('opens with a note above the composer when a specialist waits for the physician’s reply, whose button opens that thread', async () => {
  const consult = askedConsult('sr-asked');
  proxyStore.consults = [consult, answeredConsult('sr-done')];
  proxyStore.details['sr-asked'] = consult;
  const { user } = renderApp();
  const note = await screen.findByText('Dr. Chidi Okafor has asked you a question about the Nephrology consult.');
  // Before the composer in the page's order: the first thing read, even in a narrow EHR frame.
  const composer = await screen.findByRole('heading', { name: 'New consult' });
  expect(note.compareDocumentPosition(composer) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  await user.click(within(note.parentElement!).getByRole('button', { name: 'Open the Nephrology thread to reply' }));
  expect(await screen.findByRole('heading', { name: 'Consult: Nephrology' })).toBeTruthy();
});

test('says nothing of questions when no consult waits for the physician', async () => {
  proxyStore.consults = [answeredConsult('sr-done')];
  renderApp();
  const list = await screen.findByRole('region', { name: 'Consults for this patient' });
  await within(list).findByRole('button', { name: /^Open the Nephrology thread/ });
  expect(screen.queryByText(/has asked you a question/)).toBeNull();
});
