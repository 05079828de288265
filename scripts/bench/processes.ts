import { spawn, type ChildProcess } from 'node:child_process';
import { stopChild, track } from './children.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specialistDirectory, toBatchBundle } from '../../fixtures/data/index.ts';
import { APP_CLIENT_ID, startSandbox, type Sandbox } from '../../fixtures/sandbox/sandbox.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts a Node script as a child that is killed when this process exits, and stops it on request. */
function startChild(script: string, args: readonly string[], env: NodeJS.ProcessEnv, stdout: 'pipe' | 'ignore'): { child: ChildProcess; stop(): Promise<void> } {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(ROOT, script), ...args], { stdio: ['ignore', stdout, 'inherit'], env: { ...process.env, ...env } });
  track(child);
  return { child, stop: () => stopChild(child) };
}

export interface FhirServerProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** Everything it printed before it was ready. */
  readonly banner: string;
  stop(): Promise<void>;
}

/** A FHIR server script (`fixtures/sandbox/fhir-server/serve.ts` by default) in its own process, once it prints its base URL. */
export function spawnFhirServerProcess(args: readonly string[] = [], script = 'fixtures/sandbox/fhir-server/serve.ts'): Promise<FhirServerProcess> {
  const { child, stop } = startChild(script, args, {}, 'pipe');
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`The FHIR server exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const baseUrl = /FHIR base: (\S+)/.exec(output)?.[1];
      if (baseUrl) {
        child.removeAllListeners('exit');
        resolve({ baseUrl, pid: child.pid ?? 0, banner: output, stop });
      }
    });
  });
}

/** A free port on 127.0.0.1 (for a server whose URL another must know before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The consult store as production has it: a FHIR server in its own process, holding the specialist directory. */
export async function spawnConsultStore(): Promise<FhirServerProcess> {
  const store = await spawnFhirServerProcess();
  const response = await fetch(store.baseUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify(toBatchBundle(specialistDirectory)),
  });
  if (!response.ok) {
    await store.stop();
    throw new Error(`Seeding the consult store's directory failed: ${response.status}`);
  }
  return store;
}

export interface ProxyProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident memory now (VmRSS), bytes. */
  rss(): Promise<number>;
  /** The process's peak resident memory (VmHWM) since start or since `resetPeak()`, bytes. */
  peakRss(): Promise<number>;
  /** Starts the peak over from the current resident size (Linux: `5` into /proc/<pid>/clear_refs); false where that is not allowed. */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

/**
 * The proxy's production entry (`fhir-proxy/src/index.ts`) in its own process, configured by
 * environment as a deployment is. No introspection credentials: it verifies each caller's id_token
 * against the EHR's JWKS and reads the launch patient with the token (once per token, then cached).
 */
export function spawnProxy(options: { readonly port: number; readonly storeUrl: string; readonly ehrFhirUrl: string; readonly appOrigin: string }): Promise<ProxyProcess> {
  // Its own audit journal, as each deployed instance has (the journal's cost is part of what is measured).
  const journalDir = mkdtempSync(join(tmpdir(), 'curbside-bench-audit-'));
  const { child, stop: stopProcess } = startChild(
    'fhir-proxy/src/index.ts',
    [],
    {
      HOST: '127.0.0.1',
      PORT: String(options.port),
      CONSULT_STORE_URL: options.storeUrl,
      APP_ORIGINS: options.appOrigin,
      CURBSIDE_ISSUERS: JSON.stringify([{ iss: options.ehrFhirUrl, clientId: APP_CLIENT_ID }]),
      AUDIT_JOURNAL: join(journalDir, 'audit-journal.sqlite'),
    },
    'ignore',
  );
  const stop = async (): Promise<void> => {
    await stopProcess();
    rmSync(journalDir, { recursive: true, force: true });
  };
  const status = async (field: 'VmRSS' | 'VmHWM'): Promise<number> => {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  };
  const url = `http://127.0.0.1:${options.port}`;
  const proxy: ProxyProcess = {
    url,
    pid: child.pid ?? 0,
    rss: () => status('VmRSS'),
    peakRss: () => status('VmHWM'),
    resetPeak: () => {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop,
  };
  // Ready when /health answers; its per-consult log lines go nowhere (stdout is ignored).
  return (async () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (child.exitCode !== null) {
        throw new Error(`The proxy exited with ${child.exitCode}`);
      }
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ok) {
        return proxy;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await proxy.stop();
    throw new Error('The proxy did not start within 10 s');
  })();
}

export interface BenchEnvironment {
  readonly sandbox: Sandbox;
  readonly store: FhirServerProcess;
  readonly proxy: ProxyProcess;
  stop(): Promise<void>;
}

/**
 * The sandbox EHR (FHIR, SMART authorization, EHR page) and the app server in this process; the
 * consult store and the proxy each in a process of their own, as deployed. The app's config.json
 * names the proxy process, so a launch in the browser talks to the same proxy the benchmarks measure.
 */
export async function startBenchEnvironment(appDir: string): Promise<BenchEnvironment> {
  const [store, port] = await Promise.all([spawnConsultStore(), freePort()]);
  const sandbox = await startSandbox({ appDir, appProxyUrl: `http://127.0.0.1:${port}` });
  const proxy = await spawnProxy({ port, storeUrl: store.baseUrl, ehrFhirUrl: sandbox.ehrFhirUrl, appOrigin: sandbox.appUrl });
  return {
    sandbox,
    store,
    proxy,
    stop: async () => {
      await Promise.all([proxy.stop(), store.stop(), sandbox.stop()]);
    },
  };
}
