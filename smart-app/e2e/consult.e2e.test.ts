import AxeBuilder from '@axe-core/playwright';
import type { Bundle, Communication, FhirResource, ServiceRequest, Task } from 'fhir/r4';
import type { FrameLocator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SYSTEMS } from '../../fhir-proxy/src/fhir/identifiers.ts';
import { validateR4 } from '../../fhir-proxy/src/fhir/r4.ts';
import { composeNephrologyConsult, fromStore, listRow, openChart as openChartIn } from './chart.ts';
import { useE2eSession } from './harness.ts';

// The whole sandbox and Debian's Chromium: open the EHR, open a chart, Curbside launches in the iframe.
const e2e = useE2eSession({ width: 1280, height: 1000 });

const openChart = (name: string): Promise<FrameLocator> => openChartIn(e2e.page, e2e.sandbox, name);
const storeSearch = <T extends FhirResource>(path: string): Promise<Bundle<T>> => fromStore<Bundle<T>>(e2e.sandbox, path);

/** Every `securitypolicyviolation` in any document of this test's context, as "directive (source)", from now on. */
async function recordCspViolations(): Promise<string[]> {
  const violations: string[] = [];
  const prefix = 'csp-violation:';
  e2e.page.on('console', (message) => {
    if (message.text().startsWith(prefix)) {
      violations.push(message.text().slice(prefix.length));
    }
  });
  await e2e.context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.debug('${prefix}' + e.violatedDirective + ' (' + e.sourceFile + ')'));`);
  return violations;
}

describe('a physician in the sandbox chart', () => {
  test('sees the allergy list, sends a consult, and it lands in the store as linked FHIR, with no Content-Security-Policy violation on the way', async () => {
    const violations = await recordCspViolations();
    const app = await openChart('Rosa Maria Delgado');
    await expect.poll(async () => app.getByRole('region', { name: 'Allergies' }).innerText(), { timeout: 20_000 }).toMatch(/lisinopril|sulfa|penicillin|allerg/i);

    const question = 'eGFR 35 and potassium 5.3 on an ACE inhibitor: add finerenone, or refer to clinic? (e2e)';
    await composeNephrologyConsult(app, question);
    await app.getByRole('button', { name: 'Send consult' }).click();
    const sent = app.getByRole('status').filter({ hasText: 'Consult sent' });
    await sent.waitFor({ timeout: 20_000 });
    const consultId = (await sent.getAttribute('data-consult-id')) ?? '';
    expect(await sent.innerText()).toContain('To Nephrology eConsult · Urgent');
    // Where it stands is the list's to say.
    await expect.poll(async () => listRow(app, consultId).innerText(), { timeout: 10_000 }).toContain('Waiting for a specialist');
    // Send was disabled while sending (Chromium then drops its focus): the keyboard is on what happened.
    expect(await app.locator(':focus').innerText()).toContain('Consult sent');

    const srs = await storeSearch<ServiceRequest>(`ServiceRequest?_id=${consultId}`);
    const sr = srs.entry?.[0]?.resource;
    expect(sr?.status).toBe('active');
    expect(sr?.priority).toBe('urgent');
    expect(validateR4(sr!)).toEqual([]);
    expect(sr?.identifier?.[0]?.system).toBe(SYSTEMS.consult);
    const thread = await storeSearch<Communication>(`Communication?based-on=ServiceRequest/${consultId}`);
    expect(thread.entry?.map((e) => e.resource?.payload?.[0]?.contentString)).toEqual([question]);
    // Allergies and active medications are shared by default, plus the reason's problem.
    const shared = await Promise.all((sr?.supportingInfo ?? []).map(async (ref) => (await (await fetch(`${e2e.sandbox.storeFhirUrl}/${ref.reference}`)).json()) as { resourceType: string }));
    expect(new Set(shared.map((r) => r.resourceType))).toEqual(new Set(['AllergyIntolerance', 'MedicationRequest', 'Condition']));

    await expect.poll(async () => app.getByRole('region', { name: /consults for this patient/i }).innerText(), { timeout: 10_000 }).toContain('Nephrology');
    // The confirmation opens the sent consult's thread beside the list.
    await sent.getByRole('button', { name: 'Open its thread' }).click();
    await expect.poll(async () => app.getByRole('region', { name: 'Consult: Nephrology' }).innerText(), { timeout: 10_000 }).toContain(question);
    // The EHR page, launch.html and index.html each ran under their CSP; a hospital's report endpoint
    // would have received any of these.
    expect(violations).toEqual([]);
  });

  test('withdraws a sent consult with a reason: the store holds it revoked, its Task cancelled and the reason in the thread, all valid R4', async () => {
    const app = await openChart('Rosa Maria Delgado');
    await composeNephrologyConsult(app, `Potassium 5.2 after the ARB dose went up: hold it? (e2e withdraw ${Date.now()})`);
    await app.getByRole('button', { name: 'Send consult' }).click();
    const sent = app.getByRole('status').filter({ hasText: 'Consult sent' });
    await sent.waitFor({ timeout: 20_000 });
    const consultId = (await sent.getAttribute('data-consult-id')) ?? '';
    await sent.getByRole('button', { name: 'Open its thread' }).click();
    const thread = app.getByRole('region', { name: 'Consult: Nephrology' });
    await thread.getByText('Withdraw this consult').click();
    const reason = 'Admitted overnight; the renal team is seeing her.';
    await thread.getByLabel('Why (sent to the specialist)').fill(reason);
    await thread.getByRole('button', { name: 'Withdraw consult' }).click();
    await thread.getByText('Consult withdrawn. The specialist sees your reason in the thread.').waitFor({ timeout: 20_000 });
    expect(await thread.innerText()).toContain('Withdrawn');
    // The list follows the withdrawal, and the note from the send does not contradict it.
    await expect.poll(async () => listRow(app, consultId).innerText(), { timeout: 10_000 }).toContain('Withdrawn');
    expect(await sent.innerText()).not.toContain('Waiting');

    const sr = await fromStore<ServiceRequest>(e2e.sandbox, `ServiceRequest/${consultId}`);
    const task = (await storeSearch<Task>(`Task?based-on=ServiceRequest/${consultId}`)).entry?.[0]?.resource;
    const note = (await storeSearch<Communication>(`Communication?based-on=ServiceRequest/${consultId}`)).entry?.map((e) => e.resource).find((c) => c?.payload?.[0]?.contentString === reason);
    expect(sr.status).toBe('revoked');
    expect(task?.status).toBe('cancelled');
    expect(note).toBeDefined();
    expect([sr, task!, note!].flatMap((r) => validateR4(r))).toEqual([]);
  });

  test('passes axe with no serious or critical violations', async () => {
    const app = await openChart('Rosa Maria Delgado');
    await app.getByRole('region', { name: 'Allergies' }).waitFor();
    const results = await new AxeBuilder({ page: e2e.page }).include('iframe[title="Curbside e-consult"]').analyze();
    // The app's own controls were checked (not just the EHR page around them).
    expect(results.passes.find((p) => p.id === 'label')?.nodes.some((n) => n.target.length > 1)).toBe(true);
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.length} nodes`)).toEqual([]);
  });

  test('keeps an unsent consult in the outbox across a reload, and sends it once by itself when the store is back', async () => {
    const question = `Warfarin with INR from 1.4 to 3.9 in new AF: switch to a DOAC? (${Date.now()})`;
    let app = await openChart('Rosa Maria Delgado');
    await composeNephrologyConsult(app, question);
    await e2e.sandbox.consultStore.pause();
    try {
      await app.getByRole('button', { name: 'Send consult' }).click();
      const failure = app.getByRole('alert').filter({ hasText: 'The consult was not sent' });
      await failure.waitFor({ timeout: 30_000 });
      expect(await failure.innerText()).toMatch(/try again/i);

      await e2e.page.reload();
      app = e2e.page.frameLocator('iframe[title="Curbside e-consult"]');
      await expect.poll(async () => app.getByLabel(/Clinical question/).inputValue(), { timeout: 30_000 }).toBe(question);
      // Queued as written: the draft is locked while it waits in the outbox.
      expect(await app.getByLabel(/Clinical question/).isDisabled()).toBe(true);
      await app.getByRole('alert').filter({ hasText: 'sends it automatically' }).waitFor({ timeout: 30_000 });
    } finally {
      await e2e.sandbox.consultStore.resume();
    }
    // No click: the outbox's backoff timer sends it once the store answers again.
    await app.getByRole('status').filter({ hasText: 'Consult sent' }).waitFor({ timeout: 60_000 });
    await expect.poll(async () => app.getByLabel(/Clinical question/).inputValue()).toBe('');
    const stored = await storeSearch<Communication>(`Communication?_count=200`);
    expect(stored.entry?.filter((e) => e.resource?.payload?.[0]?.contentString === question)).toHaveLength(1);
  });

  test('never shows one patient\'s draft on another patient\'s chart', async () => {
    const question = `Draft for Rosa only (${Date.now()})`;
    const app = await openChart('Rosa Maria Delgado');
    await app.getByLabel(/Clinical question/).fill(question);
    const other = await openChart('Harold');
    expect(await other.getByLabel(/Clinical question/).inputValue()).toBe('');
    const back = await openChart('Rosa Maria Delgado');
    await expect.poll(async () => back.getByLabel(/Clinical question/).inputValue()).toBe(question);
  });
});
