import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { outboxStorageKey } from '../features/consult-request/api/outbox.ts';
import { chartX, EHR_BASE, earlierConsult, patientX, PRACTITIONER_USER, PROXY_BASE } from '../testing/fixtures.ts';
import { ehrFhirHandlers } from '../testing/msw/handlers/ehr-fhir.ts';
import { proxyStore } from '../testing/msw/handlers/proxy.ts';
import { server } from '../testing/msw/server.ts';
import { renderApp } from '../testing/render.tsx';

// Free text reaches the app from the EHR (names, MRNs), from other physicians (questions, specialist
// names via the proxy) and from this device's storage. Each must show as text and never become markup.
const IMG = '<img src=x onerror="window.__injected=1">';
const SCRIPT = '<script>window.__injected=1</script>';
const BOLD = '<b>Cardiology</b>';

test('HTML in a patient name, an MRN, a consult and a queued question is rendered as text', async () => {
  server.use(
    ...ehrFhirHandlers([{ ...chartX, patient: { ...patientX, name: [{ use: 'official', family: SCRIPT, given: [IMG] }], identifier: [{ ...patientX.identifier[0]!, value: IMG }] } }]),
    // The store is down, so the queued consult stays queued and on screen.
    http.post(`${PROXY_BASE}/consults`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: BOLD } }] }, { status: 503 })),
  );
  proxyStore.consults = [{ ...earlierConsult, specialty: BOLD, target: IMG, question: SCRIPT }];
  const queued = { ...earlierConsult, idempotencyKey: '5b0a6c1e-2d3f-4a5b-8c7d-9e0f1a2b3c4d' };
  localStorage.setItem(
    outboxStorageKey({ serverUrl: EHR_BASE, fhirUser: PRACTITIONER_USER, patientId: patientX.id }),
    JSON.stringify([{ input: { idempotencyKey: queued.idempotencyKey, target: { kind: 'pool', healthcareServiceId: 'pool-nephrology' }, question: `Queued: ${IMG}`, urgency: 'routine', reasonText: BOLD, shared: [] }, queuedAt: new Date().toISOString(), attempts: 0, nextAttemptAt: 0 }]),
  );

  const { container } = renderApp({ patient: patientX.id });
  const banner = await screen.findByRole('region', { name: 'Patient' });
  await within(banner).findByText(new RegExp(escape(SCRIPT)));
  const list = screen.getByRole('region', { name: 'Consults for this patient' });
  await within(list).findByText(BOLD);
  expect(within(list).getByText(IMG)).toBeTruthy();
  expect(await screen.findByText(`Queued: ${IMG}`)).toBeTruthy();

  expect(banner.textContent).toContain(IMG);
  expect(container.querySelectorAll('img, script, b')).toHaveLength(0);
  expect((window as { __injected?: number }).__injected).toBeUndefined();
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
