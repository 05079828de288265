import type { Bundle, Communication, Patient, ServiceRequest } from 'fhir/r4';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateR4 } from '../../fhir-proxy/src/fhir/r4.ts';
import { ROSA_DELGADO_ID } from '../../fixtures/data/index.ts';
import type { EhrProfileName, StoreMode } from '../../fixtures/sandbox/profiles/index.ts';
import { startSandbox, type Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import { composeNephrologyConsult, fromStore, launched, listRow, send } from './chart.ts';
import { APP_DIR, launchBrowser } from './harness.ts';

// The main flow under each EHR profile, one sandbox per profile and one browser for all of them. The
// generic EHR with the generic store is consult.e2e.test.ts; here the generic EHR meets a HAPI-like
// store and the Epic-like EHR a store without transactions, so every mode is driven end to end.
const CASES: readonly { profile: EhrProfileName; storeMode: StoreMode; filed: string | undefined }[] = [
  { profile: 'epic-like', storeMode: 'batch-only', filed: 'Also filed in the EHR chart: the e-consult order and a message about it.' },
  { profile: 'cerner-like', storeMode: 'generic', filed: 'Also filed in the EHR chart: a message about it.' },
  { profile: 'generic', storeMode: 'hapi-like', filed: undefined },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe.each(CASES)('a physician in the $profile sandbox EHR, consult store $storeMode', ({ profile, storeMode, filed }) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ appDir: APP_DIR, profile, storeMode });
  });
  afterAll(() => sandbox?.stop());

  test('launches in the chart iframe, sees the allergy list, sends a consult, and it lands in the store', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(sandbox.ehrUrl);
      await page.getByRole('link', { name: 'Rosa Maria Delgado' }).click();
      const app = await launched(page.frameLocator('iframe[title="Curbside e-consult"]'));
      await expect.poll(async () => app.getByRole('region', { name: 'Allergies' }).innerText(), { timeout: 20_000 }).toMatch(/sulfa/i);

      const question = `Potassium 5.4 on lisinopril at eGFR 38 (${profile}): stop it or add a binder?`;
      await composeNephrologyConsult(app, question);
      const sent = await send(app);
      await expect.poll(async () => listRow(app, sent.id).innerText(), { timeout: 10_000 }).toContain('Waiting for a specialist');
      if (filed) {
        expect(sent.text).toContain(filed);
      } else {
        expect(sent.text).not.toContain('EHR chart');
      }

      const sr = await fromStore<ServiceRequest>(sandbox, `ServiceRequest/${sent.id}`);
      expect(sr).toMatchObject({ status: 'active', priority: 'urgent' });
      expect(validateR4(sr)).toEqual([]);
      const thread = await fromStore<Bundle<Communication>>(sandbox, `Communication?based-on=ServiceRequest/${sent.id}`);
      expect(thread.entry?.map((e) => e.resource?.payload?.[0]?.contentString)).toEqual([question]);
      const patient = await fromStore<Patient>(sandbox, sr.subject.reference ?? '');
      expect(patient.identifier).toContainEqual({ system: `${sandbox.ehrFhirUrl}/Patient`, value: ROSA_DELGADO_ID });
    } finally {
      await context.close();
    }
  });
});
