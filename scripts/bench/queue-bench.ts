import type { Bundle } from 'fhir/r4';
import { poolFor, specialistsFor } from '../../fixtures/data/index.ts';
import { spawnFhirServerProcess } from './processes.ts';
import { QUEUE_TARGETS } from './seed-consults.ts';
import type { Headline, Section, Table } from './report.ts';
import { bytes, count, median, ms, ratio } from './stats.ts';

export const QUEUE_PRIORITIES = ['stat', 'asap', 'urgent', 'routine'] as const;
export type QueuePriority = (typeof QUEUE_PRIORITIES)[number];

/** One first-page read: how long, how many requests reached the store, how many bytes came back. */
export interface QueueSample {
  readonly ms: number;
  readonly requests: number;
  readonly bytes: number;
}

export interface QueueProbeContext {
  readonly storeUrl: string;
  /** The FHIR `performer` value the queue asks for: the specialist's role and their pool. */
  readonly performer: string;
  readonly priority: QueuePriority;
  readonly consults: number;
}

/**
 * HOOK for the proxy's queue endpoint (issue 3, being built on another branch). When it lands, set
 * `queueEndpointProbe` to a function that starts (or reuses) a proxy pointed at `storeUrl`, signs in
 * as the specialist of `performer` and reads the first page of their queue for `priority`, returning
 * the time, the number of requests the proxy sent to the store (count them with a `spawnLatencyHop`
 * in reverse mode between proxy and store) and the bytes it answered. Each row then shows our side
 * next to the same FHIR search sent straight to the store. Until then the rows read "pending issue 3".
 */
export type QueueEndpointProbe = (context: QueueProbeContext) => Promise<QueueSample>;
export const queueEndpointProbe: QueueEndpointProbe | undefined = undefined;

const GOAL = 1.2;

/** The search the queue's first page is made of, straight to the store: one page of 20, newest first. */
export function queueSearchUrl(storeUrl: string, performer: string, priority: QueuePriority): string {
  return `${storeUrl}/ServiceRequest?${new URLSearchParams({ performer, status: 'active', priority, _sort: '-authored', _count: '20' })}`;
}

async function directSample(url: string): Promise<QueueSample & { total: number; entries: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Accept: 'application/fhir+json' } });
  const body = await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (!response.ok) {
    throw new Error(`The queue search answered ${response.status}`);
  }
  const bundle = JSON.parse(new TextDecoder().decode(body)) as Bundle;
  return { ms: elapsed, requests: 1, bytes: body.byteLength, total: bundle.total ?? 0, entries: bundle.entry?.length ?? 0 };
}

export interface QueueBenchOptions {
  readonly sizes: readonly number[];
  readonly reps: number;
  readonly log: (line: string) => void;
}

/** Part 4: the specialist queue's first page at growing store sizes. */
export async function benchQueue(options: QueueBenchOptions): Promise<Section> {
  const specialist = specialistsFor('nephrology')[0];
  const performer = [specialist ? `PractitionerRole/${specialist.role.id}` : undefined, `HealthcareService/${poolFor('nephrology').id}`].filter(Boolean).join(',');
  const rows: string[][] = [];
  const seeding: string[] = [];
  const firstPageMs = new Map<number, number>();
  for (const size of options.sizes) {
    const store = await spawnFhirServerProcess(['--consults', String(size)], 'scripts/bench/queue-store.ts');
    try {
      const [, resources, seededMs] = /seeded (\d+) resources in (\d+) ms/.exec(store.banner) ?? [];
      seeding.push(`${count(size)} consults = ${count(Number(resources))} resources in ${ms(Number(seededMs))}`);
      const sizeMs: number[] = [];
      for (const priority of QUEUE_PRIORITIES) {
        const url = queueSearchUrl(store.baseUrl, performer, priority);
        await directSample(url); // warm-up: the JIT and the first parse of the search
        await directSample(url);
        const samples = [];
        for (let i = 0; i < options.reps; i++) {
          samples.push(await directSample(url));
        }
        const direct = median(samples.map((s) => s.ms));
        sizeMs.push(direct);
        const first = samples[0];
        const ours = queueEndpointProbe ? await queueEndpointProbe({ storeUrl: store.baseUrl, performer, priority, consults: size }) : undefined;
        rows.push([
          count(size),
          priority,
          `${count(first?.entries ?? Number.NaN)} of ${count(first?.total ?? Number.NaN)}`,
          ms(direct),
          count(first?.requests ?? Number.NaN),
          bytes(first?.bytes ?? Number.NaN),
          ours ? ms(ours.ms) : 'pending issue 3',
          ours ? count(ours.requests) : '',
          ours ? bytes(ours.bytes) : '',
          ours ? ratio(ours.ms, direct) : '',
        ]);
      }
      firstPageMs.set(size, median(sizeMs));
      options.log(`  queue ${count(size)} consults: first page ${ms(median(sizeMs))} straight from the store`);
    } finally {
      await store.stop();
    }
  }
  const table: Table = {
    caption: 'First page (20) of one specialist\'s queue, per priority, at each store size',
    columns: ['consults in store', 'priority', 'page', 'store direct', 'requests', 'bytes', 'through the proxy', 'proxy requests to store', 'proxy bytes', 'proxy ÷ direct'],
    rows,
  };
  const sizes = [...firstPageMs.keys()];
  const smallest = sizes[0];
  const largest = sizes[sizes.length - 1];
  const headlines: Headline[] = [
    {
      label: `Queue first page through the proxy ÷ the same FHIR search straight to the store, ${sizes.map(count).join(' / ')} consults`,
      value: 'pending issue 3',
      goal: `≤ ${GOAL}× at every size; requests and bytes flat`,
      status: 'pending',
    },
  ];
  if (smallest !== undefined && largest !== undefined && smallest !== largest) {
    headlines.push({
      label: `Queue first page straight from the sandbox store, ${count(largest)} ÷ ${count(smallest)} consults (the store's own linear scan)`,
      value: ratio(firstPageMs.get(largest) ?? Number.NaN, firstPageMs.get(smallest) ?? Number.NaN),
      goal: '– (reference)',
      status: 'info',
    });
  }
  return {
    id: 'queue',
    title: '4. Specialist queue, first page',
    goal: `the requests and bytes our side moves stay flat (one page, never the whole queue), and our time stays within ${GOAL}× of the same FHIR search sent straight to the store, at 1,000, 10,000 and 100,000 consults.`,
    method: [
      `For each size a consult store (the sandbox FHIR server) is started in its own process and seeded straight through its repository by \`scripts/bench/seed-consults.ts\`: N consults as the proxy writes them (its own builders: a ServiceRequest and its question Communication), spread over all ${QUEUE_TARGETS.length} pools and specialists, four priorities (60% routine, 25% urgent, 10% asap, 5% stat), three statuses (70% active) and a year of dates, about 20 per patient, a sample validated against R4 first. Seeding: ${seeding.join('; ')}.`,
      `The queue's first page is one FHIR search per priority for a nephrologist (their PractitionerRole or their pool): \`ServiceRequest?performer=${performer}&status=active&priority=<p>&_sort=-authored&_count=20\`, measured straight against the store (${options.reps} runs each, medians, after two warm-up runs). The sandbox store scans linearly, so its own time grows with the store; the goal is about what the proxy adds.`,
      "**Pending issue 3**: the proxy's queue endpoint is being built on another branch. The hook is `queueEndpointProbe` in `scripts/bench/queue-bench.ts`: once set, each row shows the proxy's time, the requests it sent to the store and the bytes it answered, next to the direct search. No number is invented for it here.",
    ],
    tables: [table],
    findings: [],
    headlines,
  };
}
