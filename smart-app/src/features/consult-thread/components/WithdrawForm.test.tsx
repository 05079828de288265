import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { describe, expect, test } from 'vitest';
import { PROXY_BASE } from '../../../testing/fixtures.ts';
import { proxyStore } from '../../../testing/msw/handlers/proxy.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import { answeredConsult } from '../../../testing/specialist-fixtures.ts';
import { ConsultThread } from './ConsultThread.tsx';

const REASON = 'Admitted overnight; the renal team is seeing her.';

function openConsult(id = 'sr-1') {
  const consult = answeredConsult(id);
  return { ...consult, status: 'active' as const, state: 'submitted' as const, outcome: undefined, messages: consult.messages.slice(0, 1) };
}

/** The thread as the chart page shows it: read again after each change it reports. */
function Thread(): ReactNode {
  const [changes, setChanges] = useState(0);
  return <ConsultThread consultId="sr-1" refreshKey={changes} onChanged={() => setChanges((n) => n + 1)} onClose={() => undefined} />;
}

async function withdraw(user: ReturnType<typeof renderWithSession>['user'], reason = REASON): Promise<void> {
  await user.click(await screen.findByText('Withdraw this consult'));
  await user.type(screen.getByRole('textbox', { name: 'Why (sent to the specialist)' }), reason);
  await user.click(screen.getByRole('button', { name: 'Withdraw consult' }));
}

describe('withdrawing a consult', () => {
  test('sends the reason once, then shows the consult withdrawn, with no reply box left, and says so where the keyboard is', async () => {
    proxyStore.details['sr-1'] = openConsult();
    const { user } = renderWithSession(<Thread />);
    await withdraw(user);
    const note = await screen.findByText('Consult withdrawn. The specialist sees your reason in the thread.');
    expect(document.activeElement).toBe(note);
    expect(proxyStore.withdrawals).toEqual([{ consultId: 'sr-1', body: { idempotencyKey: expect.any(String), reason: REASON } }]);
    expect(await screen.findByText('Withdrawn')).toBeTruthy();
    const thread = screen.getByRole('list', { name: 'Consult thread' });
    expect(within(thread).getAllByRole('listitem').at(-1)?.textContent).toContain(REASON);
    expect(screen.queryByRole('button', { name: 'Send reply' })).toBeNull();
    expect(screen.queryByText('Withdraw this consult')).toBeNull();
  });

  test('needs a few words of reason before it can be sent', async () => {
    proxyStore.details['sr-1'] = openConsult();
    const { user } = renderWithSession(<Thread />);
    await user.click(await screen.findByText('Withdraw this consult'));
    const button = screen.getByRole('button', { name: 'Withdraw consult' }) as HTMLButtonElement;
    await user.type(screen.getByRole('textbox', { name: 'Why (sent to the specialist)' }), 'No');
    expect(button.disabled).toBe(true);
    await user.type(screen.getByRole('textbox', { name: 'Why (sent to the specialist)' }), ' longer needed');
    expect(button.disabled).toBe(false);
  });

  test('keeps the reason and says why when the proxy refuses, and a second try uses the same idempotency key', async () => {
    proxyStore.details['sr-1'] = openConsult();
    const keys: string[] = [];
    server.use(
      http.post(`${PROXY_BASE}/consults/:id/withdraw`, async ({ request }) => {
        keys.push(((await request.json()) as { idempotencyKey: string }).idempotencyKey);
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store is not answering. Try again in a minute.' } }] }, { status: 503 });
      }),
    );
    const { user } = renderWithSession(<Thread />);
    await withdraw(user);
    expect((await screen.findByRole('alert')).textContent).toContain('The consult was not withdrawn. The consult store is not answering.');
    expect((screen.getByRole('textbox', { name: 'Why (sent to the specialist)' }) as HTMLTextAreaElement).value).toBe(REASON);
    await user.click(screen.getByRole('button', { name: 'Withdraw consult' }));
    await expect.poll(() => keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  test('is not offered on an answered consult', async () => {
    proxyStore.details['sr-1'] = answeredConsult('sr-1');
    renderWithSession(<Thread />);
    await screen.findByRole('list', { name: 'Consult thread' });
    expect(screen.queryByText('Withdraw this consult')).toBeNull();
  });
});
