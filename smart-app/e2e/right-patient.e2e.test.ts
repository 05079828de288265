import type { FhirResource, Patient, ServiceRequest } from 'fhir/r4';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEFAULT_EHR_USER_ID, ehrPatients, HAROLD_WHITFIELD_ID, ROSA_DELGADO_ID } from '../../fixtures/data/index.ts';
import { bannerName, composeNephrologyConsult, fromStore, launched, send } from './chart.ts';
import { useE2eSession } from './harness.ts';

// The wrong-patient traps (fhir-landscape.md §2.5, §4 "Session Bleed", §8): two charts in one tab share
// sessionStorage, two tabs share localStorage and cookies, and an EHR may reuse one frame for the next
// patient. Each app must show only its own patient, before and after a reload, and send only its data.
const ROSA = 'Rosa Maria Delgado';
const HAROLD = 'Harold James Whitfield';
const e2e = useE2eSession({ width: 1400, height: 1000 });

/** The chart page for one patient (or two side by side), with the app asked to show its own banner. */
const chartUrl = (id: string, other?: string): string => `${e2e.sandbox.ehrUrl}chart/${id}?banner=app${other ? `&layout=split&with=${other}` : ''}`;
const frameOf = (p: Page, n: number): FrameLocator => p.frameLocator(`iframe[name^="curbside-${n}-"]`);
const documentOf = (p: Page, n: number): Frame => {
  const frame = p.frames().find((f) => f.name().startsWith(`curbside-${n}-`));
  if (!frame) throw new Error(`no chart frame ${n}`);
  return frame;
};
const idsOf = (patient: string): Set<string> => new Set((ehrPatients.find((p) => p.patient.id === patient)?.resources ?? []).map((r) => `${r.resourceType}/${r.id}`));

/** Every shared copy of a stored consult names (in meta.source) a record of `patient`'s chart, and the snapshot is `patient`. */
async function expectConsultOf(consultId: string, patient: string): Promise<void> {
  const sr = await fromStore<ServiceRequest>(e2e.sandbox, `ServiceRequest/${consultId}`);
  const snapshot = await fromStore<Patient>(e2e.sandbox, sr.subject.reference ?? '');
  expect(snapshot.identifier?.[0]).toEqual({ system: `${e2e.sandbox.ehrFhirUrl}/Patient`, value: patient });
  const chart = idsOf(patient);
  const sources = await Promise.all((sr.supportingInfo ?? []).map(async (ref) => (await fromStore<FhirResource>(e2e.sandbox, ref.reference ?? '')).meta?.source ?? ''));
  expect(sources.length).toBeGreaterThan(0);
  expect(sources.map((s) => s.replace(`${e2e.sandbox.ehrFhirUrl}/`, '')).filter((s) => !chart.has(s))).toEqual([]);
}

describe('the right patient, always', () => {
  test('two charts side by side each show their own patient, before and after either frame reloads, and send only their own data', async () => {
    await e2e.page.goto(chartUrl(ROSA_DELGADO_ID, HAROLD_WHITFIELD_ID));
    expect([await bannerName(frameOf(e2e.page, 1)), await bannerName(frameOf(e2e.page, 2))]).toEqual([ROSA, HAROLD]);

    // The frame launched first reloads after the second one launched: the SMART_KEY trap (client-js #157/#202).
    for (const n of [1, 2, 1]) {
      await documentOf(e2e.page, n).evaluate(() => location.reload());
      await launched(frameOf(e2e.page, n));
    }
    expect([await bannerName(frameOf(e2e.page, 1)), await bannerName(frameOf(e2e.page, 2))]).toEqual([ROSA, HAROLD]);
    // State is keyed per launch: each frame keeps its own `state` in its URL; no shared "current state" key.
    expect(new URL(documentOf(e2e.page, 1).url()).searchParams.get('state')).not.toBe(new URL(documentOf(e2e.page, 2).url()).searchParams.get('state'));
    expect(await documentOf(e2e.page, 1).evaluate(() => sessionStorage.getItem('SMART_KEY'))).toBeNull();

    await composeNephrologyConsult(frameOf(e2e.page, 1), `Side-by-side consult for Rosa only (${Date.now()})`);
    await expectConsultOf((await send(frameOf(e2e.page, 1))).id, ROSA_DELGADO_ID);
    await composeNephrologyConsult(frameOf(e2e.page, 2), `Side-by-side consult for Harold only (${Date.now()})`);
    await expectConsultOf((await send(frameOf(e2e.page, 2))).id, HAROLD_WHITFIELD_ID);
  });

  test('two tabs each show their own patient after both reload, and each sends its own', async () => {
    const other = await e2e.context.newPage();
    await e2e.page.goto(chartUrl(ROSA_DELGADO_ID));
    await other.goto(chartUrl(HAROLD_WHITFIELD_ID));
    await Promise.all([e2e.page.reload(), other.reload()]);
    expect([await bannerName(frameOf(e2e.page, 1)), await bannerName(frameOf(other, 1))]).toEqual([ROSA, HAROLD]);
    await composeNephrologyConsult(frameOf(other, 1), `Second-tab consult for Harold (${Date.now()})`);
    await expectConsultOf((await send(frameOf(other, 1))).id, HAROLD_WHITFIELD_ID);
  });

  test('relaunching another patient in the same frame shows the new patient, never the first, also after a reload', async () => {
    await e2e.page.goto(chartUrl(ROSA_DELGADO_ID));
    expect(await bannerName(frameOf(e2e.page, 1))).toBe(ROSA);
    // What an EHR that reuses its activity frame does (Epic Hyperdrive, client-js #199): a new launch, same frame.
    const launch = e2e.sandbox.auth.createLaunch({ fhirUser: `Practitioner/${DEFAULT_EHR_USER_ID}`, patient: HAROLD_WHITFIELD_ID, needPatientBanner: true });
    const src = `${e2e.sandbox.launchUrl}?iss=${encodeURIComponent(e2e.sandbox.ehrFhirUrl)}&launch=${encodeURIComponent(launch)}`;
    await e2e.page.locator('iframe[name^="curbside-1-"]').evaluate((frame: HTMLIFrameElement, url: string) => (frame.src = url), src);
    await expect.poll(async () => bannerName(frameOf(e2e.page, 1)), { timeout: 30_000 }).toBe(HAROLD);
    await documentOf(e2e.page, 1).evaluate(() => location.reload());
    expect(await bannerName(await launched(frameOf(e2e.page, 1)))).toBe(HAROLD);
  });

  test('shows its own banner only when the EHR asks, and takes the EHR\'s smart_style_url colours', async () => {
    await e2e.page.goto(`${e2e.sandbox.ehrUrl}chart/${ROSA_DELGADO_ID}`);
    const embedded = await launched(frameOf(e2e.page, 1));
    expect(await embedded.getByRole('region', { name: 'Patient', exact: true }).count()).toBe(0);

    await e2e.page.goto(chartUrl(ROSA_DELGADO_ID));
    const app = frameOf(e2e.page, 1);
    expect(await bannerName(app)).toBe(ROSA);
    await expect.poll(async () => app.locator('html').evaluate((html) => getComputedStyle(html).getPropertyValue('--accent').trim()), { timeout: 10_000 }).toBe('#1f3a5a');
    expect(await app.getByRole('button', { name: 'Send consult' }).evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(31, 58, 90)');
    expect(await app.locator('body').evaluate((b) => getComputedStyle(b).fontSize)).toBe('15px');
  });

  test('a launch from an EHR Curbside is not set up for says so, in words', async () => {
    await e2e.page.goto(`${e2e.sandbox.launchUrl}?iss=${encodeURIComponent('https://unknown-ehr.example/fhir/R4')}&launch=abc`);
    await expect.poll(async () => e2e.page.getByRole('heading', { level: 1 }).innerText()).toBe('Curbside is not set up for this EHR (https://unknown-ehr.example/fhir/R4)');
    expect(await e2e.page.locator('main').innerText()).toMatch(/Ask your EHR administrator/);
  });
});
