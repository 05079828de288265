import type { Bundle, Patient } from 'fhir/r4';
import { snapshotQuery } from '../../fhir-proxy/src/fhir/build-snapshots.ts';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import { consultFixture, getText, postJson } from './consult-fixture.ts';
import type { Headline, Section } from './report.ts';
import { meets, median, ms, percentile, ratio } from './stats.ts';

export interface ReadsBenchOptions {
  readonly sandbox: Sandbox;
  readonly proxyUrl: string;
  readonly storeUrl: string;
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

const GOAL = 1.1;
const FHIR = { Accept: 'application/fhir+json' };

interface Pair {
  readonly label: string;
  readonly proxy: () => Promise<unknown>;
  readonly direct: () => Promise<unknown>;
  readonly directDescription: string;
  readonly note: string;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * Hook for the issue-3 thread endpoint (`GET /consults/:id/messages` or however it lands): return the
 * proxy call and the FHIR search(es) it makes, sent directly, to measure them side by side. Until then
 * the row reads "pending issue 3".
 */
export type ThreadProbe = (context: { readonly proxyUrl: string; readonly storeUrl: string; readonly headers: Record<string, string>; readonly consultId: string }) => Pair | undefined;
export const threadProbe: ThreadProbe = () => undefined;

/** Part 3: the proxy's reads against the same FHIR searches sent straight to the store. */
export async function benchReads(options: ReadsBenchOptions): Promise<Section> {
  const { proxyUrl, storeUrl, sandbox, quick, log } = options;
  // A patient of their own, with a handful of consults, so the list is "several", not part 2's hundreds.
  const fixture = await consultFixture(sandbox, storeUrl, 1);
  const session = await fixture.session();
  let consultId = '';
  for (let i = 0; i < 5; i++) {
    await postJson(`${proxyUrl}/consults`, fixture.input(), session.headers, [201]);
  }
  const listed = (await (await fetch(`${proxyUrl}/consults`, { headers: session.headers })).json()) as { consults: { id: string }[] };
  consultId = listed.consults[0]?.id ?? '';

  // The searches GET /consults makes: the patient's snapshot by identifier, then its ServiceRequests with their Communications.
  const snapshotUrl = `${storeUrl}/Patient?${snapshotQuery(sandbox.ehrFhirUrl, 'Patient', fixture.patientId)}&_count=1`;
  const listUrl = (snapshotId: string | undefined): string =>
    `${storeUrl}/ServiceRequest?${new URLSearchParams({ subject: `Patient/${snapshotId}`, _sort: '-authored', _count: '100', _revinclude: 'Communication:based-on' })}`;
  const findSnapshot = async (): Promise<string | undefined> => ((await (await fetch(snapshotUrl, { headers: FHIR })).json()) as Bundle<Patient>).entry?.[0]?.resource?.id;
  const consultsDirect = async (): Promise<void> => {
    await getText(listUrl(await findSnapshot()), FHIR);
  };
  const knownSnapshot = await findSnapshot();
  // The searches GET /directory makes (the proxy keeps the answer for a minute; the direct reads cannot).
  const directoryDirect = (): Promise<unknown> =>
    Promise.all([
      getText(`${storeUrl}/HealthcareService?active=true&_count=200`, FHIR),
      getText(`${storeUrl}/PractitionerRole?active=true&_include=PractitionerRole:practitioner&_count=500`, FHIR),
    ]);

  const pairs: Pair[] = [
    {
      label: "GET /consults (this patient's consults, 5 of them)",
      proxy: () => getText(`${proxyUrl}/consults`, session.headers),
      direct: consultsDirect,
      directDescription: 'Patient?identifier=… then ServiceRequest?subject=…&_revinclude=Communication:based-on',
      note: '',
    },
    {
      label: 'GET /consults, against only the search it makes per call',
      proxy: () => getText(`${proxyUrl}/consults`, session.headers),
      direct: () => getText(listUrl(knownSnapshot), FHIR),
      directDescription: 'ServiceRequest?subject=…&_revinclude=Communication:based-on (snapshot id already known)',
      note: 'what the extra hop costs; not a goal row',
    },
    {
      label: 'GET /directory (specialty pools and specialists)',
      proxy: () => getText(`${proxyUrl}/directory`, session.headers),
      direct: directoryDirect,
      directDescription: 'HealthcareService?active=true and PractitionerRole?active=true&_include=PractitionerRole:practitioner, in parallel',
      note: 'the proxy serves it from a one-minute cache',
    },
  ];
  const thread = threadProbe({ proxyUrl, storeUrl, headers: session.headers, consultId });

  const rows: string[][] = [];
  const headlines: Headline[] = [];
  for (const pair of thread ? [...pairs, thread] : pairs) {
    for (let i = 0; i < (quick ? 2 : 30); i++) {
      await pair.proxy();
      await pair.direct();
    }
    const proxyMs: number[] = [];
    const directMs: number[] = [];
    for (let i = 0; i < (quick ? 3 : 100); i++) {
      const order: [number[], () => Promise<unknown>][] = i % 2 ? [[directMs, pair.direct], [proxyMs, pair.proxy]] : [[proxyMs, pair.proxy], [directMs, pair.direct]];
      for (const [samples, run] of order) {
        samples.push(await time(run));
      }
    }
    const p = median(proxyMs);
    const d = median(directMs);
    rows.push([pair.label, ms(p), ms(percentile(proxyMs, 95)), ms(d), ratio(p, d), pair.directDescription, pair.note]);
    if (!pair.note.includes('not a goal row')) {
      headlines.push({ label: `Proxy read ${pair.label.split(' (')[0]} ÷ the same FHIR searches sent directly`, value: ratio(p, d), goal: `≤ ${GOAL}×`, status: meets(p, d, GOAL) ? 'met' : 'missed' });
    }
    log(`  reads ${pair.label}: proxy ${ms(p)}, direct ${ms(d)} (${ratio(p, d)})`);
  }
  if (!thread) {
    rows.push(['GET a consult thread', 'pending issue 3', '', '', '', 'Communication?based-on=… (or part-of)', 'the endpoint is being built on another branch; wire `threadProbe` in scripts/bench/reads-bench.ts']);
    headlines.push({ label: 'Proxy read of a consult thread ÷ the same FHIR search sent directly', value: 'pending issue 3', goal: `≤ ${GOAL}×`, status: 'pending' });
  }
  return {
    id: 'reads',
    title: '3. Proxy reads',
    goal: `each read through the proxy within ${GOAL}× of the same FHIR searches sent straight to the store.`,
    method: [
      `The proxy process and the store process of part 2. A second cast patient (${fixture.patientId}) gets 5 consults through the proxy first. **proxy**: the call as the app makes it, with a verified session (the verification is cached per token after the first call). **direct**: the FHIR searches a client needs to answer the same question, sent from the benchmark straight to the store, one after the other where the second needs the first. ${quick ? 3 : 100} of each, alternating, after warm-up; medians.`,
      "GET /consults needs the store's snapshot of the EHR patient (a search by identifier) and then that patient's ServiceRequests; the proxy remembers the snapshot's id once found (it never changes), so after the first call it makes one search where a client without it makes two. The second row compares it with that one search alone: the price of the extra hop.",
    ],
    tables: [{ columns: ['read', 'proxy', 'proxy p95', 'direct', 'proxy ÷ direct', 'direct searches', 'note'], rows }],
    findings: [],
    headlines,
  };
}
