import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from './api/headers.ts';
import type { ProxyDeps } from './consults/deps.ts';
import { outcome, Problem } from './lib/outcome.ts';
import { consultRoutes } from './routes/consults.ts';
import { directoryRoutes } from './routes/directory.ts';
import { eventRoutes } from './routes/events.ts';
import { specialistRoutes } from './routes/specialist.ts';

/**
 * The proxy's HTTP API. It owns the contract: the app imports `AppType` for a typed `hc` client and
 * the zod schemas from `api/`. Every error leaves as a FHIR OperationOutcome.
 */
export function createApp(deps: ProxyDeps) {
  const app = new Hono();
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use(
    cors({
      origin: [...deps.appOrigins],
      allowHeaders: ['Authorization', 'Content-Type', ISSUER_HEADER, ID_TOKEN_HEADER, PATIENT_HEADER],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  app.onError((err, c) => {
    if (err instanceof Problem) {
      return c.json(err.outcome, err.status);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own refusals (malformed JSON, wrong content type) reach the user as readable outcomes.
      return c.json(outcome('invalid', `The request could not be read: ${err.message}.`), err.status);
    }
    deps.logger.error('proxy.unhandled', { error: err instanceof Error ? err.name : 'unknown' });
    return c.json(outcome('exception', 'Curbside hit an unexpected error. Nothing was sent; please try again.'), 500);
  });
  app.notFound((c) => c.json(outcome('not-found', `There is no ${c.req.method} ${new URL(c.req.url).pathname} in the Curbside API.`), 404));

  return app
    .get('/health', (c) => c.json({ status: 'ok' as const }, 200))
    .route('/consults', consultRoutes(deps))
    .route('/directory', directoryRoutes(deps))
    .route('/specialist', specialistRoutes(deps))
    .route('/events', eventRoutes(deps));
}

export type AppType = ReturnType<typeof createApp>;
