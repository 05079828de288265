import { ID_TOKEN_HEADER, ISSUER_HEADER } from '../../fhir-proxy/src/api/headers.ts';
import { specialistsFor } from '../../fixtures/data/index.ts';
import { startSandbox } from '../../fixtures/sandbox/sandbox.ts';
import { signInStandalone } from '../../fixtures/sandbox/testing/smart-launch.ts';
import { auditStored, proxyCall } from './audit-settle.ts';
import { freePort, spawnFhirServerProcess, spawnProxy } from './processes.ts';
import { median } from './stats.ts';
const sandbox = await startSandbox({ appDir: '/nonexistent' });
await sandbox.consultStore.pause();
const store = await spawnFhirServerProcess(['--consults', '1000', '--port', new URL(sandbox.storeFhirUrl).port], 'scripts/bench/queue-store.ts');
const origin = new URL(store.baseUrl).origin;
const proxy = await spawnProxy({ port: await freePort(), storeUrl: store.baseUrl, ehrFhirUrl: sandbox.ehrFhirUrl, appOrigin: sandbox.appUrl });
try {
  const sp = specialistsFor('nephrology')[0]!;
  const token = await signInStandalone(sandbox, `${sandbox.storeFhirUrl}/Practitioner/${sp.practitioner.id}`);
  const headers = { Authorization: `Bearer ${token.access_token}`, [ISSUER_HEADER]: sandbox.ehrFhirUrl, [ID_TOKEN_HEADER]: token.id_token! };
  const q = `${proxy.url}/specialist/queue?status=open&pageSize=20&urgency=${process.argv[2] ?? 'stat'}`;
  await (await fetch(`${origin}/bench/requests`)).json();
  await auditStored(store.baseUrl, (await proxyCall(q, headers)).requestId);
  const log = (await (await fetch(`${origin}/bench/requests`)).json()) as { method: string; url: string }[];
  const search = `${origin}${log.find((r) => r.method === 'GET')!.url}`;
  const touch = async () => { await (await fetch(`${proxy.url}/health`)).arrayBuffer(); await (await fetch(`${origin}/bench/requests`)).arrayBuffer(); };
  for (const warm of [false, true, false, true]) {
    const pm: number[] = [], dm: number[] = [];
    for (let i = 0; i < 30; i++) {
      if (warm) await touch();
      let t = performance.now(); const { requestId } = await proxyCall(q, headers); pm.push(performance.now() - t);
      await auditStored(store.baseUrl, requestId);
      if (warm) await touch();
      t = performance.now(); await (await fetch(search, { headers: { Accept: 'application/fhir+json' } })).arrayBuffer(); dm.push(performance.now() - t);
    }
    console.log(warm ? 'touch both first' : 'as now          ', 'proxy', median(pm).toFixed(2), 'direct', median(dm).toFixed(2), 'ratio', (median(pm) / median(dm)).toFixed(2));
  }
} finally { await proxy.stop(); await store.stop(); await sandbox.stop(); }
