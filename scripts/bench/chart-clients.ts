import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import type { HopRecord, LatencyHop } from './latency-hop.ts';

// The three ways of reading a chart that part 1 compares, each in a fresh browser context of the
// same Chromium, through the same latency hop: the app itself, the floor and the naive way.

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
// MutationObserver, so the moment is when the text is in the DOM, not when a poll happens to look.
const INIT_SCRIPT = `(() => {
  if (location.pathname.endsWith('/launch.html')) sessionStorage.setItem('bench:launchStart', String(performance.timeOrigin));
  const bench = (window.__curbsideBench = {});
  const check = () => {
    if (bench.complete) return;
    for (const el of document.querySelectorAll('[role="status"]')) {
      if ((el.textContent || '').startsWith('Chart loaded')) { bench.complete = performance.now(); observer.disconnect(); return; }
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

const isFhir = (sandbox: Sandbox) => (r: HopRecord): boolean => r.url.startsWith(`${sandbox.ehrFhirUrl}/`);

/** A real EHR launch of the production build at the top level of a fresh context, until the summary is complete. */
export async function launchApp(ctx: ChartClientsContext, patientId: string, options: { readonly heap?: boolean } = {}): Promise<AppLaunch> {
  const { sandbox, hop, browser } = ctx;
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    const launch = sandbox.auth.createLaunch({ fhirUser: ctx.fhirUser, patient: patientId });
    await hop.take();
    await page.goto(`${sandbox.launchUrl}?${new URLSearchParams({ iss: sandbox.ehrFhirUrl, launch })}`);
    await page.waitForFunction(() => window.__curbsideBench?.complete, undefined, { timeout: 600_000, polling: 100 });
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

/** A page on the app's origin (so the EHR's CORS rules apply as they do to the app) with a fresh token. */
async function referencePage(ctx: ChartClientsContext, run: (page: Page) => Promise<number>): Promise<ChartRead> {
  const context = await ctx.browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(`${ctx.sandbox.appUrl}/config.json`);
    await page.addScriptTag({ path: fhirclientBrowserBuild() });
    // Open the browser's connections to the EHR before the clock starts (six: Chromium's limit per
    // host), so a reference never pays for connection set-up the app's launch has already done.
    await page.evaluate(async (url) => {
      await Promise.all(Array.from({ length: 6 }, () => fetch(url).then((r) => r.text())));
    }, `${ctx.sandbox.ehrFhirUrl}/.well-known/smart-configuration`);
    await ctx.hop.take();
    const ms = await run(page);
    const fhir = (await ctx.hop.take()).filter(isFhir(ctx.sandbox));
    return { ms, fhir };
  } finally {
    await context.close();
  }
}

function fhirclientBrowserBuild(): string {
  return createRequire(import.meta.url).resolve('fhirclient/build/fhir-client.min.js');
}

/**
 * The floor: a minimal fetch() client issues every search at once, each asking for the server's
 * largest page, and follows each search's next links until the last page.
 */
export function readFloor(ctx: ChartClientsContext, token: string, searches: readonly string[], maxCount: number): Promise<ChartRead> {
  const urls = searches.map((url) => withCount(url, maxCount));
  return referencePage(ctx, (page) =>
    page.evaluate(
      async ({ urls, token }) => {
        const headers = { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' };
        const readAll = async (first: string): Promise<void> => {
          let next: string | undefined = first;
          while (next) {
            const response: Response = await fetch(next, { headers });
            const body = (await response.json()) as { link?: { relation: string; url: string }[] };
            next = body.link?.find((l) => l.relation === 'next')?.url;
          }
        };
        const started = performance.now();
        await Promise.all(urls.map(readAll));
        return performance.now() - started;
      },
      { urls, token },
    ),
  );
}

/** The naive way: fhirclient, one search after another, the server's default page size, every page. */
export function readNaive(ctx: ChartClientsContext, token: string, patientId: string, searches: readonly string[]): Promise<ChartRead> {
  const urls = searches.map((url) => withCount(url, undefined));
  return referencePage(ctx, (page) =>
    page.evaluate(
      async ({ urls, token, patientId, serverUrl }) => {
        const FHIR = (window as unknown as { FHIR: { client(state: object): { request(url: string, options: object): Promise<unknown> } } }).FHIR;
        const client = FHIR.client({ serverUrl, tokenResponse: { access_token: token, patient: patientId } });
        const started = performance.now();
        for (const url of urls) {
          await client.request(url, { pageLimit: 0 });
        }
        return performance.now() - started;
      },
      { urls, token, patientId, serverUrl: ctx.sandbox.ehrFhirUrl },
    ),
  );
}

/** Sets `_count` on a search URL (or removes it); a read by id is left alone. */
export function withCount(url: string, count: number | undefined): string {
  const parsed = new URL(url);
  if (!parsed.search) {
    return url;
  }
  if (count === undefined) {
    parsed.searchParams.delete('_count');
  } else {
    parsed.searchParams.set('_count', String(count));
  }
  return parsed.href;
}
