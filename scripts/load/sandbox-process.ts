import { fileURLToPath } from 'node:url';
import { createApp } from '../../fhir-proxy/src/app.ts';
import { createDeps } from '../../fhir-proxy/src/create-deps.ts';
import { silentLogger } from '../../fhir-proxy/src/lib/logger.ts';
import { DEFAULT_EHR_USER_ID, ehrPatients } from '../../fixtures/data/index.ts';
import { listen } from '../../fixtures/sandbox/listen.ts';
import { startSandbox } from '../../fixtures/sandbox/sandbox.ts';
import { launchAs, proxyHeaders } from '../../fixtures/sandbox/testing/smart-launch.ts';

// The sandbox for the load suite, in its own process so the load generator does not share its event
// loop, with a proxy configured as deployed (the proxy's own defaults: 10 s per upstream attempt, 12 s
// per call; the sandbox's proxy answers sooner so "store is down" tests stay quick). Prints one JSON
// line: the proxy URL and one SMART launch per seeded patient; stops on SIGTERM.
const sandbox = await startSandbox({ appDir: fileURLToPath(new URL('../../smart-app/public', import.meta.url)) });
const proxy = await listen(0);
proxy.handle(createApp(createDeps({ ...sandbox.proxyEnv, timeoutMs: 10_000, deadlineMs: 12_000 }, { logger: silentLogger })).fetch);
const user = `Practitioner/${DEFAULT_EHR_USER_ID}`;
const launches = await Promise.all(
  ehrPatients.map(async ({ patient }) => ({ patient: patient.id ?? '', headers: proxyHeaders(sandbox, await launchAs(sandbox, { patient: patient.id ?? '', fhirUser: user })) })),
);
process.stdout.write(`${JSON.stringify({ proxyUrl: proxy.origin, storeFhirUrl: sandbox.storeFhirUrl, launches })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void proxy.close().then(() => sandbox.stop()).then(() => process.exit(0)));
}
