import AxeBuilder from '@axe-core/playwright';
import type { DocumentReference } from 'fhir/r4';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateR4 } from '../../fhir-proxy/src/fhir/r4.ts';
import { DEFAULT_EHR_USER_ID, ROSA_DELGADO_ID, ROSA_TODAY_ENCOUNTER_ID } from '../../fixtures/data/index.ts';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import { launchAs } from '../../fixtures/sandbox/testing/smart-launch.ts';
import { composeNephrologyConsult, openChart as openChartIn } from './chart.ts';
import { launchBrowser, startE2eSandbox } from './harness.ts';

// The closed loop in real Chromium, two people at once: a physician in the sandbox chart (EHR launch in
// the iframe) and a nephrologist signed in by SMART standalone launch, each in their own browser context.
let sandbox: Sandbox;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [sandbox, browser] = await Promise.all([startE2eSandbox(), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await sandbox?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  contexts.push(context);
  return context.newPage();
}

/** The nephrologist signs in by standalone launch from the EHR's "Specialist sign-in" link and lands on the queue. */
async function signInAsSpecialist(page: Page, name: string): Promise<void> {
  await page.goto(sandbox.ehrUrl);
  const href = await page.getByRole('link', { name: 'Specialist sign-in' }).getAttribute('href');
  await page.goto(href ?? '');
  await page.getByRole('radio', { name: new RegExp(`${name}.*\\(specialist\\)`) }).check();
  await page.getByRole('button', { name: 'Sign in and allow' }).click();
  await page.getByRole('heading', { name: 'E-consult queue' }).waitFor({ timeout: 30_000 });
}

const openChart = (page: Page): Promise<FrameLocator> => openChartIn(page, sandbox, 'Rosa Maria Delgado');

async function sendNephrologyConsult(app: FrameLocator, question: string): Promise<void> {
  await composeNephrologyConsult(app, question);
  await app.getByRole('button', { name: 'Send consult' }).click();
}

describe('the closed loop, requester and specialist at once', () => {
  test('send → the specialist sees it live → clarifying question → reply → answer with outcome → the note is filed in the EHR', async () => {
    const specialist = await newPage();
    await signInAsSpecialist(specialist, 'Oluwaseun Adeyemi');
    // A marker that a reload would wipe: the queue must update in place.
    await specialist.evaluate(() => Object.assign(window, { curbsideNoReload: true }));
    const requester = await newPage();
    const app = await openChart(requester);

    const question = `K+ 5.6 on lisinopril with eGFR 38: hold the ACE inhibitor or add a binder? (e2e ${Date.now()})`;
    await sendNephrologyConsult(app, question);
    await app.getByRole('status').filter({ hasText: 'Consult sent' }).waitFor({ timeout: 20_000 });

    // Live: the consult appears in the specialist's open queue within 2 s of being stored (the bound),
    // without a reload (the proxy's change loop asks the store every 500 ms and pushes an event).
    const row = specialist.getByRole('row').filter({ hasText: question });
    await row.waitFor({ timeout: 2_000 });
    expect(await specialist.evaluate(() => (window as unknown as { curbsideNoReload?: boolean }).curbsideNoReload)).toBe(true);
    expect(await row.innerText()).toMatch(/Urgent[\s\S]*Due in/);

    await row.getByRole('button', { name: /^Claim the consult/ }).click();
    await specialist.getByRole('heading', { name: /^Nephrology e-consult: Rosa/ }).waitFor();
    await expect.poll(() => specialist.getByRole('region', { name: 'Shared from the chart' }).innerText()).toMatch(/Allergies[\s\S]*lisinopril/i);
    await specialist.getByLabel('Ask the requesting physician').fill('What was the potassium a week ago, and is she on a potassium supplement?');
    await specialist.getByRole('button', { name: 'Send question' }).click();

    // Live, the requester's page says at its top that a question waits for them, and the list marks the new
    // message; the note's button opens the thread, which shows the question, and the reply answers it.
    const waiting = app.locator('.waiting-note').filter({ hasText: 'Dr. Oluwaseun Adeyemi has asked you a question about the Nephrology consult.' });
    await waiting.waitFor({ timeout: 10_000 });
    await app.getByRole('button', { name: /^Open the Nephrology thread: .+ \(new reply\)$/ }).first().waitFor({ timeout: 10_000 });
    await waiting.getByRole('button', { name: 'Open the Nephrology thread to reply' }).click();
    await app.getByText('What was the potassium a week ago').waitFor();
    await app.getByLabel("Your answer to the specialist's question").fill('5.4 last week; no supplements.');
    await app.getByRole('button', { name: 'Send reply' }).click();
    await waiting.waitFor({ state: 'detached', timeout: 10_000 });

    await specialist.getByText('5.4 last week; no supplements.').waitFor({ timeout: 10_000 });
    await specialist.getByLabel('Your answer').fill('Hold lisinopril, start patiromer 8.4 g daily, recheck K+ in 1 week. No visit needed.');
    await specialist.getByRole('radio', { name: 'Advice only: no visit needed' }).check();
    await specialist.getByRole('button', { name: 'Send answer and close the consult' }).click();
    await specialist.getByText('Outcome: Advice only: no visit needed', { exact: true }).first().waitFor({ timeout: 10_000 });

    // The requester sees the outcome live, confirms, and the note is filed in the EHR by the app itself.
    await app.getByText('Outcome: Advice only: no visit needed', { exact: true }).first().waitFor({ timeout: 10_000 });
    await app.getByRole('button', { name: 'File in chart…' }).click();
    await app.getByRole('button', { name: 'Confirm and file' }).click();
    const filed = app.getByRole('status').filter({ hasText: 'Filed in the chart' });
    await filed.waitFor({ timeout: 10_000 });
    const reference = (await filed.locator('code').innerText()).trim();
    expect(reference).toMatch(/^DocumentReference\/.+/);

    // After a reload the app finds the note in the EHR (by its identifier): filed, and not offered again.
    const reloaded = await openChart(requester);
    await reloaded.getByRole('button', { name: /^Open the Nephrology thread: K\+ 5\.6 on lisinopril/ }).click();
    const filedAgain = reloaded.getByRole('status').filter({ hasText: 'Filed in the chart' });
    await filedAgain.waitFor({ timeout: 10_000 });
    expect((await filedAgain.locator('code').innerText()).trim()).toBe(reference);
    expect(await reloaded.getByRole('button', { name: 'File in chart…' }).count()).toBe(0);

    // Read it back from the EHR's FHIR API, with a token of its own.
    const token = await launchAs(sandbox, { patient: ROSA_DELGADO_ID, fhirUser: `Practitioner/${DEFAULT_EHR_USER_ID}` });
    const note = (await (await fetch(`${sandbox.ehrFhirUrl}/${reference}`, { headers: { Authorization: `Bearer ${token.access_token}` } })).json()) as DocumentReference;
    expect(validateR4(note)).toEqual([]);
    expect(note).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '11488-4' }] },
      subject: { reference: `Patient/${ROSA_DELGADO_ID}` },
      author: [{ reference: `Practitioner/${DEFAULT_EHR_USER_ID}` }],
      context: { encounter: [{ reference: `Encounter/${ROSA_TODAY_ENCOUNTER_ID}` }] },
    });
    const text = Buffer.from(note.content[0]?.attachment.data ?? '', 'base64').toString('utf8');
    expect(text).toContain(question);
    expect(text).toContain('Hold lisinopril, start patiromer');
    expect(text).toContain('Outcome: Advice only: no visit needed');
  });
});

describe('the specialist\'s screens', () => {
  test('the queue and a consult pass axe with no serious or critical violations, and a long unbroken link in a question widens neither', async () => {
    const requester = await newPage();
    await sendNephrologyConsult(await openChart(requester), `Axe check consult (${Date.now()}), see https://guidelines.example.org/ckd?q=${'hyperkalaemiaonlisinopril'.repeat(13)}`);
    const page = await newPage();
    await signInAsSpecialist(page, 'Hannah Kim');
    await page.getByRole('row').nth(1).waitFor({ timeout: 10_000 });
    const serious = async (): Promise<string[]> =>
      (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.length} nodes`);
    const overflow = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await serious()).toEqual([]);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: /^Open the consult/ }).first().click();
    await page.getByRole('region', { name: 'Shared from the chart' }).waitFor();
    expect(await serious()).toEqual([]);
    expect(await overflow()).toBeLessThanOrEqual(0);
    // A programme lead also has the metrics page.
    await page.getByRole('button', { name: 'Programme metrics' }).click();
    await page.getByRole('term').first().waitFor();
    expect(await serious()).toEqual([]);
  });
});
