import { screen, waitFor } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../../../lib/api-contract.ts';
import { ckdDiagnosis, diabetesProblem, metforminOrder, penicillinAllergy, PROXY_BASE } from '../../../testing/fixtures.ts';
import { proxyStore } from '../../../testing/msw/handlers/proxy.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import type { TestClientOptions } from '../../../testing/smart-client.ts';
import type { ClinicalItems } from '../api/share-options.ts';
import { ConsultComposer } from './ConsultComposer.tsx';

const items: ClinicalItems = { problems: [diabetesProblem, ckdDiagnosis], medications: [metforminOrder], allergies: [penicillinAllergy], observations: [] };
const QUESTION = 'Potassium 5.4 on lisinopril with eGFR 44: stop the ACE inhibitor or add a binder?';

/** The proxy answers 503 (the store is down) and records each idempotency key it was sent. */
function storeDown(once = false): string[] {
  const keys: string[] = [];
  server.use(
    http.post(
      `${PROXY_BASE}/consults`,
      async ({ request }) => {
        keys.push(((await request.json()) as ConsultRequestInput).idempotencyKey);
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store cannot be reached right now. Please try again in a moment.' } }] }, { status: 503 });
      },
      { once },
    ),
  );
  return keys;
}

async function writeAndSend(user: UserEvent): Promise<void> {
  const specialty = await screen.findByRole('combobox', { name: 'Specialty' });
  await waitFor(() => expect((specialty as HTMLSelectElement).disabled).toBe(false));
  await user.selectOptions(specialty, 'Nephrology');
  await user.type(screen.getByRole('textbox', { name: /Clinical question/ }), QUESTION);
  await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for consult' }), 'Chronic kidney disease stage 3A');
  await user.click(screen.getByRole('button', { name: 'Send consult' }));
}

const render = (options: TestClientOptions = {}) => renderWithSession(<ConsultComposer items={items} />, options);
const outboxKeys = (): string[] => Object.keys(localStorage).filter((k) => k.startsWith('curbside.consult-outbox'));
const questionBox = (): HTMLTextAreaElement => screen.getByRole('textbox', { name: /Clinical question/ });

describe('the outbox', () => {
  test('keeps a consult the store could not take across a reload, locked as written, and sends it once at the next start', async () => {
    const refused = storeDown();
    const first = render();
    await writeAndSend(first.user);
    expect((await screen.findByRole('alert')).textContent).toMatch(/The consult was not sent\. Your draft is kept\.[\s\S]*automatically when the consult store is back/);
    expect(questionBox().matches(':disabled')).toBe(true);
    first.unmount();
    expect(outboxKeys()).toHaveLength(1);

    server.resetHandlers();
    render();
    expect((await screen.findByText(/^Consult sent/)).closest('[role="status"]')).toBeTruthy();
    expect(proxyStore.consults.map((c) => c.idempotencyKey)).toEqual([refused[0]]);
    expect(questionBox().value).toBe('');
    expect(questionBox().matches(':disabled')).toBe(false);
    expect(outboxKeys()).toEqual([]);
  });

  test('sends a queued consult as soon as the browser is back online', async () => {
    const refused = storeDown(true);
    const { user } = render();
    await writeAndSend(user);
    await screen.findByRole('alert');
    window.dispatchEvent(new Event('online'));
    expect(await screen.findByText(/^Consult sent/)).toBeTruthy();
    expect(proxyStore.consults.map((c) => c.idempotencyKey)).toEqual(refused);
  });

  test('tries again by itself on a backoff timer', async () => {
    storeDown(true);
    const { user } = render();
    await writeAndSend(user);
    await screen.findByRole('alert');
    expect(await screen.findByText(/^Consult sent/, {}, { timeout: 8_000 })).toBeTruthy();
    expect(proxyStore.consults).toHaveLength(1);
  }, 12_000);

  test('belongs to one user and patient: another patient\'s chart does not send it', async () => {
    const refused = storeDown();
    const first = render({ patient: 'patient-x' });
    await writeAndSend(first.user);
    await screen.findByRole('alert');
    first.unmount();
    server.resetHandlers();
    let posts = 0;
    server.events.on('request:start', ({ request }) => void (request.method === 'POST' && posts++));
    render({ patient: 'patient-y' });
    await screen.findByRole('combobox', { name: 'Specialty' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.events.removeAllListeners();
    expect(posts).toBe(0);
    expect(outboxKeys().map(decodeURIComponent).join()).toContain('patient-x');
    expect(refused).toHaveLength(1);
  });

  test('lets go of a consult the proxy refuses for good, and unlocks the draft to fix it', async () => {
    server.use(
      http.post(`${PROXY_BASE}/consults`, () =>
        HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', details: { text: 'The chosen specialty is no longer taking e-consults.' }, expression: ['target'] }] }, { status: 422 }),
      ),
    );
    const { user } = render();
    await writeAndSend(user);
    expect((await screen.findByRole('alert')).textContent).toContain('The consult was not sent. Your draft is kept.');
    expect(outboxKeys()).toEqual([]);
    expect(questionBox().matches(':disabled')).toBe(false);
  });
});
