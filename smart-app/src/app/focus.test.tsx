import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import type { SpecialistConsultDetail } from '../lib/api-contract.ts';
import { earlierConsult, EHR_BASE, PROXY_BASE } from '../testing/fixtures.ts';
import { proxyStore } from '../testing/msw/handlers/proxy.ts';
import { specialistStore } from '../testing/msw/handlers/specialist-proxy.ts';
import { server } from '../testing/msw/server.ts';
import { renderApp } from '../testing/render.tsx';
import { answeredConsult, queueItem, specialistConsult, SPECIALIST_USER } from '../testing/specialist-fixtures.ts';

// After an action that replaces what the user was on, the keyboard lands where the next reading starts.
const focused = (): Element | null => document.activeElement;
const WRITE_SCOPE = 'launch openid fhirUser patient/*.rs patient/DocumentReference.c';
const asSpecialist = () => renderApp({ withPatient: false, fhirUser: 'Practitioner/spec-okafor', fhirUserUrl: SPECIALIST_USER });

describe('the requesting physician\'s focus', () => {
  test('moves to the confirmation once a consult is sent', async () => {
    const { user } = renderApp();
    const specialty = (await screen.findByRole('combobox', { name: 'Specialty' })) as HTMLSelectElement;
    await waitFor(() => expect(specialty.disabled).toBe(false));
    await user.selectOptions(specialty, 'Nephrology');
    await user.type(screen.getByRole('textbox', { name: /Clinical question/ }), 'Should we start an SGLT2 inhibitor at this eGFR?');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for consult' }), 'Type 2 diabetes mellitus');
    await user.click(screen.getByRole('button', { name: 'Send consult' }));
    const sent = await screen.findByText(/^Consult sent/);
    await waitFor(() => expect(focused()?.contains(sent)).toBe(true));
  });

  test('moves to the thread\'s heading when a consult is opened from the list', async () => {
    proxyStore.consults.push(earlierConsult);
    proxyStore.details[earlierConsult.id] = { ...answeredConsult(earlierConsult.id), specialty: 'Endocrinology' };
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: /^Open the Endocrinology thread:/ }));
    const heading = await screen.findByRole('heading', { name: 'Consult: Endocrinology' });
    expect(focused()).toBe(heading);
  });

  test('goes back to the thread\'s heading when Open is pressed on the thread already open', async () => {
    proxyStore.consults.push(earlierConsult);
    proxyStore.details[earlierConsult.id] = { ...answeredConsult(earlierConsult.id), specialty: 'Endocrinology' };
    const { user } = renderApp();
    const open = await screen.findByRole('button', { name: /^Open the Endocrinology thread:/ });
    await user.click(open);
    const heading = await screen.findByRole('heading', { name: 'Consult: Endocrinology' });
    open.focus();
    await user.click(open);
    await waitFor(() => expect(focused()).toBe(heading));
  });
});

describe('the requesting physician\'s focus after sending in a thread', () => {
  const openThread = async (user: ReturnType<typeof renderApp>['user']): Promise<void> => {
    await user.click(await screen.findByRole('button', { name: /^Open the Endocrinology thread:/ }));
    await screen.findByRole('heading', { name: 'Consult: Endocrinology' });
  };

  test('moves to the note that says the reply was sent', async () => {
    const answered = answeredConsult(earlierConsult.id);
    proxyStore.consults.push({ ...earlierConsult, status: 'active', state: 'clarification-requested', outcome: undefined });
    proxyStore.details[earlierConsult.id] = { ...answered, specialty: 'Endocrinology', status: 'active', state: 'clarification-requested', outcome: undefined, messages: answered.messages.slice(0, 2) };
    const { user } = renderApp();
    await openThread(user);
    await user.type(screen.getByRole('textbox', { name: 'Your answer to the specialist\'s question' }), 'UACR 410 mg/g.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    const note = await screen.findByText(/^Reply sent/);
    expect(focused()).toBe(note);
  });

  /** Opens an answered consult's thread and files its note, as the physician does with the mouse. */
  const fileTheNote = async (): Promise<void> => {
    proxyStore.consults.push(earlierConsult);
    proxyStore.details[earlierConsult.id] = { ...answeredConsult(earlierConsult.id), specialty: 'Endocrinology' };
    const { user } = renderApp({ scope: WRITE_SCOPE });
    await openThread(user);
    await user.click(await screen.findByRole('button', { name: 'File in chart…' }));
    await user.click(screen.getByRole('button', { name: 'Confirm and file' }));
  };

  test('moves to the note that says the consult note was filed in the chart', async () => {
    await fileTheNote();
    const note = await screen.findByText(/^Filed in the chart/);
    expect(focused()).toBe(note);
  });

  test('moves to why when the EHR does not accept the consult note', async () => {
    server.use(http.post(`${EHR_BASE}/DocumentReference`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status: 500 })));
    await fileTheNote();
    const why = await screen.findByText(/^The EHR did not accept the note/);
    expect(focused()).toBe(why);
  });

  test('stays on the thread\'s heading when the thread shows a note filed in an earlier session', async () => {
    proxyStore.consults.push(earlierConsult);
    proxyStore.details[earlierConsult.id] = { ...answeredConsult(earlierConsult.id), specialty: 'Endocrinology' };
    const first = renderApp({ scope: WRITE_SCOPE });
    await openThread(first.user);
    await first.user.click(await screen.findByRole('button', { name: 'File in chart…' }));
    await first.user.click(screen.getByRole('button', { name: 'Confirm and file' }));
    await screen.findByText(/^Filed in the chart/);
    first.unmount();
    const { user } = renderApp({ scope: WRITE_SCOPE });
    await openThread(user);
    await screen.findByText(/^Filed in the chart/);
    expect(focused()).toBe(screen.getByRole('heading', { name: 'Consult: Endocrinology' }));
  });
});

/** A specialist signed in with one consult, about Rosa Delgado, in the queue. */
function withOneConsultInQueue(detail = specialistConsult('sr-1')): ReturnType<typeof asSpecialist> {
  specialistStore.queue = [queueItem('sr-1')];
  specialistStore.details['sr-1'] = detail;
  return asSpecialist();
}

describe('focus after closing a consult', () => {
  test('returns to the consult\'s Open button when the requester closes its thread', async () => {
    proxyStore.consults.push(earlierConsult);
    proxyStore.details[earlierConsult.id] = { ...answeredConsult(earlierConsult.id), specialty: 'Endocrinology' };
    const { user } = renderApp();
    const open = await screen.findByRole('button', { name: /^Open the Endocrinology thread:/ });
    await user.click(open);
    await screen.findByRole('heading', { name: 'Consult: Endocrinology' });
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(focused()).toBe(open);
  });

  test('goes to the queue\'s heading when the specialist goes back to it', async () => {
    const { user } = withOneConsultInQueue();
    await user.click(await screen.findByRole('button', { name: 'Open the consult about Rosa Delgado' }));
    await user.click(await screen.findByRole('button', { name: 'Back to the queue' }));
    expect(focused()).toBe(await screen.findByRole('heading', { name: 'E-consult queue' }));
  });

  test('stays where it is when the queue first opens after sign-in', async () => {
    asSpecialist();
    await screen.findByText('No consults here.');
    expect(focused()).toBe(document.body);
  });
});

describe('the specialist\'s focus', () => {
  test('moves to the consult\'s heading when it is opened from the queue', async () => {
    const { user } = withOneConsultInQueue();
    await user.click(await screen.findByRole('button', { name: 'Open the consult about Rosa Delgado' }));
    const heading = await screen.findByRole('heading', { name: 'Nephrology e-consult: Rosa Delgado' });
    expect(focused()).toBe(heading);
  });

  test('moves to the consult\'s heading when it is claimed from the queue', async () => {
    const { user } = withOneConsultInQueue();
    await user.click(await screen.findByRole('button', { name: 'Claim the consult about Rosa Delgado' }));
    const heading = await screen.findByRole('heading', { name: 'Nephrology e-consult: Rosa Delgado' });
    expect(focused()).toBe(heading);
  });

  test('moves to the note that says the consult is now theirs when it is claimed in the consult', async () => {
    const { user } = withOneConsultInQueue();
    await user.click(await screen.findByRole('button', { name: 'Open the consult about Rosa Delgado' }));
    await user.click(await screen.findByRole('button', { name: 'Claim this consult' }));
    const note = await screen.findByText(/^You claimed this consult/);
    expect(focused()).toBe(note);
    expect(await screen.findByRole('textbox', { name: 'Your answer' })).toBeTruthy();
    expect(within(note.closest('section')!).queryByRole('button', { name: 'Claim this consult' })).toBeNull();
  });
});

describe('the specialist\'s focus after sending', () => {
  /** The specialist's own consult, opened from the queue. */
  async function openOwnConsult(): Promise<ReturnType<typeof asSpecialist>['user']> {
    const { user } = withOneConsultInQueue(specialistConsult('sr-1', { mine: true, claimable: false, state: 'accepted' }));
    await user.click(await screen.findByRole('button', { name: 'Open the consult about Rosa Delgado' }));
    await screen.findByRole('heading', { name: 'Nephrology e-consult: Rosa Delgado' });
    return user;
  }

  /** As the proxy does: once answered or declined, the consult reads as closed (its forms go). */
  function closesOn(action: string, state: SpecialistConsultDetail['state']): void {
    server.use(
      http.post(`${PROXY_BASE}/specialist/consults/:id/${action}`, ({ params }) => {
        const consult = specialistStore.details[String(params.id)];
        if (consult) {
          specialistStore.details[String(params.id)] = { ...consult, state, status: state === 'answered' ? 'completed' : 'revoked' };
        }
        // Nothing returned: the test proxy's own handler records the action and answers.
        return undefined;
      }),
    );
  }

  test('moves to the note that says the clarifying question was sent', async () => {
    const user = await openOwnConsult();
    await user.type(screen.getByRole('textbox', { name: 'Ask the requesting physician' }), 'What is the UACR?');
    await user.click(screen.getByRole('button', { name: 'Send question' }));
    const note = await screen.findByText(/^Question sent/);
    expect(focused()).toBe(note);
  });

  test('moves to the note that says the answer was sent and the consult closed', async () => {
    closesOn('answer', 'answered');
    const user = await openOwnConsult();
    await user.type(screen.getByRole('textbox', { name: 'Your answer' }), 'Reduce metformin to 500 mg twice daily.');
    await user.click(screen.getByRole('radio', { name: 'Advice only: no visit needed' }));
    await user.click(screen.getByRole('button', { name: 'Send answer and close the consult' }));
    const note = await screen.findByText(/^Answer sent/);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Send answer and close the consult' })).toBeNull());
    expect(focused()).toBe(note);
  });

  test('moves to the note that says the consult was declined', async () => {
    closesOn('decline', 'declined');
    const user = await openOwnConsult();
    await user.click(screen.getByText('Decline or redirect'));
    await user.type(screen.getByRole('textbox', { name: 'Reason (sent to the requesting physician)' }), 'This is a thyroid question.');
    await user.click(screen.getByRole('button', { name: 'Decline consult' }));
    const note = await screen.findByText(/^Consult declined/);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Decline consult' })).toBeNull());
    expect(focused()).toBe(note);
  });
});
