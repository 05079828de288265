import { parseArgs } from 'node:util';
import { specialistDirectory } from '../../fixtures/data/index.ts';
import { createSandboxFhirServer } from '../../fixtures/sandbox/fhir-server/index.ts';
import { listen } from '../../fixtures/sandbox/listen.ts';
import { seedConsults } from './seed-consults.ts';

/** One request the store answered. */
export interface StoreRequest {
  readonly method: string;
  /** Path and query, e.g. `/fhir/R4/ServiceRequest?performer=…`. */
  readonly url: string;
  readonly status: number;
}

/** Where the store's request log is read (and emptied): outside the FHIR base, so no FHIR client can stumble on it. */
export const REQUEST_LOG_PATH = '/bench/requests';

// A consult store holding N consults, in its own process (part 4 runs one per size, so a 100,000-consult
// store never shares memory or a thread with the benchmark):
//   node scripts/bench/queue-store.ts --consults 10000 [--port N]
// It logs every request it answers (method, URL, status), which is how the benchmark counts
// what the proxy asked of it; `GET /bench/requests` returns the log since the last read and empties it.
// Prints `FHIR base: <url>` once seeded and listening; stops on SIGTERM.
if (import.meta.main) {
  const { values } = parseArgs({ options: { consults: { type: 'string', default: '1000' }, port: { type: 'string', default: '0' } } });
  const listener = await listen(Number(values.port));
  const server = await createSandboxFhirServer({
    name: 'Curbside consult store (queue benchmark)',
    basePath: '/fhir/R4',
    origin: () => listener.origin,
    corsOrigins: '*',
    seed: () => specialistDirectory,
  });
  const started = performance.now();
  const written = await seedConsults(server.repo, Number(values.consults));
  const log: StoreRequest[] = [];
  // The answer goes out untouched (reading its body here would slow every answer down, ~1.5 ms).
  listener.handle(async (request) => {
    const url = new URL(request.url);
    if (url.pathname === REQUEST_LOG_PATH) {
      return Response.json(log.splice(0));
    }
    const response = await server.app.fetch(request);
    log.push({ method: request.method, url: `${url.pathname}${url.search}`, status: response.status });
    return response;
  });
  process.stdout.write(`seeded ${written} resources in ${Math.round(performance.now() - started)} ms\nFHIR base: ${listener.origin}/fhir/R4\n`);
  process.once('SIGTERM', () => void listener.close().then(() => process.exit(0)));
}
