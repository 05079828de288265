import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { APP_DIR } from '../../smart-app/e2e/harness.ts';
import { launchBenchBrowser } from './browser.ts';
import { BENCH_USER } from './consult-fixture.ts';
import { benchLaunch } from './launch-bench.ts';
import { spawnLatencyHop } from './latency-hop.ts';
import { loadBenchPatients } from './load-ehr.ts';
import { benchMemory, type MemoryFigures } from './memory-bench.ts';
import { startBenchEnvironment, type BenchEnvironment } from './processes.ts';
import { benchQueue } from './queue-bench.ts';
import { benchReads } from './reads-bench.ts';
import { describeMachine, PART_IDS, renderReport, type PartId, type Section } from './report.ts';
import { benchSize } from './size-bench.ts';
import { benchSubmit } from './submit-bench.ts';

// `npm run bench` runs every part on 127.0.0.1 and writes BENCHMARKS.md. `npm run bench -- --only launch`
// runs one part (or a comma list); `--quick` runs tiny sizes (the smoke test in `npm test` uses it);
// `--out FILE` writes elsewhere; `--no-build` skips `vite build`.
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    build: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...PART_IDS];
const unknown = only.filter((p) => !(PART_IDS as readonly string[]).includes(p));
if (unknown.length) {
  process.stderr.write(`Unknown part(s): ${unknown.join(', ')}. Parts: ${PART_IDS.join(', ')}\n`);
  process.exit(2);
}
const wants = (part: PartId): boolean => only.includes(part);
const quick = values.quick;
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const started = Date.now();
const sections: Section[] = [];

if (values.build && (wants('launch') || wants('size') || wants('memory'))) {
  log('▶ vite build');
  const built = spawnSync('vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) {
    process.exit(built.status ?? 1);
  }
}

let browserVersion = 'not used';
const needsEnvironment = wants('launch') || wants('submit') || wants('reads') || wants('memory');
let env: BenchEnvironment | undefined;
try {
  if (needsEnvironment) {
    log('▶ sandbox EHR and app in this process; consult store and proxy in their own, on 127.0.0.1');
    env = await startBenchEnvironment(APP_DIR);
  }
  let browserHeap: MemoryFigures['browser'];
  if (env && (wants('launch') || wants('memory'))) {
    log('▶ part 1: launch to complete patient context');
    const { sandbox } = env;
    const patients = await loadBenchPatients(sandbox.ehr.repo, quick ? { largeObservations: 1_000, tiers: ['small', 'large'] } : { largeObservations: 10_000, tiers: ['small', 'medium', 'large'] });
    const hop = await spawnLatencyHop({ delayedOrigins: [new URL(sandbox.ehrFhirUrl).origin] });
    const browser = await launchBenchBrowser(hop.url);
    browserVersion = `Chromium ${browser.version()}`;
    try {
      const result = await benchLaunch({
        sandbox,
        proxyUrl: env.proxy.url,
        hop,
        browser,
        fhirUser: BENCH_USER,
        patients,
        latencies: quick ? [0] : [0, 50],
        reps: (p) => (quick ? 1 : p.tier === 'large' ? 5 : 9),
        naiveReps: 1,
        maxCount: sandbox.ehr.repo.maxCount,
        log,
      });
      const large = patients.find((p) => p.tier === 'large');
      browserHeap = large ? { heapBytes: result.largeHeapBytes, patient: `the large patient (${large.label})` } : undefined;
      if (wants('launch')) {
        sections.push(result.section);
      }
    } finally {
      await browser.close();
      await hop.close();
    }
  }
  let proxyMemory: MemoryFigures['proxy'];
  if (env && (wants('submit') || wants('memory'))) {
    log('▶ part 2: consult submission');
    const idleRss = await env.proxy.rss();
    // The kernel's high-water mark would otherwise still hold the start-up peak (loading the R4 definitions).
    const reset = env.proxy.resetPeak();
    let sampledPeak = idleRss;
    const sampler = setInterval(() => void env?.proxy.rss().then((rss) => (sampledPeak = Math.max(sampledPeak, rss)), () => undefined), 20);
    const submit = await benchSubmit({ sandbox: env.sandbox, proxyUrl: env.proxy.url, storeUrl: env.store.baseUrl, quick, log });
    clearInterval(sampler);
    proxyMemory = {
      idleRss,
      peakRss: reset ? await env.proxy.peakRss() : sampledPeak,
      peakSource: reset ? 'VmHWM, reset before part 2' : 'VmRSS sampled every 20 ms (VmHWM could not be reset here)',
      load: `part 2: single consults, then ${quick ? '1 and 2' : '1, 8 and 32'} concurrent submitters`,
    };
    if (wants('submit')) {
      sections.push(submit);
    }
  }
  if (env && wants('reads')) {
    log('▶ part 3: proxy reads');
    sections.push(await benchReads({ sandbox: env.sandbox, proxyUrl: env.proxy.url, storeUrl: env.store.baseUrl, quick, log }));
  }
  await env?.stop();
  env = undefined;
  if (wants('queue')) {
    log('▶ part 4: specialist queue first page');
    sections.push(await benchQueue({ sizes: quick ? [200] : [1_000, 10_000, 100_000], reps: quick ? 1 : 5, log }));
  }
  if (wants('size')) {
    log('▶ part 5: app size');
    sections.push(await benchSize({ distDir: APP_DIR }));
  }
  if (wants('memory')) {
    sections.push(benchMemory({ proxy: proxyMemory, browser: browserHeap }));
  }
} finally {
  await env?.stop();
}

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const report = renderReport({ date: new Date().toISOString(), ...describeMachine(), browser: browserVersion, command, seconds: (Date.now() - started) / 1000 }, sections);
writeFileSync(values.out, report);
log(`Wrote ${values.out} in ${Math.round((Date.now() - started) / 1000)} s.`);
