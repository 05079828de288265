import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createDeps } from './create-deps.ts';
import { parseEnv } from './env.ts';
import { auditsWritten } from './middleware/audit-trail.ts';

const env = parseEnv();
const server = serve({ fetch: createApp(createDeps(env)).fetch, hostname: env.host, port: env.port }, (info) => {
  process.stdout.write(`${JSON.stringify({ level: 'info', event: 'proxy.listening', port: info.port })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // The AuditEvents of the last write calls may still be on their way to the store (audit-trail.ts).
  process.on(signal, () => server.close(() => void auditsWritten().finally(() => process.exit(0))));
}
