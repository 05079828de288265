import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { PROXY_BASE } from '../../../testing/fixtures.ts';
import { specialistStore } from '../../../testing/msw/handlers/specialist-proxy.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import { specialistConsult, SPECIALIST_USER } from '../../../testing/specialist-fixtures.ts';
import { SpecialistConsultView } from './SpecialistConsultView.tsx';

const noop = (): void => undefined;
const renderView = (onBack = noop) =>
  renderWithSession(<SpecialistConsultView consultId="sr-1" refreshKey={0} onChanged={noop} onBack={onBack} />, { withPatient: false, fhirUser: 'Practitioner/spec-okafor', fhirUserUrl: SPECIALIST_USER });

describe('the specialist\'s consult view', () => {
  test('offers Try again when the consult could not be reached, and shows the consult once it is read again', async () => {
    specialistStore.details['sr-1'] = specialistConsult();
    server.use(http.get(`${PROXY_BASE}/specialist/consults/:id`, () => HttpResponse.error(), { once: true }));
    const { user } = renderView();
    expect((await screen.findByRole('alert')).textContent).toContain('could not reach its server');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('eGFR fell from 58 to 44 in a year on metformin: stop it, and refer?', { selector: '.question p' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  test('shows the question and the shared packet: allergies, medications, problems and labs with their trend', async () => {
    specialistStore.details['sr-1'] = specialistConsult();
    renderView();
    expect(await screen.findByText('eGFR fell from 58 to 44 in a year on metformin: stop it, and refer?', { selector: '.question p' })).toBeTruthy();
    const packet = screen.getByRole('region', { name: 'Shared from the chart' });
    expect(within(packet).getByRole('region', { name: 'Allergies' }).textContent).toContain('Penicillin');
    expect(within(packet).getByRole('region', { name: 'Active medications' }).textContent).toContain('Metformin 500 mg');
    expect(within(packet).getByRole('region', { name: 'Problems' }).textContent).toContain('Type 2 diabetes mellitus');
    expect(within(packet).getByRole('img', { name: 'HbA1c: 6.8, 7.1, 7.4 % from 2021 to 2026' })).toBeTruthy();
  });

  test('says a section was not shared, never that the patient has none, when the requester shared nothing of it', async () => {
    const consult = specialistConsult();
    specialistStore.details['sr-1'] = { ...consult, packet: { allergies: [], medications: [], problems: [], observations: [] } };
    renderView();
    const packet = await screen.findByRole('region', { name: 'Shared from the chart' });
    for (const section of ['Allergies', 'Problems', 'Active medications', 'Labs and vitals']) {
      const text = within(packet).getByRole('region', { name: section }).textContent ?? '';
      expect(text).toMatch(/^.+No \w+ were shared\. The chart may have some/);
      expect(text).not.toMatch(/recorded|no known/i);
    }
  });

  test('sends the final answer with its outcome only once an outcome is chosen', async () => {
    specialistStore.details['sr-1'] = specialistConsult('sr-1', { mine: true, claimable: false, state: 'accepted' });
    const { user } = renderView();
    await user.type(await screen.findByRole('textbox', { name: 'Your answer' }), 'Reduce metformin to 500 mg twice daily.');
    const send = screen.getByRole('button', { name: 'Send answer and close the consult' });
    expect((send as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Advice only: no visit needed' }));
    await user.click(send);
    await expect.poll(() => specialistStore.actions.map((a) => a.action)).toEqual(['answer']);
    expect(specialistStore.actions[0]?.body).toEqual({ idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/), text: 'Reduce metformin to 500 mg twice daily.', outcome: 'advice-only' });
  });

  test('keeps an unsent answer and question through Back to the queue or a reload, per consult, and forgets each once it is sent', async () => {
    specialistStore.details['sr-1'] = specialistConsult('sr-1', { mine: true, claimable: false, state: 'accepted' });
    specialistStore.details['sr-2'] = specialistConsult('sr-2', { mine: true, claimable: false, state: 'accepted' });
    const answer = 'Reduce metformin to 500 mg twice daily; start an SGLT2 inhibitor.';
    const first = renderView();
    await first.user.type(await screen.findByRole('textbox', { name: 'Your answer' }), answer);
    await first.user.type(screen.getByRole('textbox', { name: 'Ask the requesting physician' }), 'What is the UACR?');
    first.unmount();
    // Another consult's boxes start empty.
    const other = renderWithSession(<SpecialistConsultView consultId="sr-2" refreshKey={0} onChanged={noop} onBack={noop} />, { withPatient: false, fhirUser: 'Practitioner/spec-okafor', fhirUserUrl: SPECIALIST_USER });
    expect(((await screen.findByRole('textbox', { name: 'Your answer' })) as HTMLTextAreaElement).value).toBe('');
    other.unmount();
    const { user, unmount } = renderView();
    const box = (name: string) => screen.getByRole('textbox', { name }) as HTMLTextAreaElement;
    await screen.findByRole('textbox', { name: 'Your answer' });
    expect([box('Your answer').value, box('Ask the requesting physician').value]).toEqual([answer, 'What is the UACR?']);
    await user.click(screen.getByRole('button', { name: 'Send question' }));
    await user.click(screen.getByRole('radio', { name: 'Advice only: no visit needed' }));
    await user.click(screen.getByRole('button', { name: 'Send answer and close the consult' }));
    await expect.poll(() => specialistStore.actions.map((a) => [a.action, (a.body as { text: string }).text])).toEqual([['messages', 'What is the UACR?'], ['answer', answer]]);
    unmount();
    renderView();
    await screen.findByRole('textbox', { name: 'Your answer' });
    expect([box('Your answer').value, box('Ask the requesting physician').value]).toEqual(['', '']);
  });

  test('asks the requesting physician a clarifying question', async () => {
    specialistStore.details['sr-1'] = specialistConsult('sr-1', { mine: true, claimable: false, state: 'accepted' });
    const { user } = renderView();
    await user.type(await screen.findByRole('textbox', { name: 'Ask the requesting physician' }), 'What is the UACR?');
    await user.click(screen.getByRole('button', { name: 'Send question' }));
    await expect.poll(() => specialistStore.actions.map((a) => [a.action, (a.body as { text: string }).text])).toEqual([['messages', 'What is the UACR?']]);
  });

  test('redirects to another specialty with a reason (the current one is not offered), then goes back to the queue', async () => {
    specialistStore.details['sr-1'] = specialistConsult();
    const onBack = vi.fn();
    const { user } = renderView(onBack);
    await user.click(await screen.findByText('Decline or redirect'));
    const target = screen.getByRole('combobox', { name: 'Redirect to' });
    expect(within(target).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a specialty', 'Endocrinology']);
    await user.type(screen.getByRole('textbox', { name: 'Reason (sent to the requesting physician)' }), 'This is a thyroid question.');
    await user.selectOptions(target, 'Endocrinology');
    await user.click(screen.getByRole('button', { name: 'Redirect consult' }));
    await expect.poll(() => specialistStore.actions[0]).toMatchObject({ action: 'redirect', body: { healthcareServiceId: 'pool-endocrinology', reason: 'This is a thyroid question.' } });
    await expect.poll(() => onBack.mock.calls.length).toBe(1);
  });

  test('says why no specialty can be chosen for a redirect when the directory could not be read, and offers it again on Try again', async () => {
    specialistStore.details['sr-1'] = specialistConsult();
    server.use(
      http.get(`${PROXY_BASE}/specialist/directory`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store is unavailable.' } }] }, { status: 503 }), { once: true }),
    );
    const { user } = renderView();
    await user.click(await screen.findByText('Decline or redirect'));
    const target = screen.getByRole('combobox', { name: 'Redirect to' });
    expect((await screen.findByRole('alert')).textContent).toBe('The specialty list could not be loaded. The consult store is unavailable.');
    expect((target as HTMLSelectElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await expect.poll(() => within(target).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a specialty', 'Endocrinology']);
    expect((target as HTMLSelectElement).disabled).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(target);
    // Declining never needed the list.
    expect(screen.getByRole('button', { name: 'Decline consult' })).toBeTruthy();
  });

  test('counts the answer against the proxy\'s 8,000 characters, keeps a longer one whole, and sends it only once it fits', async () => {
    specialistStore.details['sr-1'] = specialistConsult('sr-1', { mine: true, claimable: false, state: 'accepted' });
    const { user } = renderView();
    const box = (await screen.findByRole('textbox', { name: 'Your answer' })) as HTMLTextAreaElement;
    const send = screen.getByRole('button', { name: 'Send answer and close the consult' }) as HTMLButtonElement;
    await user.click(screen.getByRole('radio', { name: 'Advice only: no visit needed' }));
    // Pasted in one go: typing 8,000 characters one by one would only slow the test.
    fireEvent.change(box, { target: { value: 'a'.repeat(9000) } });
    expect(box.value).toHaveLength(9000);
    const count = screen.getByText(/^9000 \/ 8000 characters/);
    expect(count.textContent).toContain(': 1000 too many.');
    expect(box.getAttribute('aria-describedby')).toBe(count.id);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(send.disabled).toBe(true);
    // White space around the text is not sent, so it does not count.
    fireEvent.change(box, { target: { value: `${'a'.repeat(8000)}\n\n` } });
    expect(count.textContent).toBe('8000 / 8000 characters');
    expect(send.disabled).toBe(false);
    await user.click(send);
    await expect.poll(() => specialistStore.actions.map((a) => [a.action, (a.body as { text: string }).text.length])).toEqual([['answer', 8000]]);
  });

  test('counts the clarifying question against the same 8,000 characters and will not send a longer one', async () => {
    specialistStore.details['sr-1'] = specialistConsult('sr-1', { mine: true, claimable: false, state: 'accepted' });
    renderView();
    const box = (await screen.findByRole('textbox', { name: 'Ask the requesting physician' })) as HTMLTextAreaElement;
    const send = screen.getByRole('button', { name: 'Send question' }) as HTMLButtonElement;
    fireEvent.change(box, { target: { value: 'q'.repeat(8001) } });
    const count = screen.getByText(/^8001 \/ 8000 characters/);
    expect(count.textContent).toContain(': 1 too many.');
    expect(box.getAttribute('aria-describedby')).toBe(count.id);
    expect(send.disabled).toBe(true);
    fireEvent.change(box, { target: { value: 'q'.repeat(8000) } });
    expect(send.disabled).toBe(false);
  });

  test('will not decline or redirect with a reason over the proxy\'s 2,000 characters, and says how much to shorten it', async () => {
    specialistStore.details['sr-1'] = specialistConsult();
    const { user } = renderView();
    await user.click(await screen.findByText('Decline or redirect'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Redirect to' }), 'Endocrinology');
    const box = screen.getByRole('textbox', { name: 'Reason (sent to the requesting physician)' }) as HTMLTextAreaElement;
    const decline = screen.getByRole('button', { name: 'Decline consult' }) as HTMLButtonElement;
    const redirect = screen.getByRole('button', { name: 'Redirect consult' }) as HTMLButtonElement;
    fireEvent.change(box, { target: { value: 'r'.repeat(2001) } });
    expect(box.value).toHaveLength(2001);
    const count = screen.getByText(/^2001 \/ 2000 characters/);
    expect(count.textContent).toContain(': 1 too many.');
    expect(box.getAttribute('aria-describedby')).toBe(count.id);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect([decline.disabled, redirect.disabled]).toEqual([true, true]);
    fireEvent.change(box, { target: { value: 'r'.repeat(2000) } });
    expect(count.textContent).toBe('2000 / 2000 characters');
    expect([decline.disabled, redirect.disabled]).toEqual([false, false]);
    await user.click(decline);
    await expect.poll(() => specialistStore.actions.map((a) => [a.action, (a.body as { reason: string }).reason.length])).toEqual([['decline', 2000]]);
  });

  test('a consult the requester withdrew reads as withdrawn, with their reason and nothing left to do', async () => {
    const detail = specialistConsult('sr-1', { mine: true, claimable: false, state: 'withdrawn' });
    const withdrawal = { id: 'w-1', kind: 'withdraw' as const, from: 'requester' as const, senderName: 'Dr. Maya Chen', text: 'Admitted overnight.', sentAt: '2026-11-21T09:00:00.000Z', inResponseTo: undefined, outcome: undefined };
    specialistStore.details['sr-1'] = { ...detail, status: 'revoked', messages: [...detail.messages, withdrawal] };
    renderView();
    expect(await screen.findByText('Withdrawn')).toBeTruthy();
    expect(screen.getByText('Admitted overnight.')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByText('Decline or redirect')).toBeNull();
  });

  test('a consult the specialist may not see reads as "not found"', async () => {
    renderView();
    expect((await screen.findByRole('alert')).textContent).toBe('There is no such consult for you.');
  });
});
