import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createDeps } from './create-deps.ts';
import { parseEnv } from './env.ts';

const env = parseEnv();
const server = serve({ fetch: createApp(createDeps(env)).fetch, hostname: env.host, port: env.port }, (info) => {
  process.stdout.write(`${JSON.stringify({ level: 'info', event: 'proxy.listening', port: info.port })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
