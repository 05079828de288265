import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../../../lib/api-contract.ts';
import { groupObservations } from '../../../lib/fhir/observations.ts';
import {
  ckdDiagnosis,
  diabetesProblem,
  egfrResult,
  hba1cResults,
  latexAllergy,
  metforminOrder,
  penicillinAllergy,
  PROXY_BASE,
} from '../../../testing/fixtures.ts';
import { proxyStore } from '../../../testing/msw/handlers/proxy.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import type { TestClientOptions } from '../../../testing/smart-client.ts';
import type { ClinicalItems } from '../api/share-options.ts';
import { ConsultComposer } from './ConsultComposer.tsx';

const items: ClinicalItems = {
  problems: [diabetesProblem, ckdDiagnosis],
  medications: [metforminOrder],
  allergies: [penicillinAllergy, latexAllergy],
  observations: groupObservations([...hba1cResults, egfrResult]),
};
const QUESTION = 'Is her eGFR decline expected on metformin, and should the dose change?';

function renderComposer(options: TestClientOptions = {}) {
  return renderWithSession(<ConsultComposer items={items} />, options);
}

function questionBox(): HTMLTextAreaElement {
  return screen.getByRole('textbox', { name: /Clinical question/ });
}

async function chooseSpecialty(user: UserEvent, name = 'Nephrology'): Promise<void> {
  const select = await screen.findByRole('combobox', { name: 'Specialty' });
  await waitFor(() => expect((select as HTMLSelectElement).disabled).toBe(false));
  await user.selectOptions(select, name);
}

async function writeConsult(user: UserEvent): Promise<void> {
  await chooseSpecialty(user);
  await user.type(questionBox(), QUESTION);
  await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for consult' }), 'Chronic kidney disease stage 3A');
}

function checkbox(name: string | RegExp): HTMLInputElement {
  return screen.getByRole('checkbox', { name });
}

/** The box that lists what to fix before sending, if there is one. */
function summary(): HTMLElement | null {
  return screen.queryByText('Check the consult before sending:')?.closest<HTMLElement>('.callout') ?? null;
}

function sendButton(): HTMLButtonElement {
  return screen.getByRole('button', { name: /Send consult|Sending/ });
}

describe('consult draft', () => {
  test('is saved as the physician types and comes back after a remount', async () => {
    const first = renderComposer();
    await writeConsult(first.user);
    first.unmount();
    renderComposer();
    expect(((await screen.findByRole('textbox', { name: /Clinical question/ })) as HTMLTextAreaElement).value).toBe(QUESTION);
    expect((screen.getByRole('combobox', { name: 'Reason for consult' }) as HTMLSelectElement).value).toBe(ckdDiagnosis.id);
  });

  test('does not appear in another patient’s chart', async () => {
    const first = renderComposer({ patient: 'patient-x' });
    await writeConsult(first.user);
    first.unmount();
    renderComposer({ patient: 'patient-y' });
    expect(((await screen.findByRole('textbox', { name: /Clinical question/ })) as HTMLTextAreaElement).value).toBe('');
    expect(Object.keys(localStorage).map(decodeURIComponent).join()).toContain('patient-x');
  });
});

describe('shared items', () => {
  test('says a group could not be read, or is still being read, rather than that the chart has none', async () => {
    renderWithSession(<ConsultComposer items={{ ...items, allergies: [], observations: [], unread: { allergies: 'failed', results: 'loading' } }} />);
    const group = (name: string): HTMLElement => screen.getByRole('group', { name });
    const RESULTS = 'Labs and vitals (latest, with recent results for the trend)';
    expect((await screen.findByRole('group', { name: 'Allergies' })).textContent).toContain('This could not be read from the chart. Reload to try again, or describe it in your question.');
    expect(group(RESULTS).textContent).toContain('Still reading this from the chart…');
    for (const name of ['Allergies', RESULTS]) {
      expect(group(name).textContent).not.toContain('None on the chart');
    }
  });

  test('shares allergies and active medications by default, but not problems or results', async () => {
    renderComposer();
    await screen.findByRole('group', { name: /Share with the consultant/ });
    expect(checkbox(/Penicillin/).checked).toBe(true);
    expect(checkbox(/Latex/).checked).toBe(true);
    expect(checkbox('Metformin 500 mg oral tablet').checked).toBe(true);
    expect(checkbox('Type 2 diabetes mellitus').checked).toBe(false);
    expect(checkbox(/^HbA1c: 7.4 %/).checked).toBe(false);
  });

  test('always shares the problem chosen as the reason', async () => {
    const { user } = renderComposer();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Reason for consult' }), 'Type 2 diabetes mellitus');
    const reasonBox = checkbox(/^Type 2 diabetes mellitus/);
    expect(reasonBox.checked).toBe(true);
    expect(reasonBox.disabled).toBe(true);
  });
});

describe('sharing a lab', () => {
  test('sends its latest result with the earlier ones, so the specialist sees the trend', async () => {
    const { user } = renderComposer();
    await writeConsult(user);
    await user.click(checkbox(/^HbA1c: 7.4 %.*\+ 2 earlier$/));
    await user.click(sendButton());
    await screen.findByRole('status');
    const shared = (proxyStore.received[0] as ConsultRequestInput).shared.filter((s) => s.type === 'Observation').map((s) => s.id);
    expect(shared).toEqual(['obs-a1c-2026', 'obs-a1c-2024', 'obs-a1c-2021']);
  });
});

describe('sending', () => {
  test('offers the sent consult\'s thread, where the specialist\'s answer will appear', async () => {
    const opened: string[] = [];
    const { user } = renderWithSession(<ConsultComposer items={items} onOpenConsult={(id) => opened.push(id)} />);
    await writeConsult(user);
    await user.click(sendButton());
    const sent = await screen.findByRole('status');
    await user.click(within(sent).getByRole('button', { name: 'Open its thread' }));
    expect(opened).toEqual(['sr-1']);
  });

  test('offers no thread to open where the page has none to show', async () => {
    const { user } = renderComposer();
    await writeConsult(user);
    await user.click(sendButton());
    expect(within(await screen.findByRole('status')).queryByRole('button')).toBeNull();
  });

  test('sends the consult, says where it went in words, and clears the draft', async () => {
    const { user } = renderComposer();
    await writeConsult(user);
    await user.click(sendButton());
    const sent = await screen.findByRole('status');
    expect(sent.textContent).toContain('Consult sent');
    expect(sent.textContent).toContain('To Nephrology e-consults · Routine');
    // Where it stands is the consult list's to say: it follows every later step, and this note would not.
    expect(sent.textContent).not.toContain('Waiting for a specialist');
    // The store's id and FHIR status mean nothing to a physician.
    expect(sent.textContent).not.toContain('sr-1');
    expect(sent.textContent).not.toContain('active');
    expect(questionBox().value).toBe('');
    expect(localStorage.length).toBe(0);
    expect(proxyStore.received[0]).toMatchObject({
      target: { kind: 'pool', healthcareServiceId: 'pool-nephrology' },
      question: QUESTION,
      urgency: 'routine',
      reasonConditionId: ckdDiagnosis.id,
      shared: [
        { type: 'Condition', id: ckdDiagnosis.id },
        { type: 'AllergyIntolerance', id: penicillinAllergy.id },
        { type: 'AllergyIntolerance', id: latexAllergy.id },
        { type: 'MedicationRequest', id: metforminOrder.id },
      ],
    });
  });

  test('keeps the draft after a 503, shows why, and Retry resends with the same idempotency key', async () => {
    const keys: string[] = [];
    server.use(
      http.post(
        `${PROXY_BASE}/consults`,
        async ({ request }) => {
          keys.push(((await request.json()) as ConsultRequestInput).idempotencyKey);
          return HttpResponse.json(
            { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The consult store is unavailable. Nothing was sent; please try again.' } }] },
            { status: 503 },
          );
        },
        { once: true },
      ),
    );
    const { user } = renderComposer();
    await writeConsult(user);
    await user.click(sendButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The consult was not sent. Your draft is kept.');
    expect(alert.textContent).toContain('The consult store is unavailable. Nothing was sent; please try again.');
    expect(questionBox().value).toBe(QUESTION);

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect((await screen.findByRole('status')).textContent).toContain('Consult sent');
    const retried = proxyStore.received[0] as ConsultRequestInput;
    expect(keys).toHaveLength(1);
    expect(retried.idempotencyKey).toBe(keys[0]);
  });

  test('names the field a 400 OperationOutcome points at', async () => {
    server.use(
      http.post(`${PROXY_BASE}/consults`, () =>
        HttpResponse.json(
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'invalid', details: { text: 'reasonConditionId: is not an active problem of this patient' }, expression: ['reasonConditionId'] }],
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderComposer();
    await writeConsult(user);
    await user.click(sendButton());
    expect((await screen.findByRole('alert')).textContent).toContain('Reason for consult: is not an active problem of this patient');
    expect(screen.getByRole('combobox', { name: 'Reason for consult' }).getAttribute('aria-invalid')).toBe('true');
  });

  test('does not send without a clinical question', async () => {
    const { user } = renderComposer();
    await chooseSpecialty(user);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for consult' }), 'Type 2 diabetes mellitus');
    await user.click(sendButton());
    expect((await screen.findByRole('alert')).textContent).toContain('Clinical question: write the clinical question (at least 10 characters)');
    expect(questionBox().getAttribute('aria-invalid')).toBe('true');
    expect(proxyStore.received).toEqual([]);
  });

  test('disables Send while sending, so a second click sends nothing more', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let posts = 0;
    server.use(
      http.post(`${PROXY_BASE}/consults`, async ({ request }) => {
        posts += 1;
        await held;
        const input = (await request.json()) as ConsultRequestInput;
        return HttpResponse.json({ consult: { id: 'sr-held', idempotencyKey: input.idempotencyKey, status: 'active', urgency: 'routine', specialty: 'Nephrology', target: 'Nephrology e-consults', question: input.question, authoredOn: undefined, sharedCount: 0, state: 'submitted' }, ehr: [] }, { status: 201 });
      }),
    );
    const { user } = renderComposer();
    await writeConsult(user);
    await user.click(sendButton());
    await waitFor(() => expect(sendButton().disabled).toBe(true));
    await user.click(sendButton());
    release();
    expect((await screen.findByRole('status')).textContent).toContain('Consult sent');
    expect(posts).toBe(1);
  });
});

describe('errors after a first Send', () => {
  const specialtyBox = (): HTMLElement => screen.getByRole('combobox', { name: 'Specialty' });

  test('go from each field as the physician fixes it, come back if it is broken again, and the summary goes with the last one', async () => {
    const { user } = renderComposer();
    await waitFor(() => expect((specialtyBox() as HTMLSelectElement).disabled).toBe(false));
    await user.click(sendButton());
    expect(summary()?.textContent).toContain('Send to: choose a specialty to send the consult to');
    expect(summary()?.textContent).toContain('Clinical question: write the clinical question (at least 10 characters)');

    await chooseSpecialty(user);
    expect(specialtyBox().getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText('choose a specialty to send the consult to')).toBeNull();
    expect(summary()?.textContent).not.toContain('Send to');
    expect(summary()?.textContent).toContain('Clinical question');

    await user.type(questionBox(), QUESTION);
    expect(questionBox().getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText('write the clinical question (at least 10 characters)')).toBeNull();
    expect(summary()?.textContent).not.toContain('Clinical question');

    await user.clear(questionBox());
    expect(questionBox().getAttribute('aria-invalid')).toBe('true');
    expect(summary()?.textContent).toContain('Clinical question: write the clinical question (at least 10 characters)');

    await user.type(questionBox(), QUESTION);
    // Still wrong, so still listed: the consult names no problem yet.
    expect(summary()?.textContent).toContain('Reason for consult: pick the problem this consult is about, or write a reason');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for consult' }), 'Type 2 diabetes mellitus');
    expect(summary()).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
    expect(proxyStore.received).toEqual([]);
  });

  test('are not shown while the physician writes before sending', async () => {
    const { user } = renderComposer();
    await user.type(await screen.findByRole('textbox', { name: /Clinical question/ }), 'Why?');
    await chooseSpecialty(user);
    await user.clear(questionBox());
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('are forgotten once the consult is sent: the next draft starts clean', async () => {
    const { user } = renderComposer();
    await waitFor(() => expect((specialtyBox() as HTMLSelectElement).disabled).toBe(false));
    await user.click(sendButton());
    await writeConsult(user);
    await user.click(sendButton());
    expect((await screen.findByRole('status')).textContent).toContain('Consult sent');
    expect(questionBox().value).toBe('');
    expect(questionBox().getAttribute('aria-invalid')).toBeNull();
    expect(summary()).toBeNull();
  });
});

describe('a clinical question longer than the proxy takes', () => {
  const TOO_LONG = 'x'.repeat(4500);

  test('is kept whole when pasted, says how much to shorten it, and is not sent until it fits', async () => {
    const { user } = renderComposer();
    await writeConsult(user);
    await user.clear(questionBox());
    questionBox().focus();
    await user.paste(TOO_LONG);
    expect(questionBox().value).toHaveLength(TOO_LONG.length);
    expect(questionBox().getAttribute('aria-invalid')).toBe('true');
    const count = document.getElementById('consult-question-count');
    expect(count?.textContent).toBe('4500 / 4000 characters: 500 too many. Shorten it by 500 characters to send it.');
    expect(questionBox().getAttribute('aria-describedby')).toContain('consult-question-count');

    await user.click(sendButton());
    expect(summary()?.textContent).toContain('Clinical question: is too long: at most 4,000 characters');
    expect(proxyStore.received).toEqual([]);

    await user.clear(questionBox());
    await user.paste(TOO_LONG.slice(0, 4000));
    expect(count?.textContent).toBe('4000 / 4000 characters');
    expect(summary()).toBeNull();
    await user.click(sendButton());
    expect((await screen.findByRole('status')).textContent).toContain('Consult sent');
    expect((proxyStore.received[0] as ConsultRequestInput).question).toHaveLength(4000);
  });

  test('keeps an "Other" reason whole too, and says how much to shorten it', async () => {
    const { user } = renderComposer();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Reason for consult' }), 'Other (write the reason)');
    const reason = screen.getByRole('textbox', { name: 'Other reason' }) as HTMLInputElement;
    reason.focus();
    await user.paste('r'.repeat(520));
    expect(reason.value).toHaveLength(520);
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/^520 \/ 500 characters/).textContent).toContain('Shorten it by 20 characters to send it.');
  });
});

describe('target', () => {
  test('offers the specialty’s pool and its named specialists, and sends to the one chosen', async () => {
    const { user } = renderComposer();
    await writeConsult(user);
    const targets = screen.getByRole('group', { name: 'Send to' });
    expect(within(targets).getAllByRole('radio').map((r) => r.parentElement?.textContent)).toEqual(['Nephrology pool — first available', 'Dr. Chidi Okafor']);
    expect((within(targets).getByRole('radio', { name: 'Nephrology pool — first available' }) as HTMLInputElement).checked).toBe(true);
    await user.click(within(targets).getByRole('radio', { name: 'Dr. Chidi Okafor' }));
    await user.click(sendButton());
    await screen.findByRole('status');
    expect(proxyStore.received[0]).toMatchObject({ target: { kind: 'specialist', practitionerRoleId: 'role-nephro-okafor' } });
  });
});
