import { screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { expect, test, vi } from 'vitest';
import { endEventStreams } from '../../testing/msw/handlers/live-events.ts';
import { renderWithSession } from '../../testing/render.tsx';
import type { ConsultEvent } from '../api-contract.ts';
import { useConsultEvents } from './useConsultEvents.ts';

function LiveProbe({ onChange }: { readonly onChange: (event: ConsultEvent | undefined) => void }): ReactNode {
  return <p>{useConsultEvents(onChange)}</p>;
}

test('does not report the first connection as a change, so a page that has just read its data does not read it twice', async () => {
  const onChange = vi.fn();
  renderWithSession(<LiveProbe onChange={onChange} />, { withPatient: false });
  await screen.findByText('live');
  expect(onChange).not.toHaveBeenCalled();
});

test('reports a reconnection as a change, since events may have been missed while the stream was down', async () => {
  const onChange = vi.fn();
  renderWithSession(<LiveProbe onChange={onChange} />, { withPatient: false });
  await screen.findByText('live');
  endEventStreams();
  await expect.poll(() => onChange.mock.calls, { timeout: 5_000 }).toEqual([[undefined]]);
});
