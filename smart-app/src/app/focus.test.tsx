import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { earlierConsult } from '../testing/fixtures.ts';
import { proxyStore } from '../testing/msw/handlers/proxy.ts';
import { specialistStore } from '../testing/msw/handlers/specialist-proxy.ts';
import { renderApp } from '../testing/render.tsx';
import { answeredConsult, queueItem, specialistConsult, SPECIALIST_USER } from '../testing/specialist-fixtures.ts';

// After an action that replaces what the user was on, the keyboard lands where the next reading starts.
const focused = (): Element | null => document.activeElement;
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
    await user.click(await screen.findByRole('button', { name: /^Open the Endocrinology thread/ }));
    const heading = await screen.findByRole('heading', { name: 'Consult: Endocrinology' });
    expect(focused()).toBe(heading);
  });
});

describe('focus after closing a consult', () => {
  test('returns to the consult\'s Open button when the requester closes its thread', async () => {
    proxyStore.consults.push(earlierConsult);
    proxyStore.details[earlierConsult.id] = { ...answeredConsult(earlierConsult.id), specialty: 'Endocrinology' };
    const { user } = renderApp();
    const open = await screen.findByRole('button', { name: /^Open the Endocrinology thread/ });
    await user.click(open);
    await screen.findByRole('heading', { name: 'Consult: Endocrinology' });
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(focused()).toBe(open);
  });

  test('goes to the queue\'s heading when the specialist goes back to it', async () => {
    specialistStore.queue = [queueItem('sr-1')];
    specialistStore.details['sr-1'] = specialistConsult('sr-1');
    const { user } = asSpecialist();
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
    specialistStore.queue = [queueItem('sr-1')];
    specialistStore.details['sr-1'] = specialistConsult('sr-1');
    const { user } = asSpecialist();
    await user.click(await screen.findByRole('button', { name: 'Open the consult about Rosa Delgado' }));
    const heading = await screen.findByRole('heading', { name: 'Nephrology e-consult: Rosa Delgado' });
    expect(focused()).toBe(heading);
  });

  test('moves to the consult\'s heading when it is claimed from the queue', async () => {
    specialistStore.queue = [queueItem('sr-1')];
    specialistStore.details['sr-1'] = specialistConsult('sr-1');
    const { user } = asSpecialist();
    await user.click(await screen.findByRole('button', { name: 'Claim the consult about Rosa Delgado' }));
    const heading = await screen.findByRole('heading', { name: 'Nephrology e-consult: Rosa Delgado' });
    expect(focused()).toBe(heading);
  });

  test('moves to the note that says the consult is now theirs when it is claimed in the consult', async () => {
    specialistStore.queue = [queueItem('sr-1')];
    specialistStore.details['sr-1'] = specialistConsult('sr-1');
    const { user } = asSpecialist();
    await user.click(await screen.findByRole('button', { name: 'Open the consult about Rosa Delgado' }));
    await user.click(await screen.findByRole('button', { name: 'Claim this consult' }));
    const note = await screen.findByText(/^You claimed this consult/);
    expect(focused()).toBe(note);
    expect(await screen.findByRole('textbox', { name: 'Your answer' })).toBeTruthy();
    expect(within(note.closest('section')!).queryByRole('button', { name: 'Claim this consult' })).toBeNull();
  });
});
