import { chromium, type Browser } from 'playwright-core';
import { ensureBrowser } from '../ensure-browser.ts';

/**
 * Debian's Chromium with every request sent through the latency hop (`<-loopback>` removes Chromium's
 * built-in bypass for 127.0.0.1, which would otherwise skip the proxy). Same flags as the e2e harness.
 */
export function launchBenchBrowser(hopUrl: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? ensureBrowser(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      `--proxy-server=${hopUrl}`,
      '--proxy-bypass-list=<-loopback>',
    ],
  });
}
