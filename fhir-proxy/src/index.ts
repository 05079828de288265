import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createDeps } from './create-deps.ts';
import { parseEnv } from './env.ts';

const env = (() => {
  try {
    return parseEnv();
  } catch (err) {
    // A configuration mistake is for the operator to fix: say which setting, not where in our code.
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
})();
const deps = createDeps(env);
const server = serve({ fetch: createApp(deps).fetch, hostname: env.host, port: env.port }, (info) => {
  process.stdout.write(`${JSON.stringify({ level: 'info', event: 'proxy.listening', port: info.port })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // AuditEvents are written in the background: write what is still unwritten before leaving.
  process.on(signal, () => server.close(() => void deps.audit.flush().then(() => process.exit(0))));
}
