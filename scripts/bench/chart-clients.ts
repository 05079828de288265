import type { Browser, Page } from 'playwright-core';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import type { HopRecord, LatencyHop } from './latency-hop.ts';

// Part 1's app launch, in a fresh browser context of the bench's Chromium, through the latency hop;
// the references it is compared with are in reference-reads.ts.

/** What one read of a chart cost, as the hop and the page saw it. */
export interface ChartRead {
  /** Token in hand → summary complete (app), or first request → last response (references). */
  readonly ms: number;
  /** The FHIR requests of the read (CORS preflights included), from the hop's log. */
  readonly fhir: readonly HopRecord[];
}

export interface AppLaunch extends ChartRead {
  /** Navigation to launch.html → summary complete. */
  readonly launchMs: number;
  /** Every request of the launch on the app's and the EHR's origins (not the proxy's, not favicon). */
  readonly launch: readonly HopRecord[];
  /** The first page of each search the app made (and the Patient read), for the references to repeat. */
  readonly searches: readonly string[];
  /** The last FHIR response's last byte (hop's clock) → summary complete: the app's own processing and rendering after the network. */
  readonly tailMs: number;
  /** JSHeapUsedSize after a forced GC, when asked for. */
  readonly heapBytes?: number;
}

declare global {
  interface Window {
    __curbsideBench?: { complete?: number };
  }
}

// Runs in every document of an app launch. launch.html notes when the launch started (sessionStorage
// outlives the redirect to index.html); index.html notes when the summary says it is complete, from a
// MutationObserver, so the moment is when the text is in the DOM, not when a poll happens to look, and
// says so on the console. The benchmark waits for that console message rather than with
// page.waitForFunction, which re-injects Playwright's own script (about 330 KB to parse and compile) into
// index.html as it loads, on the page's thread, in the middle of the window being measured.
const COMPLETE_MESSAGE = 'curbside-bench:complete';
const INIT_SCRIPT = `(() => {
  if (location.pathname.endsWith('/launch.html')) sessionStorage.setItem('bench:launchStart', String(performance.timeOrigin));
  const bench = (window.__curbsideBench = {});
  const check = () => {
    if (bench.complete) return;
    for (const el of document.querySelectorAll('[role="status"]')) {
      if ((el.textContent || '').startsWith('Chart loaded')) {
        bench.complete = performance.now();
        observer.disconnect();
        console.debug('${COMPLETE_MESSAGE}');
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true, characterData: true }));
})();`;

export interface ChartClientsContext {
  readonly sandbox: Sandbox;
  /** The proxy the app calls (its requests are not part of the chart read or the launch). */
  readonly proxyUrl: string;
  readonly hop: LatencyHop;
  readonly browser: Browser;
  readonly fhirUser: string;
}

export const isFhir = (sandbox: Sandbox) => (r: HopRecord): boolean => r.url.startsWith(`${sandbox.ehrFhirUrl}/`);

/** A real EHR launch of the production build at the top level of a fresh context, until the summary is complete. */
export async function launchApp(ctx: ChartClientsContext, patientId: string, options: { readonly heap?: boolean } = {}): Promise<AppLaunch> {
  const { sandbox, hop, browser } = ctx;
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    const launch = sandbox.auth.createLaunch({ fhirUser: ctx.fhirUser, patient: patientId });
    await hop.take();
    const complete = page.waitForEvent('console', { predicate: (m) => m.text() === COMPLETE_MESSAGE, timeout: 600_000 });
    await page.goto(`${sandbox.launchUrl}?${new URLSearchParams({ iss: sandbox.ehrFhirUrl, launch })}`);
    await complete;
    const timing = await page.evaluate(() => {
      const token = performance.getEntriesByType('resource').find((e) => /\/token$/.test(new URL(e.name).pathname)) as PerformanceResourceTiming | undefined;
      return {
        complete: window.__curbsideBench?.complete ?? Number.NaN,
        tokenEnd: token?.responseEnd ?? Number.NaN,
        timeOrigin: performance.timeOrigin,
        launchStart: Number(sessionStorage.getItem('bench:launchStart')),
      };
    });
    const heapBytes = options.heap ? await jsHeapUsed(page) : undefined;
    const records = await hop.take();
    const tokenRecord = records.find((r) => r.method === 'POST' && r.url.endsWith('/token'));
    const fhir = records.filter((r) => isFhir(sandbox)(r) && tokenRecord !== undefined && r.start >= tokenRecord.end);
    const proxyOrigin = new URL(ctx.proxyUrl).origin;
    const completeAt = timing.timeOrigin + timing.complete;
    return {
      ms: timing.complete - timing.tokenEnd,
      fhir,
      tailMs: completeAt - Math.max(...fhir.map((r) => r.end)),
      launchMs: completeAt - timing.launchStart,
      launch: records.filter((r) => new URL(r.url).origin !== proxyOrigin && !r.url.endsWith('/favicon.ico') && r.start <= completeAt),
      searches: [...new Set(fhir.filter((r) => r.method === 'GET' && !new URL(r.url).searchParams.has('_offset')).map((r) => r.url))].sort(),
      ...(heapBytes === undefined ? {} : { heapBytes }),
    };
  } finally {
    await context.close();
  }
}

/** JSHeapUsedSize after a forced garbage collection: what the loaded chart keeps alive. */
async function jsHeapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}
