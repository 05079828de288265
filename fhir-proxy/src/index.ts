import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { createDeps } from './create-deps.ts';
import { parseEnv } from './env.ts';
import { stopGracefullyOn } from './lib/graceful-shutdown.ts';
import { storeReadiness } from './routes/health.ts';

const env = (() => {
  try {
    return parseEnv();
  } catch (err) {
    // A configuration mistake is for the operator to fix: say which setting, not where in our code.
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
})();
const controller = new AbortController();
const deps = createDeps(env, { shutdown: controller.signal });
const server = serve({ fetch: createApp(deps).fetch, hostname: env.host, port: env.port }, (info) => {
  process.stdout.write(`${JSON.stringify({ level: 'info', event: 'proxy.listening', port: info.port })}\n`);
  // Say at start whether the consult store can be used, rather than at the first physician's call; an
  // orchestrator may start the store after us, so this is logged, not a refusal to start.
  void storeReadiness(deps.store).then((readiness) =>
    readiness.ready ? deps.logger.info('proxy.store-ready', {}) : deps.logger.error('proxy.store-not-ready', { reason: readiness.text }),
  );
}) as Server;
stopGracefullyOn(['SIGINT', 'SIGTERM'], { server, controller, audit: deps.audit, logger: deps.logger });
