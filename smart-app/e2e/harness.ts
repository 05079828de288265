import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
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

/** A file's sandbox and browser, and the current test's own context and page. */
export interface E2eSession {
  readonly sandbox: Sandbox;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
}

/**
 * One sandbox and one Chromium for the whole file (starting them costs seconds), a fresh browser
 * context per test (no storage, cookies or session carried from one test into the next).
 */
export function useE2eSession(viewport: { readonly width: number; readonly height: number } = { width: 1280, height: 1000 }): E2eSession {
  let sandbox: Sandbox | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    [sandbox, browser] = await Promise.all([startE2eSandbox(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });
  beforeEach(async () => {
    context = await started(browser).newContext({ viewport });
    page = await context.newPage();
  });
  afterEach(() => context?.close());
  return {
    get sandbox() {
      return started(sandbox);
    },
    get browser() {
      return started(browser);
    },
    get context() {
      return started(context);
    },
    get page() {
      return started(page);
    },
  };
}

function started<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('The e2e session is used outside a test (its sandbox, browser and page start in beforeAll/beforeEach).');
  }
  return value;
}
