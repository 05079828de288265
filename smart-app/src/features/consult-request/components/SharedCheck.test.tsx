import { screen, waitFor } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import type { SharedCheckInput, SharedCheckResult } from '../../../lib/api-contract.ts';
import { groupObservations } from '../../../lib/fhir/observations.ts';
import { ckdDiagnosis, diabetesProblem, egfrResult, hba1cResults, latexAllergy, metforminOrder, penicillinAllergy, PROXY_BASE } from '../../../testing/fixtures.ts';
import { proxyStore } from '../../../testing/msw/handlers/proxy.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import type { ClinicalItems } from '../api/share-options.ts';
import { CHECK_DEBOUNCE_MS } from '../hooks/useSharedCheck.ts';
import { ConsultComposer } from './ConsultComposer.tsx';

const items: ClinicalItems = {
  problems: [diabetesProblem, ckdDiagnosis],
  medications: [metforminOrder],
  allergies: [penicillinAllergy, latexAllergy],
  observations: groupObservations([...hba1cResults, egfrResult]),
};
const NOT_VALID = 'This allergy is recorded in a form that is not valid FHIR, so Curbside cannot send it. Untick it, or describe it in your question.';
const renderComposer = () => renderWithSession(<ConsultComposer items={items} />);
const checkbox = (name: string | RegExp): HTMLInputElement => screen.getByRole('checkbox', { name });

async function startConsult(user: UserEvent): Promise<void> {
  const select = await screen.findByRole('combobox', { name: 'Specialty' });
  await waitFor(() => expect((select as HTMLSelectElement).disabled).toBe(false));
  await user.selectOptions(select, 'Nephrology');
  await user.type(screen.getByRole('textbox', { name: /Clinical question/ }), 'Is her eGFR decline expected on metformin?');
  await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for consult' }), 'Chronic kidney disease stage 3A');
}

const sorted = (input: SharedCheckInput | undefined) => input && { ...input, shared: [...input.shared].sort((a, b) => a.id.localeCompare(b.id)) };

describe('checking the shared items while the physician writes', () => {
  test('nothing is checked on opening the chart; once writing, the ticked items and the reason are', async () => {
    const { user } = renderComposer();
    await screen.findByRole('group', { name: /Share with the consultant/ });
    await new Promise((resolve) => setTimeout(resolve, CHECK_DEBOUNCE_MS + 100));
    expect(proxyStore.checks).toEqual([]);
    await startConsult(user);
    await waitFor(() =>
      expect(sorted(proxyStore.checks.at(-1))).toEqual({
        reasonConditionId: ckdDiagnosis.id,
        shared: [
          { type: 'Condition', id: ckdDiagnosis.id },
          { type: 'AllergyIntolerance', id: latexAllergy.id },
          { type: 'MedicationRequest', id: metforminOrder.id },
          { type: 'AllergyIntolerance', id: penicillinAllergy.id },
        ].sort((a, b) => a.id.localeCompare(b.id)),
      }),
    );
  });

  test('says next to a ticked item that it is not valid FHIR, before Send, until it is unticked', async () => {
    proxyStore.unsendable[`AllergyIntolerance/${latexAllergy.id}`] = { status: 'invalid', text: NOT_VALID };
    const { user } = renderComposer();
    await startConsult(user);
    const problem = await screen.findByText(NOT_VALID);
    expect(checkbox(/Latex/).getAttribute('aria-invalid')).toBe('true');
    expect(checkbox(/Latex/).getAttribute('aria-describedby')).toBe(problem.id);
    expect(checkbox(/Penicillin/).getAttribute('aria-invalid')).toBeNull();
    expect(proxyStore.received).toEqual([]);
    await user.click(checkbox(/Latex/));
    expect(screen.queryByText(NOT_VALID)).toBeNull();
  });

  test('names an earlier result that cannot be sent on the lab it goes with', async () => {
    proxyStore.unsendable['Observation/obs-a1c-2021'] = { status: 'invalid', text: 'This result is recorded in a form that is not valid FHIR, so Curbside cannot send it.' };
    const { user } = renderComposer();
    await startConsult(user);
    await user.click(checkbox(/^HbA1c: 7.4 %/));
    expect((await screen.findByText(/^An earlier result sent with it: This result is recorded/)).id).toBe(checkbox(/^HbA1c: 7.4 %/).getAttribute('aria-describedby'));
  });

  test('an answer to a selection that has changed since is not shown', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answeredFirst = false;
    let calls = 0;
    server.use(
      http.post(`${PROXY_BASE}/consults/shared-check`, async ({ request }) => {
        const body = (await request.json()) as SharedCheckInput;
        const call = (calls += 1);
        if (call === 1) {
          await held;
        }
        // Only the first answer (to the selection before the change) says the latex allergy cannot be sent.
        const result: SharedCheckResult = { items: body.shared.map((i) => (call === 1 && i.id === latexAllergy.id ? { ...i, status: 'invalid', text: NOT_VALID } : { ...i, status: 'shareable' })), blockers: [], freshForSeconds: 300 };
        answeredFirst ||= call === 1;
        return HttpResponse.json(result);
      }),
    );
    const { user } = renderComposer();
    await startConsult(user);
    await waitFor(() => expect(calls).toBe(1));
    await user.click(checkbox('Metformin 500 mg oral tablet'));
    await waitFor(() => expect(calls).toBe(2));
    release();
    await waitFor(() => expect(answeredFirst).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByText(NOT_VALID)).toBeNull();
  });

  test('what was checked is checked again when the physician writes on after half of the time the proxy keeps it', async () => {
    const bodies: SharedCheckInput[] = [];
    server.use(
      http.post(`${PROXY_BASE}/consults/shared-check`, async ({ request }) => {
        const body = (await request.json()) as SharedCheckInput;
        bodies.push(body);
        return HttpResponse.json({ items: body.shared.map((i) => ({ ...i, status: 'shareable' as const })), blockers: [], freshForSeconds: 0.2 } satisfies SharedCheckResult);
      }),
    );
    const { user } = renderComposer();
    await startConsult(user);
    await waitFor(() => expect(bodies).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await user.type(screen.getByRole('textbox', { name: /Clinical question/ }), ' And the dose?');
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(sorted(bodies[1])).toEqual(sorted(bodies[0]));
  });

  test('says, once writing, when the patient\'s record in the EHR keeps any consult from being sent', async () => {
    const BLOCKER = "This patient's record in the EHR is not valid FHIR (Patient.birthDate), so Curbside cannot send a consult about them. Please tell your EHR administrator.";
    server.use(
      http.post(`${PROXY_BASE}/consults/shared-check`, async ({ request }) => {
        const body = (await request.json()) as SharedCheckInput;
        return HttpResponse.json({ items: body.shared.map((i) => ({ ...i, status: 'shareable' as const })), blockers: [BLOCKER], freshForSeconds: 300 } satisfies SharedCheckResult);
      }),
    );
    const { user } = renderComposer();
    await startConsult(user);
    expect((await screen.findByText(BLOCKER)).getAttribute('role')).toBe('alert');
  });

  test('a check that fails shows nothing, and the consult is still sent', async () => {
    server.use(http.post(`${PROXY_BASE}/consults/shared-check`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The EHR is busy.' } }] }, { status: 503 })));
    const { user } = renderComposer();
    await startConsult(user);
    await user.click(screen.getByRole('button', { name: /Send consult/ }));
    expect((await screen.findByRole('status')).textContent).toContain('Consult sent');
    expect(screen.queryByText(/EHR is busy/)).toBeNull();
  });
});
