import { screen, within } from '@testing-library/react';
import { expect, test } from 'vitest';
import { emitConsultEvent, holdEventStreamsReady, openEventStreams } from '../testing/msw/handlers/live-events.ts';
import { proxyStore } from '../testing/msw/handlers/proxy.ts';
import { renderApp } from '../testing/render.tsx';
import { answeredConsult } from '../testing/specialist-fixtures.ts';

test('shows a specialist\'s reply as it arrives, without a reload, and marks it new until the thread is opened', async () => {
  const { user } = renderApp();
  const list = await screen.findByRole('region', { name: 'Consults for this patient' });
  await within(list).findByText('No consults yet for this patient.');
  await expect.poll(openEventStreams).toBe(1);

  const consult = answeredConsult('sr-live');
  proxyStore.consults = [consult];
  proxyStore.details['sr-live'] = consult;
  emitConsultEvent({ consultId: 'sr-live', resourceType: 'Communication', at: consult.lastSpecialistMessageAt ?? '' });

  await user.click(await within(list).findByRole('button', { name: /^Open the Nephrology thread: .+ \(new reply\)$/ }));
  expect(await screen.findByRole('heading', { name: 'Consult: Nephrology' })).toBeTruthy();
  expect(await within(list).findByRole('button', { name: /^Open the Nephrology thread: [^(]+$/ })).toBeTruthy();
});

test('lists a consult stored while live updates were still connecting (the list is read once they are)', async () => {
  const gate = holdEventStreamsReady();
  // Streams of earlier tests may linger until their abort is seen: count this page's own.
  const earlier = openEventStreams();
  renderApp();
  const list = await screen.findByRole('region', { name: 'Consults for this patient' });
  await expect.poll(openEventStreams).toBe(earlier + 1);
  const consult = answeredConsult('sr-meanwhile');
  proxyStore.consults = [consult];
  gate.release();
  expect(await within(list).findByRole('button', { name: /^Open the Nephrology thread/ })).toBeTruthy();
});
