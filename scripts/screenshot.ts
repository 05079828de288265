import { mkdirSync } from 'node:fs';
import { launchBrowser, startE2eSandbox } from '../smart-app/e2e/harness.ts';

// `npm run screenshot`: the README's picture of Curbside inside the sandbox chart (needs `npm run build`).
const sandbox = await startE2eSandbox();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1050 } });
  await page.goto(sandbox.ehrUrl);
  await page.getByRole('link', { name: 'Rosa Maria Delgado' }).click();
  const app = page.frameLocator('iframe[title="Curbside e-consult"]');
  await app.getByRole('region', { name: 'Labs' }).locator('svg').first().waitFor({ timeout: 30_000 });
  await app.getByLabel('Specialty').selectOption({ label: 'Nephrology' });
  await app.getByLabel(/Clinical question/).fill('eGFR has fallen from the mid-70s to 35 over seven years and potassium is now 5.3 on lisinopril. Would you add finerenone, or should she be seen in clinic?');
  await app.getByLabel('Urgency').selectOption('urgent');
  mkdirSync('smart-app/docs', { recursive: true });
  await page.screenshot({ path: 'smart-app/docs/sandbox-chart.png' });
  process.stdout.write('Wrote smart-app/docs/sandbox-chart.png\n');
} finally {
  await browser.close();
  await sandbox.stop();
}
