import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../../fixtures/data/index.ts';
import { consultInputFor } from '../../fixtures/sandbox/testing/consult-input.ts';
import { seededUuid } from '../fuzz/values.ts';

export interface LoadOptions {
  readonly clients: number;
  readonly seconds: number;
  readonly seed?: number;
}

type Operation = 'list consults' | 'read consult' | 'directory' | 'send consult';

export interface LoadReport {
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly errors: number;
  /** The first few errors, to say what went wrong. */
  readonly errorSamples: readonly string[];
  readonly latency: Readonly<Record<Operation | 'all', { count: number; p50: number; p99: number }>>;
}

interface SandboxInfo {
  readonly proxyUrl: string;
  readonly launches: readonly { patient: string; headers: Record<string, string> }[];
}

/** Each client, in a loop: mostly reads (its patient's consults, one consult, the directory), one send in five. */
const MIX: readonly (readonly [Operation, number])[] = [['list consults', 45], ['read consult', 20], ['directory', 15], ['send consult', 20]];

/**
 * `clients` concurrent clients for `seconds` against the whole sandbox (proxy, EHR, store) running in
 * another process on loopback. Every answer must be 2xx; latencies per operation.
 */
export async function runLoad({ clients, seconds, seed = 1 }: LoadOptions): Promise<LoadReport> {
  const { child, info } = await startSandboxProcess();
  try {
    const rng = createRng(seed);
    const samples = new Map<Operation, number[]>(MIX.map(([op]) => [op, []]));
    const errors: string[] = [];
    let errorCount = 0;
    const deadline = Date.now() + seconds * 1000;
    const pickOp = (): Operation => {
      let roll = rng() * 100;
      for (const [op, weight] of MIX) {
        roll -= weight;
        if (roll < 0) {
          return op;
        }
      }
      return 'list consults';
    };
    const client = async (n: number): Promise<void> => {
      const launch = info.launches[n % info.launches.length]!;
      const mine: string[] = [];
      while (Date.now() < deadline) {
        const picked = pickOp();
        const op = picked === 'read consult' && mine.length === 0 ? 'send consult' : picked;
        const started = performance.now();
        try {
          const res = await call(info.proxyUrl, launch, op, mine, rng);
          samples.get(op)?.push(performance.now() - started);
          if (!res.ok) {
            errorCount++;
            errors.push(`${op}: ${res.status} ${(await res.text()).slice(0, 200)}`);
          } else if (op === 'send consult') {
            mine.push(((await res.json()) as { consult: { id: string } }).consult.id);
          } else {
            await res.arrayBuffer();
          }
        } catch (err) {
          errorCount++;
          errors.push(`${op}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
    const elapsed = (Date.now() - started) / 1000;
    const all = [...samples.values()].flat();
    const latency = Object.fromEntries([...samples.entries(), ['all', all] as const].map(([op, values]) => [op, summarise(values)])) as LoadReport['latency'];
    return { clients, seconds: Math.round(elapsed), requests: all.length, perSecond: Math.round(all.length / elapsed), errors: errorCount, errorSamples: errors.slice(0, 5), latency };
  } finally {
    child.kill('SIGTERM');
  }
}

function call(proxyUrl: string, launch: SandboxInfo['launches'][number], op: Operation, mine: string[], rng: () => number): Promise<Response> {
  const headers = launch.headers;
  switch (op) {
    case 'list consults':
      return fetch(`${proxyUrl}/consults`, { headers });
    case 'read consult':
      return fetch(`${proxyUrl}/consults/${mine[Math.floor(rng() * mine.length)]}`, { headers });
    case 'directory':
      return fetch(`${proxyUrl}/directory`, { headers });
    case 'send consult':
      return fetch(`${proxyUrl}/consults`, { method: 'POST', headers, body: JSON.stringify(consultInputFor(launch.patient, { idempotencyKey: seededUuid(rng) })) });
  }
}

function summarise(values: number[]): { count: number; p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}

function startSandboxProcess(): Promise<{ child: ChildProcess; info: SandboxInfo }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'sandbox-process.ts');
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`the sandbox process exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        child.removeAllListeners('exit');
        resolve({ child, info: JSON.parse(line) as SandboxInfo });
      }
    });
  });
}

export function formatLoadReport(r: LoadReport): string {
  return [
    `Load: ${r.clients} concurrent clients for ${r.seconds} s on loopback: ${r.requests} requests, ${r.perSecond} requests/s, ${r.errors} errors`,
    ...Object.entries(r.latency).map(([op, l]) => `  ${op.padEnd(14)} ${String(l.count).padStart(7)} requests   p50 ${String(l.p50).padStart(5)} ms   p99 ${String(l.p99).padStart(5)} ms`),
    ...r.errorSamples.map((e) => `  error: ${e}`),
  ].join('\n');
}
