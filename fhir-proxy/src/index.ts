import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { createDeps } from './create-deps.ts';
import { parseEnv } from './env.ts';
import { stopGracefullyOn } from './lib/graceful-shutdown.ts';

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
}) as Server;
stopGracefullyOn(['SIGINT', 'SIGTERM'], { server, controller, audit: deps.audit, logger: deps.logger });
