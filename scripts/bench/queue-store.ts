import { parseArgs } from 'node:util';
import { specialistDirectory } from '../../fixtures/data/index.ts';
import { createSandboxFhirServer } from '../../fixtures/sandbox/fhir-server/index.ts';
import { listen } from '../../fixtures/sandbox/listen.ts';
import { seedConsults } from './seed-consults.ts';

// A consult store holding N consults, in its own process (part 4 runs one per size, so a 100,000-consult
// store never shares memory or a thread with the benchmark):
//   node scripts/bench/queue-store.ts --consults 10000
// Prints `FHIR base: <url>` once seeded and listening; stops on SIGTERM.
const { values } = parseArgs({ options: { consults: { type: 'string', default: '1000' } } });
const listener = await listen(0);
const server = await createSandboxFhirServer({
  name: 'Curbside consult store (queue benchmark)',
  basePath: '/fhir/R4',
  origin: () => listener.origin,
  corsOrigins: '*',
  seed: () => specialistDirectory,
});
const started = performance.now();
const written = await seedConsults(server.repo, Number(values.consults));
listener.handle(server.app.fetch);
process.stdout.write(`seeded ${written} resources in ${Math.round(performance.now() - started)} ms\nFHIR base: ${listener.origin}/fhir/R4\n`);
process.once('SIGTERM', () => void listener.close().then(() => process.exit(0)));
