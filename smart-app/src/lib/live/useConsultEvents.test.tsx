import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { expect, test, vi } from 'vitest';
import { PROXY_BASE } from '../../testing/fixtures.ts';
import { endEventStreams, holdEventStreamsReady } from '../../testing/msw/handlers/live-events.ts';
import { server } from '../../testing/msw/server.ts';
import { renderWithSession } from '../../testing/render.tsx';
import type { ConsultEvent } from '../api-contract.ts';
import { useConsultEvents } from './useConsultEvents.ts';

function LiveProbe({ onChange }: { readonly onChange: (event: ConsultEvent | undefined) => void }): ReactNode {
  const { status, readsMayStart } = useConsultEvents(onChange);
  return <p>{`${status}, ${readsMayStart ? 'reads may start' : 'reads wait'}`}</p>;
}

test('does not report the first connection as a change, so a page that has just read its data does not read it twice', async () => {
  const onChange = vi.fn();
  renderWithSession(<LiveProbe onChange={onChange} />, { withPatient: false });
  await screen.findByText('live, reads may start');
  expect(onChange).not.toHaveBeenCalled();
});

test('reports a reconnection as a change, since events may have been missed while the stream was down', async () => {
  const onChange = vi.fn();
  renderWithSession(<LiveProbe onChange={onChange} />, { withPatient: false });
  await screen.findByText('live, reads may start');
  endEventStreams();
  await expect.poll(() => onChange.mock.calls, { timeout: 5_000 }).toEqual([[undefined]]);
});

test('holds the page\'s first reads until the stream is live, so no change can fall between a read and the stream', async () => {
  const gate = holdEventStreamsReady();
  const onChange = vi.fn();
  renderWithSession(<LiveProbe onChange={onChange} />, { withPatient: false });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(screen.getByText('connecting, reads wait')).toBeTruthy();
  gate.release();
  await screen.findByText('live, reads may start');
  expect(onChange).not.toHaveBeenCalled();
});

test('lets the page read after a while without the stream, and reads again once it is live', async () => {
  const gate = holdEventStreamsReady();
  const onChange = vi.fn();
  renderWithSession(<LiveProbe onChange={onChange} />, { withPatient: false });
  await screen.findByText('connecting, reads may start', {}, { timeout: 3_000 });
  expect(onChange).not.toHaveBeenCalled();
  gate.release();
  await screen.findByText('live, reads may start');
  expect(onChange.mock.calls).toEqual([[undefined]]);
});

test('lets the page read at once when the stream cannot be opened', async () => {
  server.use(http.get(`${PROXY_BASE}/events`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'Curbside is restarting.' } }] }, { status: 503 })));
  renderWithSession(<LiveProbe onChange={vi.fn()} />, { withPatient: false });
  // Sooner than the wait for a stream that does not answer: the failure itself lets the reads start.
  await screen.findByText('offline, reads may start', {}, { timeout: 1_000 });
});
