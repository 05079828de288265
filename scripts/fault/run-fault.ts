import { fileURLToPath } from 'node:url';
import { createApp } from '../../fhir-proxy/src/app.ts';
import { createDeps } from '../../fhir-proxy/src/create-deps.ts';
import type { Logger } from '../../fhir-proxy/src/lib/logger.ts';
import { createRng, DEFAULT_EHR_USER_ID, ehrPatients } from '../../fixtures/data/index.ts';
import { startFaultProxy, type FaultKind } from '../../fixtures/sandbox/faults/fault-proxy.ts';
import { listen } from '../../fixtures/sandbox/listen.ts';
import { startSandbox } from '../../fixtures/sandbox/sandbox.ts';
import { consultInputFor } from '../../fixtures/sandbox/testing/consult-input.ts';
import { launchAs, proxyHeaders } from '../../fixtures/sandbox/testing/smart-launch.ts';
import { seededUuid } from '../fuzz/values.ts';
import { takeCensus } from './store-census.ts';
import { TestClient } from './test-client.ts';

export interface FaultOptions {
  readonly submissions: number;
  readonly clients: number;
  readonly seed: number;
  /** Share of store requests broken (default 0.3). */
  readonly rate?: number;
}

export interface FaultCounts {
  readonly acknowledged: number;
  readonly created: number;
  readonly replayed: number;
  /** Acknowledged consults stored exactly once, with one question and one Provenance. */
  readonly storedExactlyOnce: number;
  /** Acknowledged but not in the store: must be 0. */
  readonly lost: number;
  /** Not acknowledged and still in an outbox, and of those how many the store already has (the resend will find them). */
  readonly inOutbox: number;
  readonly inOutboxAlreadyStored: number;
  /** Neither acknowledged nor in an outbox: must be 0. */
  readonly vanished: number;
  /** Refused for good (4xx other than 401/408/429): must be 0, every submission is valid. */
  readonly refused: number;
  /** Any consult, question, Provenance or patient snapshot stored more than once: must be 0. */
  readonly duplicates: number;
}

export interface FaultReport {
  readonly options: Required<FaultOptions>;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly storeRequests: number;
  readonly proxyRetries: number;
  readonly clientAttempts: number;
  /** Right after the run, with faults still on. */
  readonly underFaults: FaultCounts;
  /** After every client's outbox was sent again with the store healthy. */
  readonly afterDrain: FaultCounts;
  readonly seconds: number;
}

/**
 * The fault suite: `submissions` consults from `clients` concurrent test clients (each an app with an
 * outbox and its own SMART launch) through a Curbside proxy whose every store request passes a
 * fault-injecting proxy. Then a census of the store: every acknowledged consult exactly once, no
 * duplicates, and everything else still in an outbox.
 */
export async function runFault(options: FaultOptions): Promise<FaultReport> {
  const opts: Required<FaultOptions> = { rate: 0.3, ...options };
  const started = Date.now();
  const rng = createRng(opts.seed);
  const sandbox = await startSandbox({ appDir: fileURLToPath(new URL('../../smart-app/public', import.meta.url)) });
  const faults = await startFaultProxy({ target: new URL(sandbox.storeFhirUrl).origin, rate: opts.rate, random: createRng(opts.seed + 1), holdMs: 1_500, retryAfterSeconds: 1 });
  const listener = await listen(0);
  let proxyRetries = 0;
  const logger: Logger = { info: (event) => void (event === 'upstream.retry' && proxyRetries++), error: () => undefined };
  try {
    const env = { ...sandbox.proxyEnv, storeUrl: `${faults.origin}${new URL(sandbox.storeFhirUrl).pathname}`, timeoutMs: 1_000, deadlineMs: 3_000 };
    listener.handle(createApp(createDeps(env, { logger, retry: { baseDelayMs: 50, maxDelayMs: 400, random: createRng(opts.seed + 2) } })).fetch);
    const user = `Practitioner/${DEFAULT_EHR_USER_ID}`;
    const clients = await Promise.all(
      Array.from({ length: opts.clients }, async (_, i) => {
        const patient = ehrPatients[i % ehrPatients.length]?.patient.id ?? '';
        const headers = proxyHeaders(sandbox, await launchAs(sandbox, { patient, fhirUser: user }));
        return { patient, client: new TestClient({ proxyUrl: listener.origin, headers, maxAttempts: 3, timeScale: 20, random: createRng(opts.seed + 10 + i) }) };
      }),
    );
    // Inputs are made up front from the seed, so a run can be repeated.
    const work = Array.from({ length: opts.submissions }, (_, n) => {
      const { patient, client } = clients[n % clients.length]!;
      return { client, input: consultInputFor(patient, { idempotencyKey: seededUuid(rng), question: `Fault-suite consult #${n}: is this potassium trend a reason to stop the ACE inhibitor?` }) };
    });
    await Promise.all(clients.map(({ client }) => (async () => {
      for (const job of work.filter((w) => w.client === client)) {
        await job.client.submit(job.input);
      }
    })()));
    const keys = work.map((w) => w.input.idempotencyKey);
    const underFaults = await count(sandbox.storeFhirUrl, sandbox.ehrFhirUrl, keys, clients.map((c) => c.client));
    faults.setRate(0);
    await Promise.all(clients.map(({ client }) => client.drain()));
    const afterDrain = await count(sandbox.storeFhirUrl, sandbox.ehrFhirUrl, keys, clients.map((c) => c.client));
    return {
      options: opts,
      faults: { ...faults.stats.faults },
      storeRequests: faults.stats.requests,
      proxyRetries,
      clientAttempts: clients.reduce((n, c) => n + c.client.attempts, 0),
      underFaults,
      afterDrain,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await listener.close();
    await faults.close();
    await sandbox.stop();
  }
}

async function count(storeUrl: string, ehrFhirUrl: string, keys: readonly string[], clients: readonly TestClient[]): Promise<FaultCounts> {
  const census = await takeCensus(storeUrl, ehrFhirUrl);
  const acks = new Map(clients.flatMap((c) => c.acknowledged.map((a) => [a.key, a] as const)));
  const queued = new Set(clients.flatMap((c) => c.outbox.map((i) => i.input.idempotencyKey)));
  const exactlyOnce = (key: string): boolean => {
    const stored = census.consults.get(key);
    return stored?.count === 1 && stored.ids[0] === acks.get(key)?.consultId && census.questions.get(key) === 1 && census.provenance.get(stored.ids[0] ?? '') === 1;
  };
  const ackedKeys = keys.filter((k) => acks.has(k));
  return {
    acknowledged: ackedKeys.length,
    created: ackedKeys.filter((k) => acks.get(k)?.status === 201).length,
    replayed: ackedKeys.filter((k) => acks.get(k)?.status === 200).length,
    storedExactlyOnce: ackedKeys.filter(exactlyOnce).length,
    lost: ackedKeys.filter((k) => !census.consults.has(k)).length,
    inOutbox: keys.filter((k) => queued.has(k)).length,
    inOutboxAlreadyStored: keys.filter((k) => queued.has(k) && census.consults.has(k)).length,
    vanished: keys.filter((k) => !acks.has(k) && !queued.has(k)).length,
    refused: clients.reduce((n, c) => n + c.refused.length, 0),
    duplicates:
      [...census.consults.values()].filter((c) => c.count > 1).length +
      [...census.questions.values()].filter((n) => n > 1).length +
      [...census.provenance.values()].filter((n) => n > 1).length +
      [...census.snapshots.values()].filter((n) => n > 1).length,
  };
}

export function formatFaultReport(r: FaultReport): string {
  const line = (c: FaultCounts): string[] => [
    `    acknowledged to a client: ${c.acknowledged} (201 created ${c.created}, 200 already stored ${c.replayed}); stored exactly once with one question and one Provenance: ${c.storedExactlyOnce}; lost: ${c.lost}`,
    `    not acknowledged, still in an outbox: ${c.inOutbox} (already in the store, to be confirmed by the resend: ${c.inOutboxAlreadyStored}); neither: ${c.vanished}; refused: ${c.refused}`,
    `    duplicates in the store (consults, questions, Provenance, patient snapshots): ${c.duplicates}`,
  ];
  return [
    `Fault suite: ${r.options.submissions} consult submissions from ${r.options.clients} concurrent clients, ${Math.round(r.options.rate * 100)}% of store requests faulted (seed ${r.options.seed}), ${r.seconds} s`,
    `  store requests: ${r.storeRequests}; faults injected: ${Object.entries(r.faults).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  proxy retries: ${r.proxyRetries}; client attempts: ${r.clientAttempts}`,
    '  under faults:',
    ...line(r.underFaults),
    '  after the outboxes were sent again with the store healthy:',
    ...line(r.afterDrain),
  ].join('\n');
}
