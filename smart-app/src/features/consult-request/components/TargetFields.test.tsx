import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { PROXY_BASE } from '../../../testing/fixtures.ts';
import { server } from '../../../testing/msw/server.ts';
import { renderWithSession } from '../../../testing/render.tsx';
import { ConsultComposer } from './ConsultComposer.tsx';

const noItems = { problems: [], medications: [], allergies: [], observations: [] };

test('offers Try again when the specialty list cannot be loaded, with the proxy\'s words, then lets the physician choose', async () => {
  server.use(
    http.get(`${PROXY_BASE}/directory`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'The specialist directory is unavailable.' } }] }, { status: 503 }), { once: true }),
  );
  const { user } = renderWithSession(<ConsultComposer items={noItems} />);
  expect((await screen.findByRole('alert')).textContent).toBe('The specialty list could not be loaded. The specialist directory is unavailable.');
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  const specialty = screen.getByRole('combobox', { name: 'Specialty' });
  await expect.poll(() => within(specialty).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a specialty…', 'Nephrology', 'Endocrinology']);
  expect(document.activeElement).toBe(specialty);
});
