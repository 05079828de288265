import type { Bundle } from 'fhir/r4';
import type { ConsultRequestInput } from '../../fhir-proxy/src/api/consult-input.ts';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import { consultFixture, getText, postJson, type ConsultFixture, type Session } from './consult-fixture.ts';
import type { Headline, Section, Table } from './report.ts';
import { count, meets, median, ms, percentile, ratio } from './stats.ts';

export interface SubmitBenchOptions {
  readonly sandbox: Sandbox;
  readonly proxyUrl: string;
  readonly storeUrl: string;
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

const GOAL = 1.2;
// The headers the proxy's store client sends with a transaction, so the bare POST asks the store for the same answer.
const FHIR_JSON = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', Prefer: 'return=representation' };

const SETTLE_MS = 5;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

async function timed(send: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await send();
  return performance.now() - started;
}

interface Throughput {
  readonly perSecond: number;
  readonly latencies: readonly number[];
  readonly failures: number;
}

/** `concurrency` submitters, each sending one consult after another until `total` have been sent. */
async function throughput(total: number, concurrency: number, send: (worker: number) => Promise<unknown>): Promise<Throughput> {
  let remaining = total;
  let failures = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (remaining > 0) {
        remaining -= 1;
        try {
          latencies.push(await timed(() => send(worker)));
        } catch {
          failures += 1;
        }
      }
    }),
  );
  return { perSecond: ((total - failures) * 1000) / (performance.now() - started), latencies, failures };
}

/**
 * Part 2: a consult through the proxy against a bare transaction POST of the same resources to the store.
 * The proxy is measured on the path the app takes (the composer's check while the physician writes, then
 * Send) and cold (Send with nothing checked, the first consult of a new session).
 */
export async function benchSubmit(options: SubmitBenchOptions): Promise<Section> {
  const { proxyUrl, storeUrl, quick, log } = options;
  const fixture = await consultFixture(options.sandbox, storeUrl);
  const session = await fixture.session();
  const viaProxy = (s: Session, input: ConsultRequestInput) => postJson(`${proxyUrl}/consults`, input, s.headers, [201]);
  // What the composer does while the physician writes: not part of the wait after Send.
  const check = (s: Session, input: ConsultRequestInput) => postJson(`${proxyUrl}/consults/shared-check`, fixture.sharedCheck(input), s.headers, [200]);
  const bare = (body: Bundle) => postJson(storeUrl, body, FHIR_JSON, [200]);
  // The same reads a cold send makes first, sent straight to the EHR and the store, all at once.
  const reads = (f: ConsultFixture) => Promise.all(f.proxyReads(f.input(), session).map((r) => getText(r.url, r.headers)));
  // A new physician session whose token the proxy has verified (the app's first call, the directory,
  // does that long before Send) and for which nothing is cached: what a cold send meets.
  const newSession = async (): Promise<Session> => {
    const s = await fixture.session();
    await getText(`${proxyUrl}/directory`, s.headers);
    return s;
  };

  // Warm-up: the proxy verifies this session's token once, then caches it; the JIT warms on every side.
  for (let i = 0; i < (quick ? 2 : 30); i++) {
    const input = fixture.input();
    await check(session, input);
    await viaProxy(session, input);
    await viaProxy(await newSession(), fixture.input());
    await bare(fixture.bundleAsWritten(fixture.input()));
    await bare(fixture.bundle(fixture.input()));
    await reads(fixture);
  }
  const afterCheckMs: number[] = [];
  const coldMs: number[] = [];
  const bareMs: number[] = [];
  const bareBuilderMs: number[] = [];
  const readsMs: number[] = [];
  const hopMs: number[] = [];
  const iterations = quick ? 3 : 60;
  for (let i = 0; i < iterations; i++) {
    // The order rotates: the store grows with every consult, and each path should see the same store.
    // Each step's untimed preparation (the check, a new session, building the bundle) comes first.
    const steps: [number[], () => Promise<() => Promise<unknown>>][] = [
      [afterCheckMs, async () => { const input = fixture.input(); await check(session, input); return () => viaProxy(session, input); }],
      [coldMs, async () => { const s = await newSession(); const input = fixture.input(); return () => viaProxy(s, input); }],
      [bareMs, async () => { const body = fixture.bundleAsWritten(fixture.input()); return () => bare(body); }],
      [bareBuilderMs, async () => { const body = fixture.bundle(fixture.input()); return () => bare(body); }],
      [readsMs, async () => () => reads(fixture)],
      // The smallest call through the proxy: what its hop costs before it does any work.
      [hopMs, async () => () => getText(`${proxyUrl}/health`)],
    ];
    for (let k = 0; k < steps.length; k++) {
      const [samples, prepare] = steps[(i + k) % steps.length] as (typeof steps)[number];
      const run = await prepare();
      // What the last request left running settles first (the proxy writes a call's AuditEvent after
      // answering it): a physician's Send does not follow their last tick within milliseconds.
      await settle();
      samples.push(await timed(run));
    }
  }
  const afterCheck = median(afterCheckMs);
  const cold = median(coldMs);
  const direct = median(bareMs);
  const floor = median(bareBuilderMs.map((b, i) => b + (readsMs[i] ?? Number.NaN)));
  const hop = median(hopMs);
  const bareAndHop = median(bareMs.map((b, i) => b + (hopMs[i] ?? Number.NaN)));
  log(`  submit: proxy after check ${ms(afterCheck)}, cold ${ms(cold)}, bare ${ms(direct)} (${ratio(afterCheck, direct)} / cold ${ratio(cold, direct)}), bare without Task and Provenance ${ms(median(bareBuilderMs))}`);

  const rows: string[][] = [];
  for (const concurrency of quick ? [1, 2] : [1, 8, 32]) {
    // One physician session per submitter: each token is verified once and the shared items checked once
    // (every consult of the run shares the same items, fresh in the proxy's cache for its five minutes).
    const sessions = await Promise.all(Array.from({ length: concurrency }, () => fixture.session()));
    await Promise.all(sessions.map(async (s) => check(s, fixture.input())));
    const total = quick ? concurrency * 2 : Math.max(60, concurrency * 6);
    const through = await throughput(total, concurrency, (worker) => viaProxy(sessions[worker] as Session, fixture.input()));
    const straight = await throughput(total, concurrency, () => bare(fixture.bundleAsWritten(fixture.input())));
    rows.push([
      String(concurrency),
      `${through.perSecond.toFixed(1)}/s`,
      `${straight.perSecond.toFixed(1)}/s`,
      ratio(straight.perSecond, through.perSecond),
      ms(median(through.latencies)),
      ms(percentile(through.latencies, 95)),
      ms(median(straight.latencies)),
      `${count(total)} / ${count(through.failures)} / ${count(straight.failures)}`,
    ]);
    log(`  submit ×${concurrency}: proxy ${through.perSecond.toFixed(1)}/s, bare ${straight.perSecond.toFixed(1)}/s`);
  }

  const sample = fixture.input();
  const written = fixture.bundleAsWritten(sample).entry?.length ?? 0;
  const built = fixture.bundle(sample).entry?.length ?? 0;
  const p95 = (values: readonly number[]): string => ms(percentile(values, 95));
  const single: Table = {
    caption: 'One consult at a time (medians)',
    columns: ['path', 'median', 'p95', 'proxy after check ÷ this'],
    rows: [
      ['through the proxy, after the composer\'s check (the app\'s path)', ms(afterCheck), p95(afterCheckMs), '1.00×'],
      ['through the proxy, cold: nothing checked beforehand (a new session\'s first consult)', ms(cold), p95(coldMs), ratio(afterCheck, cold)],
      [`bare transaction POST of the same ${written} resources (the goal's reference)`, ms(direct), p95(bareMs), ratio(afterCheck, direct)],
      [`bare transaction POST of the builder's ${built} (no Task, no Provenance: the reference used before)`, ms(median(bareBuilderMs)), p95(bareBuilderMs), ratio(afterCheck, median(bareBuilderMs))],
      [`the cold path's reads alone, sent directly in parallel (${fixture.proxyReads(sample, session).length} requests)`, ms(median(readsMs)), p95(readsMs), ratio(afterCheck, median(readsMs))],
      ['bare POST (builder\'s) + those reads (what a cold send cannot avoid)', ms(floor), '', ratio(afterCheck, floor)],
      ['the smallest call through the proxy (`GET /health`): its hop alone', ms(hop), p95(hopMs), ratio(afterCheck, hop)],
      ['bare POST (same resources) + that hop (what any proxy in front adds, doing nothing)', ms(bareAndHop), '', ratio(afterCheck, bareAndHop)],
    ],
  };
  const headlines: Headline[] = [
    { label: 'Consult submission after the composer\'s check: proxy ÷ bare transaction POST of the same resources', value: ratio(afterCheck, direct), goal: `≤ ${GOAL}×`, status: meets(afterCheck, direct, GOAL) ? 'met' : 'missed' },
    { label: 'Consult submission, cold (nothing checked beforehand): proxy ÷ bare transaction POST of the same resources', value: ratio(cold, direct), goal: '–', status: 'info' },
    { label: 'Consult submission, cold: proxy ÷ (bare POST of the builder\'s transaction + the EHR reads a cold send makes)', value: ratio(cold, floor), goal: '–', status: 'info' },
  ];
  return {
    id: 'submit',
    title: '2. Consult submission',
    goal: `a consult through the proxy within ${GOAL}× of a bare transaction POST of the same resources straight to the store.`,
    method: [
      `The proxy runs its production entry (\`fhir-proxy/src/index.ts\`) in its own process, configured by environment; the consult store is the sandbox FHIR server in its own process; the sandbox EHR and its SMART authorization server run in the benchmark's process. The consult is about ${fixture.patientId}, to the nephrology pool, sharing ${sample.shared.length} chart items plus the reason's Condition. Every iteration makes a new idempotency key.`,
      `**proxy, after the check**: what the app does. While the physician writes, the composer sends the ticked items to \`POST /consults/shared-check\` (untimed here, as it is off the physician's wait: the proxy reads them, and the patient and the requester, from the EHR with the user's token, validates them and keeps them for this session for five minutes); the timed part is \`POST /consults\` as the app sends it, until the 201 is read. The proxy then reads nothing from the EHR: it takes the checked items, verifies nothing again (the token was verified at the session's first call), takes the pool and the store's capabilities from its caches, builds the transaction, validates the ServiceRequest, Task and Communication it built against R4 (the copies and snapshots were validated at the check), and writes one conditional transaction. Each consult gets its own check just before it. **proxy, cold**: \`POST /consults\` in a new session whose token the proxy has verified (with a \`GET /directory\`, as the app's first call does) but for which nothing is cached: the proxy reads the patient, the requester and every shared item from the EHR and the pool from the store (one parallel wave), then as above, validating every copy.`,
      `**bare**: the transaction the proxy writes, built with the proxy's own builders (\`buildConsultTransaction\` with the workflow Task, as the store's CapabilityStatement offers Task, and the Provenance the proxy's store client adds: ${written} entries), POSTed straight to the store, until the 200 is read. Until this branch the reference was the builder's transaction without the Task and the Provenance (${built} entries), which the proxy never writes; it is kept as a row. **the cold path's reads**: the same requests the cold path's wave makes, sent straight to the EHR and the store from the benchmark. ${iterations} of each, in rotating order, after ${quick ? 2 : 30} warm-up rounds; each timed request starts ${SETTLE_MS} ms after whatever ran before it (its untimed check or new session, or the previous timed request), so it does not meet the AuditEvent the proxy writes just after answering a call: a real Send comes long after the physician's last tick.`,
      'Throughput: N submitters at once, each its own SMART session whose items are checked once before the run (all its consults share them), each sending one consult after another; then the same number of bare transactions (the same resources) at the same concurrency. The store takes one transaction at a time (a write lock around each), which bounds both. The last column counts consults, and failed proxy and bare requests.',
    ],
    tables: [
      single,
      { caption: 'Throughput with concurrent submitters', columns: ['submitters', 'proxy', 'bare', 'bare ÷ proxy', 'proxy median', 'proxy p95', 'bare median', 'consults / failed (proxy / bare)'], rows },
    ],
    findings: [
      `After the composer's check the proxy reads nothing on the way: ${ms(afterCheck)} against ${ms(direct)} for the same transaction sent bare (${ratio(afterCheck, direct)}). Its hop alone (an HTTP request to the proxy and its answer, measured as \`GET /health\`) costs ${ms(hop)}: the bare write plus that hop is already ${ratio(bareAndHop, direct)} of the bare write${meets(bareAndHop, direct, GOAL) ? `, leaving ${ms(Math.max(0, GOAL * direct - bareAndHop))} of the ${GOAL}× goal for the proxy's work` : `, more than the ${GOAL}× goal allows before the proxy does any work`}. The rest, ${ms(Math.max(0, afterCheck - bareAndHop))}, is the proxy's work on the way: reading the JSON body and zod, the caller's cached verification, building the transaction, validating against R4 the ServiceRequest, Task and Communication it built from the physician's text, and its own request to the store (the Provenance digest, the body out, the answer parsed).`,
      `Cold, the proxy must first re-read every shared item from the EHR with the physician's token (the check that keeps another chart's data out of a consult): ${ms(cold)}, ${ratio(cold, direct)} of the bare write. Those reads alone take ${ms(median(readsMs))} sent directly.`,
    ],
    headlines,
  };
}
