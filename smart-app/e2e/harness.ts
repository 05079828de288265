import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import { ensureBrowser } from '../../scripts/ensure-browser.ts';

export const APP_DIR = fileURLToPath(new URL('../../dist/app', import.meta.url));

/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download cannot run here).
 * The flags keep it off the network it cannot reach and quiet in a root container.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? ensureBrowser(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The whole sandbox in memory on random ports, serving the production build the test command made. */
export function startE2eSandbox(): Promise<Sandbox> {
  return startSandbox({ appDir: APP_DIR });
}
