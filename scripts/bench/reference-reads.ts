import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { ChartClientsContext, ChartRead } from './chart-clients.ts';
import { isFhir } from './chart-clients.ts';

// The two references part 1 measures the app against, in the same Chromium, through the same hop.

/** A page on the app's origin (so the EHR's CORS rules apply as they do to the app) with a fresh token. */
async function referencePage(ctx: ChartClientsContext, run: (page: Page) => Promise<number>): Promise<ChartRead> {
  const context = await ctx.browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(`${ctx.sandbox.appUrl}/config.json`);
    await page.addScriptTag({ path: fhirclientBrowserBuild() });
    // One request to the EHR before the clock starts, as the app has just made its token request
    // there: both then start with one open connection and open the others as they fan out.
    await page.evaluate(async (url) => {
      await (await fetch(url)).text();
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
