import { fileURLToPath } from 'node:url';
import { ID_TOKEN_HEADER, ISSUER_HEADER } from '../../fhir-proxy/src/api/headers.ts';
import { specialistsFor } from '../../fixtures/data/index.ts';
import { startSandbox } from '../../fixtures/sandbox/sandbox.ts';
import { signInStandalone } from '../../fixtures/sandbox/testing/smart-launch.ts';
import { auditStored, proxyCall } from './audit-settle.ts';
import { freePort, spawnFhirServerProcess, spawnProxy } from './processes.ts';
import { REQUEST_LOG_PATH, type StoreRequest } from './queue-store.ts';
import { QUEUE_TARGETS } from './seed-consults.ts';
import type { Headline, Section, Table } from './report.ts';
import { bytes, count, median, ms, ratio } from './stats.ts';

export const QUEUE_PRIORITIES = ['stat', 'asap', 'urgent', 'routine'] as const;
export type QueuePriority = (typeof QUEUE_PRIORITIES)[number];

const GOAL = 1.2;
const PAGE_SIZE = 20;

/** The queue views measured: the app's landing view (every urgency, most urgent first) and each urgency filter. */
const VIEWS: readonly { readonly label: string; readonly urgency: QueuePriority | undefined }[] = [
  { label: 'open, all urgencies', urgency: undefined },
  ...QUEUE_PRIORITIES.map((p) => ({ label: `open, ${p}`, urgency: p })),
];

export interface QueueBenchOptions {
  readonly sizes: readonly number[];
  readonly reps: number;
  readonly log: (line: string) => void;
}

interface ViewResult {
  readonly pairs: number;
  readonly size: number;
  readonly view: string;
  readonly items: number;
  readonly direct: number;
  readonly proxy: number;
  /** An empty call through the same proxy (`GET /health`, no store request), timed alongside. */
  readonly hop: number;
  readonly searches: readonly string[];
  readonly searchBytes: number;
  readonly proxyRequests: readonly StoreRequest[];
  readonly answeredBytes: number;
}

const sleep = (msToWait: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msToWait));

/** Times one call; a proxy call's AuditEvent (written just after its answer) is then waited for, untimed. */
async function timed(run: () => Promise<string | null | undefined>, storeUrl: string): Promise<number> {
  const started = performance.now();
  const requestId = await run();
  const elapsed = performance.now() - started;
  await auditStored(storeUrl, requestId ?? null);
  return elapsed;
}

async function readAll(url: string, headers: Record<string, string>): Promise<ArrayBuffer> {
  const response = await fetch(url, { headers });
  const body = await response.arrayBuffer();
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
  }
  return body;
}

/** The store's request log since the last call (and empties it). */
async function takeLog(storeOrigin: string): Promise<StoreRequest[]> {
  return (await (await fetch(`${storeOrigin}${REQUEST_LOG_PATH}`)).json()) as StoreRequest[];
}

/** The requests one proxy call made, its AuditEvent write included (written just after the answer, so waited for). */
async function proxyRequests(storeOrigin: string, call: () => Promise<unknown>): Promise<StoreRequest[]> {
  await takeLog(storeOrigin);
  await call();
  const seen: StoreRequest[] = [];
  for (let i = 0; i < 200 && !seen.some((r) => r.method === 'PUT' && r.url.includes('/AuditEvent/')); i++) {
    await sleep(10);
    seen.push(...(await takeLog(storeOrigin)));
  }
  return seen;
}

/** Part 4: the specialist queue's first page through the proxy, at growing store sizes, against the same searches sent straight to the store. */
export async function benchQueue(options: QueueBenchOptions): Promise<Section> {
  const specialist = specialistsFor('nephrology')[0];
  if (!specialist) {
    throw new Error('The directory has no nephrologist to sign in as');
  }
  // The sandbox's EHR and SMART server sign the specialist in (standalone, as the app's launch page does).
  // Its specialists' fhirUser names a Practitioner in the sandbox's own consult store, so that store is
  // taken off its port and each size's seeded store is started on the same port in its place: the
  // proxy then finds the signed-in specialist in the store it is pointed at, as in production.
  // No app is served here: the public folder (config, icons) stands in for a build, as in the fuzz and load runs.
  const sandbox = await startSandbox({ appDir: fileURLToPath(new URL('../../smart-app/public', import.meta.url)) });
  await sandbox.consultStore.pause();
  const storePort = new URL(sandbox.storeFhirUrl).port;
  const fhirUser = `${sandbox.storeFhirUrl}/Practitioner/${specialist.practitioner.id}`;
  const results: ViewResult[] = [];
  const seeding: string[] = [];
  let performers = '';
  try {
    for (const size of options.sizes) {
      const store = await spawnFhirServerProcess(['--consults', String(size), '--port', storePort], 'scripts/bench/queue-store.ts');
      const storeOrigin = new URL(store.baseUrl).origin;
      const proxy = await spawnProxy({ port: await freePort(), storeUrl: store.baseUrl, ehrFhirUrl: sandbox.ehrFhirUrl, appOrigin: sandbox.appUrl }).catch(async (err: unknown) => {
        await store.stop();
        throw err;
      });
      try {
        const [, resources, seededMs] = /seeded (\d+) resources in (\d+) ms/.exec(store.banner) ?? [];
        seeding.push(`${count(size)} consults = ${count(Number(resources))} resources in ${ms(Number(seededMs))}`);
        const token = await signInStandalone(sandbox, fhirUser);
        const headers = { Authorization: `Bearer ${token.access_token}`, [ISSUER_HEADER]: sandbox.ehrFhirUrl, ...(token.id_token ? { [ID_TOKEN_HEADER]: token.id_token } : {}) };
        // The first call verifies the sign-in and finds the specialist's roles and pools (cached after).
        const me = JSON.parse(new TextDecoder().decode(await readAll(`${proxy.url}/specialist/me`, headers))) as { roles: { id: string }[]; pools: { id: string }[] };
        performers = [...me.roles.map((r) => `PractitionerRole/${r.id}`), ...me.pools.map((p) => `HealthcareService/${p.id}`)].join(',');
        for (const view of VIEWS) {
          const query = new URLSearchParams({ status: 'open', pageSize: String(PAGE_SIZE), ...(view.urgency ? { urgency: view.urgency } : {}) });
          let answered = new ArrayBuffer(0);
          const viaProxy = async (): Promise<string | null> => {
            const { body, requestId } = await proxyCall(`${proxy.url}/specialist/queue?${query}`, headers);
            answered = body;
            return requestId;
          };
          await auditStored(store.baseUrl, await viaProxy());
          await auditStored(store.baseUrl, await viaProxy());
          // What the proxy asked of the store for one page; its searches, replayed in order, are the reference.
          const asked = await proxyRequests(storeOrigin, viaProxy);
          const searches = asked.filter((r) => r.method === 'GET').map((r) => `${storeOrigin}${r.url}`);
          let searchBytes = 0;
          const direct = async (): Promise<undefined> => {
            searchBytes = 0;
            for (const url of searches) {
              searchBytes += (await readAll(url, { Accept: 'application/fhir+json' })).byteLength;
            }
            return undefined;
          };
          await direct();
          await direct();
          // The least any process in between costs here: an answer with no store request and no audit.
          const emptyCall = async (): Promise<undefined> => {
            await readAll(`${proxy.url}/health`, {});
            return undefined;
          };
          const proxyMs: number[] = [];
          const directMs: number[] = [];
          const hopMs: number[] = [];
          // At least `reps` pairs; more (up to 5×) while they take under ~4 s, where a page is quick.
          const budget = performance.now() + 4_000;
          for (let i = 0; i < options.reps || (i < options.reps * 5 && performance.now() < budget); i++) {
            const order: [number[], () => Promise<string | null | undefined>][] = i % 2 ? [[directMs, direct], [hopMs, emptyCall], [proxyMs, viaProxy]] : [[proxyMs, viaProxy], [hopMs, emptyCall], [directMs, direct]];
            for (const [samples, run] of order) {
              samples.push(await timed(run, store.baseUrl));
            }
          }
          const page = JSON.parse(new TextDecoder().decode(answered)) as { items: unknown[] };
          results.push({
            pairs: proxyMs.length,
            size,
            view: view.label,
            items: page.items.length,
            direct: median(directMs),
            proxy: median(proxyMs),
            hop: median(hopMs),
            searches,
            searchBytes,
            proxyRequests: asked,
            answeredBytes: answered.byteLength,
          });
        }
        await takeLog(storeOrigin);
        const ofSize = results.filter((r) => r.size === size);
        options.log(`  queue ${count(size)} consults: ${ofSize.map((r) => `${r.view} proxy ${ms(r.proxy)} / direct ${ms(r.direct)} (${ratio(r.proxy, r.direct)})`).join('; ')}`);
      } finally {
        await proxy.stop();
        await store.stop();
      }
    }
  } finally {
    await sandbox.stop();
  }
  return queueSection(results, options, seeding, performers);
}

function pairRange(results: readonly ViewResult[]): string {
  const pairs = results.map((r) => r.pairs);
  const [low, high] = [Math.min(...pairs), Math.max(...pairs)];
  return low === high ? `${count(low)}` : `${count(low)} to ${count(high)}`;
}

// One page is "flat" when, at the largest store, the proxy sends no more requests and answers no more
// than 10% more bytes than at the smallest store where that view's page was already full.
function flatness(results: readonly ViewResult[]): { judged: boolean; flat: boolean } {
  let judged = false;
  let flat = true;
  for (const view of VIEWS) {
    const full = results.filter((r) => r.view === view.label && r.items === PAGE_SIZE);
    const [first, last] = [full[0], full[full.length - 1]];
    if (first && last && first !== last) {
      judged = true;
      flat &&= last.proxyRequests.length <= first.proxyRequests.length && last.answeredBytes <= first.answeredBytes * 1.1;
    }
  }
  return { judged, flat };
}

function queueSection(results: readonly ViewResult[], options: QueueBenchOptions, seeding: readonly string[], performers: string): Section {
  const rows = results.map((r) => {
    const writes = r.proxyRequests.length - r.searches.length;
    return [
      count(r.size),
      r.view,
      `${count(r.items)} of ${PAGE_SIZE}`,
      ms(r.direct),
      count(r.searches.length),
      bytes(r.searchBytes),
      ms(r.proxy),
      ms(r.proxy - r.direct),
      `${count(r.proxyRequests.length)} (${count(r.searches.length)} search${r.searches.length === 1 ? '' : 'es'}${writes ? ` + ${count(writes)} audit write` : ''})`,
      bytes(r.answeredBytes),
      ratio(r.proxy, r.direct),
      ratio(r.direct + r.hop, r.direct),
    ];
  });
  const table: Table = {
    caption: `First page (${PAGE_SIZE}) of one nephrologist's queue, at each store size`,
    columns: ['consults in store', 'view', 'page', 'same searches, direct', 'searches', 'bytes of their answers', 'through the proxy', 'added by the proxy', 'proxy requests to store', 'bytes proxy → app', 'proxy ÷ direct', '(direct + an empty call through the proxy) ÷ direct'],
    rows,
  };
  const sizes = [...new Set(results.map((r) => r.size))];
  const worst = results.reduce<ViewResult | undefined>((w, r) => (!w || r.proxy / r.direct > w.proxy / w.direct ? r : w), undefined);
  const allMet = results.every((r) => Number((r.proxy / r.direct).toFixed(2)) <= GOAL);
  const { judged, flat } = flatness(results);
  const headlines: Headline[] = [
    {
      label: `Queue first page through the proxy ÷ the same FHIR searches straight to the store, worst of ${VIEWS.length} views at ${sizes.map(count).join(' / ')} consults`,
      value: worst ? ratio(worst.proxy, worst.direct) : 'n/a',
      goal: `≤ ${GOAL}× at every size; requests and bytes flat`,
      status: allMet && flat ? 'met' : 'missed',
    },
  ];
  const singlePriority = (size: number): number => median(results.filter((r) => r.size === size && r.view !== VIEWS[0]?.label).map((r) => r.direct));
  const [smallest, largest] = [sizes[0], sizes[sizes.length - 1]];
  if (smallest !== undefined && largest !== undefined && smallest !== largest) {
    headlines.push({
      label: `Queue first page straight from the sandbox store, ${count(largest)} ÷ ${count(smallest)} consults (the store's own linear scan)`,
      value: ratio(singlePriority(largest), singlePriority(smallest)),
      goal: '– (reference)',
      status: 'info',
    });
  }
  const perSize = sizes.map((size) => {
    const of = results.filter((r) => r.size === size);
    const requests = of.map((r) => r.proxyRequests.length);
    return `${count(size)}: ${Math.min(...requests)}–${Math.max(...requests)} requests, ${bytes(Math.min(...of.map((r) => r.answeredBytes)))}–${bytes(Math.max(...of.map((r) => r.answeredBytes)))} answered`;
  });
  const added = sizes.map((size) => `${count(size)}: ${ms(median(results.filter((r) => r.size === size).map((r) => r.proxy - r.direct)))}`);
  const hops = results.map((r) => r.hop);
  const beyondHop = sizes.map((size) => `${count(size)}: ${ms(median(results.filter((r) => r.size === size).map((r) => r.proxy - r.direct - r.hop)))}`);
  const tightest = results.reduce<ViewResult | undefined>((w, r) => (!w || r.hop / r.direct > w.hop / w.direct ? r : w), undefined);
  return {
    id: 'queue',
    title: '4. Specialist queue, first page',
    goal: `the requests and bytes our side moves stay flat (one page, never the whole queue), and our time stays within ${GOAL}× of the same FHIR search sent straight to the store, at 1,000, 10,000 and 100,000 consults.`,
    method: [
      `For each size a consult store (the sandbox FHIR server) is started in its own process and seeded straight through its repository by \`scripts/bench/seed-consults.ts\`: N consults as the proxy writes them (its own builders: a ServiceRequest and its question Communication), spread over all ${QUEUE_TARGETS.length} pools and specialists, four priorities (60% routine, 25% urgent, 10% asap, 5% stat), three statuses (70% active) and a year of dates, about 20 per patient, a sample validated against R4 first. Seeding: ${seeding.join('; ')}.`,
      `**through the proxy**: a proxy process (its production entry) pointed at that store; a nephrologist signs in at the sandbox EHR's SMART server (standalone launch, as the app's launch page does) and the benchmark calls \`GET /specialist/queue?status=open&pageSize=${PAGE_SIZE}\` as the queue screen does (and with \`&urgency=<p>\`, as its urgency filter does), until the body is read. The proxy asks for the specialist's roles and pools (\`performer=${performers}\`), one search per urgency level, most urgent first, until the page is full, each bringing the consults' threads, Tasks and patients (\`_revinclude=Communication:based-on&_revinclude=Task:based-on&_include=ServiceRequest:subject\`), then writes the call's AuditEvent after answering. The store logs every request it answers, which is where the proxy's request counts come from; its searches are the direct column's requests, so the same bytes come back to it.`,
      `**same searches, direct**: the searches the proxy sent the store for that page (read from the store's log), sent from the benchmark straight to the store, one after the other as the proxy sends them (each asks for what the previous left missing). Proxy and direct calls alternate, ${options.reps} of each at least (up to ${options.reps * 5} where a page is quick; ${pairRange(results)} here), after two warm-up calls, medians; after each proxy call the benchmark waits, untimed, until its AuditEvent is in the store, so that write never falls into the next measurement. The sandbox store scans linearly, so its own time grows with the store; the goal is about what the proxy adds. **an empty call**: \`GET /health\` through the same proxy (answered without the store, not audited), timed in every round beside the two: what any process in between costs on this machine before it does any work. The last column adds it to the direct time: the least a proxy could show for that page.`,
    ],
    tables: [table],
    findings: [
      `Time the proxy adds to its searches (median over the views) per store size: ${added.join('; ')}. It is the same work at every size (one page of ${PAGE_SIZE} read, summarised and written as JSON, one process in between), so it does not grow with the store; where the store answers in a few milliseconds it is a large share of the total, and the ratio with it.`,
      ...(tightest
        ? [
            `An empty call through the proxy took ${ms(Math.min(...hops))}–${ms(Math.max(...hops))}. Added to the direct searches alone, it puts the page where it weighs most (${count(tightest.size)} consults, ${tightest.view}: ${ms(tightest.direct)} direct) at ${ratio(tightest.direct + tightest.hop, tightest.direct)}, ${tightest.hop / tightest.direct <= GOAL - 1 ? `within the ${GOAL}× goal before the proxy reads anything` : `past the ${GOAL}× goal before the proxy reads anything`}. What the proxy does beyond that empty call (its searches sent and their answers read, the page built and written as JSON, the access check), per store size: ${beyondHop.join('; ')}.`,
          ]
        : []),
      `Requests the proxy sent the store per first page (searches and the audit write), and bytes it answered the app, per store size: ${perSize.join('; ')}. A page needs at most one search per urgency level (the landing view stops at the first level that fills it), never one per row: patients come with the consults (\`_include\`) and threads with them (\`_revinclude\`).${judged ? ` Against the smallest store where each view's page is full, the largest sends ${flat ? 'no more requests and answers no more bytes (within 10%)' : 'more: see the table'}.` : ''}`,
    ],
    headlines,
  };
}
