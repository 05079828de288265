import { screen, waitFor, within } from '@testing-library/react';
import { expect, test } from 'vitest';
import { renderApp } from '../testing/render.tsx';

test('has a header and main landmark, with headings in order', async () => {
  renderApp();
  await screen.findByText(/Chart loaded/);
  expect(screen.getByRole('banner')).toBeTruthy();
  expect(screen.getByRole('main')).toBeTruthy();
  const levels = screen.getAllByRole('heading').map((h) => Number(h.tagName.slice(1)));
  expect(levels[0]).toBe(1);
  levels.slice(1).forEach((level, i) => expect(level - (levels[i] ?? 0)).toBeLessThanOrEqual(1));
});

test('refreshes "Consults for this patient" after a consult is sent', async () => {
  const { user } = renderApp();
  await screen.findByText(/Chart loaded/);
  const list = screen.getByRole('region', { name: 'Consults for this patient' });
  await within(list).findByText('No consults yet for this patient.');

  const specialty = screen.getByRole('combobox', { name: 'Specialty' }) as HTMLSelectElement;
  await waitFor(() => expect(specialty.disabled).toBe(false));
  await user.selectOptions(specialty, 'Nephrology');
  await user.type(screen.getByRole('textbox', { name: /Clinical question/ }), 'Should we start an SGLT2 inhibitor at this eGFR?');
  await user.selectOptions(screen.getByRole('combobox', { name: 'Reason for consult' }), 'Type 2 diabetes mellitus');
  await user.click(screen.getByRole('button', { name: 'Send consult' }));

  const row = await within(list).findByRole('row', { name: /Nephrology/ });
  expect(within(row).getAllByRole('cell').map((cell) => cell.textContent)).toContain('Nephrology e-consults');
});
