import type { Bundle, FhirResource } from 'fhir/r4';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';

/** Waits until Curbside has launched in `app` (its composer is on screen). */
export async function launched(app: FrameLocator): Promise<FrameLocator> {
  await app.getByRole('heading', { name: 'New consult' }).waitFor({ timeout: 30_000 });
  return app;
}

/** Opens the sandbox EHR, opens `patient`'s chart and waits until Curbside has launched in its frame. */
export async function openChart(page: Page, sandbox: Sandbox, patient: string): Promise<FrameLocator> {
  await page.goto(sandbox.ehrUrl);
  await page.getByRole('link', { name: patient }).click();
  return launched(page.frameLocator('iframe[title="Curbside e-consult"]'));
}

/** The patient name in the app's own banner (shown when the EHR sends need_patient_banner: true). */
export async function bannerName(app: FrameLocator): Promise<string> {
  const banner = app.getByRole('region', { name: 'Patient', exact: true }).locator('.patient-banner__name');
  await banner.waitFor({ timeout: 30_000 });
  return (await banner.innerText()).trim();
}

/** Fills the composer for a nephrology pool consult with `question`, the first listed problem as the reason. */
export async function composeNephrologyConsult(app: FrameLocator, question: string): Promise<void> {
  const specialty = app.getByLabel('Specialty');
  await expect.poll(async () => specialty.isEnabled(), { timeout: 15_000 }).toBe(true);
  await specialty.selectOption({ label: 'Nephrology' });
  await app.getByLabel(/Clinical question/).fill(question);
  await app.getByLabel('Urgency').selectOption('urgent');
  const reason = app.getByLabel('Reason for consult');
  await expect.poll(async () => (await reason.locator('option').count()) > 2, { timeout: 15_000 }).toBe(true);
  await reason.selectOption({ index: 1 });
}

/** Sends the composed consult; returns the store id and the whole "Consult sent" text. */
export async function send(app: FrameLocator): Promise<{ id: string; text: string }> {
  await app.getByRole('button', { name: 'Send consult' }).click();
  const sent = app.getByRole('status').filter({ hasText: 'Consult sent' });
  await sent.waitFor({ timeout: 20_000 });
  return { id: (await sent.getAttribute('data-consult-id')) ?? '', text: await sent.innerText() };
}

/** The consult's row in "Consults for this patient" (its Open button carries the store's id). */
export function listRow(app: FrameLocator, consultId: string): Locator {
  return app.getByRole('row').filter({ has: app.locator(`[data-consult-id="${consultId}"]`) });
}

/** A read of the consult store, with no Authorization header (a HAPI-like store refuses one). */
export async function fromStore<T extends FhirResource | Bundle>(sandbox: Sandbox, path: string): Promise<T> {
  return (await (await fetch(`${sandbox.storeFhirUrl}/${path}`)).json()) as T;
}
