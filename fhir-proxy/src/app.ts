import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from './api/headers.ts';
import type { ProxyDeps } from './consults/deps.ts';
import { outcome, Problem } from './lib/outcome.ts';
import { DEFAULT_RETRY_POLICY } from './lib/retry.ts';
import { apiCors } from './middleware/api-cors.ts';
import { accessLog } from './middleware/access-log.ts';
import { auditTrail } from './middleware/audit-trail.ts';
import { bodyLimits } from './middleware/body-limits.ts';
import { consultAccess } from './middleware/consult-access.ts';
import { requestContext } from './middleware/request-context.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { consultRoutes, SHARED_CHECK_PATH } from './routes/consults.ts';
import { directoryRoutes } from './routes/directory.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { specialistRoutes } from './routes/specialist.ts';

/**
 * The proxy's HTTP API. It owns the contract: the app imports `AppType` for a typed `hc` client and
 * the zod schemas from `api/`. Every error leaves as a FHIR OperationOutcome.
 */
export function createApp(deps: ProxyDeps) {
  const app = new Hono();
  app.use(requestContext({ deadlineMs: deps.deadlineMs ?? DEFAULT_RETRY_POLICY.deadlineMs, uuid: deps.uuid }));
  app.use(accessLog(deps.logger));
  app.use(securityHeaders({ hsts: deps.hsts ?? true }));
  app.use(
    apiCors({
      origins: deps.appOrigins,
      allowHeaders: ['Authorization', 'Content-Type', ISSUER_HEADER, ID_TOKEN_HEADER, PATIENT_HEADER],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      exposeHeaders: ['Retry-After', 'X-Request-Id'],
      maxAgeSeconds: 600,
    }),
  );
  // Cross-cutting guards for every route, including those added later: size and type of what comes in,
  // an AuditEvent per call, and consult-level authorization for anything under /consults/:id.
  app.use(bodyLimits());
  app.use(auditTrail(deps));
  const consultGuard = consultAccess(deps, { except: [`POST /consults/${SHARED_CHECK_PATH}`] });
  app.use('/consults/:id', consultGuard);
  app.use('/consults/:id/*', consultGuard);
  app.onError((err, c) => {
    if (err instanceof Problem) {
      if (err.retryAfterSeconds !== undefined) {
        c.header('Retry-After', String(err.retryAfterSeconds));
      }
      if (err.status === 401) {
        // Every 401 names the scheme it would accept (RFC 9110 §15.5.2; Bearer: RFC 6750 §3).
        c.header('WWW-Authenticate', 'Bearer realm="Curbside"');
      }
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
    .route('/health', healthRoutes(deps))
    .route('/consults', consultRoutes(deps))
    .route('/directory', directoryRoutes(deps))
    .route('/specialist', specialistRoutes(deps))
    .route('/events', eventRoutes(deps));
}

export type AppType = ReturnType<typeof createApp>;
