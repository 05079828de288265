import { fork } from 'node:child_process';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { stopChild, track } from './children.ts';

/** One request as the hop saw it: times are epoch milliseconds (fractional), comparable across processes. */
export interface HopRecord {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** When the request reached the hop (before any added delay). */
  readonly start: number;
  /** When the last byte of the response left the hop. */
  readonly end: number;
  /** Response bytes: status line and headers (as sent upstream) plus body. */
  readonly bytesDown: number;
  /** Request bytes: request line and headers plus body. */
  readonly bytesUp: number;
}

export interface HopOptions {
  /** Origins whose requests are delayed (the EHR's); others pass straight through. */
  readonly delayedOrigins: readonly string[];
  readonly latencyMs?: number;
  /** Reverse-proxy mode: origin-form requests (`GET /fhir/R4/…`) go to this origin, so a server-side client can be pointed at the hop. */
  readonly upstream?: string;
}

export interface LatencyHop {
  /** `http://127.0.0.1:<port>`: give it to Chromium as `--proxy-server`, or use it as a base URL in reverse mode. */
  readonly url: string;
  setLatency(ms: number): Promise<void>;
  /** Every request since the last `take()`, oldest first; clears the log. */
  take(): Promise<HopRecord[]>;
  close(): Promise<void>;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * A tiny HTTP forward proxy that adds a fixed delay to every request bound for the given origins (the
 * EHR), as a wide-area round trip would. The browser is pointed at it with `--proxy-server`, so page
 * navigations, fetches and CORS preflights all pass through it and each is recorded, which is how the
 * benchmark counts requests, bytes and sequential waves without trusting the client's own account.
 */
export async function startLatencyHop(options: HopOptions): Promise<LatencyHop> {
  const delayed = new Set(options.delayedOrigins);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let log: HopRecord[] = [];
  const hop = { latencyMs: options.latencyMs ?? 0 };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const start = now();
    let target: URL;
    try {
      target = new URL(req.url ?? '', options.upstream);
    } catch {
      res.writeHead(400).end('The latency hop is a forward proxy: send absolute-form requests.');
      return;
    }
    const headerBytes = (raw: readonly string[]): number => raw.reduce((n, h) => n + Buffer.byteLength(h) + 2, 0);
    let bytesUp = Buffer.byteLength(`${req.method} ${target.pathname}${target.search} HTTP/1.1\r\n`) + headerBytes(req.rawHeaders);
    const wait = delayed.has(target.origin) && hop.latencyMs > 0 ? sleep(hop.latencyMs) : Promise.resolve();
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      body.push(chunk);
      bytesUp += chunk.length;
    });
    req.on('end', () => {
      void wait.then(() => {
        const { 'proxy-connection': _hopByHop, ...forwarded } = req.headers as Record<string, string | string[] | undefined>;
        const headers = { ...forwarded, host: target.host };
        const send = (retry: boolean): void => {
          const upstream = httpRequest(target, { method: req.method, headers, agent }, (up) => {
            let bytesDown = Buffer.byteLength(`HTTP/1.1 ${up.statusCode} ${up.statusMessage}\r\n`) + headerBytes(up.rawHeaders);
            res.writeHead(up.statusCode ?? 502, up.statusMessage, up.rawHeaders);
            up.on('data', (chunk: Buffer) => {
              bytesDown += chunk.length;
            });
            up.pipe(res);
            res.on('finish', () => {
              log.push({ method: req.method ?? 'GET', url: target.href, status: up.statusCode ?? 0, start, end: now(), bytesDown, bytesUp });
            });
          });
          upstream.on('error', () => {
            // A kept-alive socket the server closed just as it was reused fails before any answer: send
            // the request again once on a new one, as browsers do. Otherwise a failed CORS preflight
            // surfaces in the page as "Failed to fetch" and ends the benchmark run.
            if (retry && upstream.reusedSocket && !res.headersSent) {
              send(false);
            } else if (!res.headersSent) {
              res.writeHead(502).end();
            }
          });
          upstream.end(Buffer.concat(body));
        };
        send(true);
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setLatency: async (ms) => {
      hop.latencyMs = ms;
    },
    take: async () => {
      const taken = log.sort((a, b) => a.start - b.start);
      log = [];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type HopMessage = { readonly id: number; readonly op: 'take' } | { readonly id: number; readonly op: 'latency'; readonly ms: number };

/**
 * The hop in a process of its own, so its timers and copying never share an event loop with the
 * servers being measured (or with the benchmark driving them).
 */
export function spawnLatencyHop(options: HopOptions): Promise<LatencyHop> {
  const child = track(fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--disable-warning=ExperimentalWarning'] }));
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  const call = <T>(message: { readonly op: 'take' } | { readonly op: 'latency'; readonly ms: number }): Promise<T> =>
    new Promise((resolve) => {
      const id = ++next;
      pending.set(id, resolve as (value: unknown) => void);
      child.send({ ...message, id });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The latency hop exited with ${code}`)));
    child.on('message', (message: { id?: number; url?: string; result?: unknown }) => {
      if (message.url) {
        child.removeAllListeners('exit');
        resolve({
          url: message.url,
          setLatency: (ms) => call<void>({ op: 'latency', ms }),
          take: () => call<HopRecord[]>({ op: 'take' }),
          close: () => stopChild(child),
        });
      } else if (message.id !== undefined) {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      }
    });
  });
}

if (import.meta.main && process.argv[2] === '--child' && process.send) {
  const hop = await startLatencyHop(JSON.parse(process.argv[3] ?? '{}') as HopOptions);
  process.on('message', (message: HopMessage) => {
    const reply = (result: unknown): void => {
      process.send?.({ id: message.id, result });
    };
    if (message.op === 'take') {
      void hop.take().then(reply);
    } else {
      void hop.setLatency(message.ms).then(() => reply(undefined));
    }
  });
  process.once('SIGTERM', () => void hop.close().then(() => process.exit(0)));
  process.once('disconnect', () => void hop.close().then(() => process.exit(0)));
  process.send({ url: hop.url });
}
