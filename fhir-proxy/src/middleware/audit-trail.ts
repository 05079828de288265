import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { LaunchContext } from '../auth/launch-context.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { buildAuditEvent } from '../fhir/build-audit-event.ts';
import { currentRequest } from '../lib/request-context.ts';
import { outcome } from '../lib/outcome.ts';
import { endpointOf } from './endpoint.ts';

export interface AuditEnv {
  Variables: {
    launch: LaunchContext;
    /** Store references a route touched (`ServiceRequest/123`), added to its AuditEvent. */
    auditEntities: readonly string[];
  };
}

/** Routes that carry no patient data (the specialist directory): verified, but not audited. */
export const UNAUDITED_ROUTES: readonly string[] = ['GET /directory', 'GET /health'];

/** Writes of AuditEvents for write calls, still under way; see `auditsWritten`. */
const inFlight = new Set<Promise<void>>();
/** Past this many pending audit writes a write call waits for its own again, so a slow store cannot pile them up. */
const MAX_IN_FLIGHT = 64;

/**
 * Resolves once every AuditEvent already handed to the store has been written (or its failure logged):
 * for a clean shutdown, and for tests that read the audit log right after a write call.
 */
export async function auditsWritten(): Promise<void> {
  while (inFlight.size) {
    await Promise.all(inFlight);
  }
}

/**
 * Writes an AuditEvent to the consult store for every call a verified caller makes (reads, writes and
 * refusals alike), after the route has answered, so later routes are audited with no work of their
 * own. Written as `PUT AuditEvent/<request id>`, which is safe to retry. A read is not released until
 * its record is written (503 if it cannot be: the data goes out only with its audit record). A write's
 * answer does not depend on its record (the write has happened and carries its Provenance; a failure
 * is logged), so the physician does not wait for it: it is written after the answer has gone out.
 * @see https://hl7.org/fhir/R4/auditevent.html
 */
export function auditTrail(deps: ProxyDeps, unaudited: readonly string[] = UNAUDITED_ROUTES) {
  return createMiddleware<AuditEnv>(async (c, next) => {
    await next();
    // Any verified caller: a requester's launch, or a specialist (set by their auth, no patient).
    const launch = (c.get('launch') as LaunchContext | undefined) ?? currentRequest()?.launch;
    const route = endpointOf(c);
    if (!launch || unaudited.includes(route)) {
      return;
    }
    const requestId = currentRequest()?.requestId ?? deps.uuid();
    const status = c.res.status;
    const parts = {
      requestId,
      recorded: deps.now().toISOString(),
      iss: launch.iss,
      fhirUser: launch.fhirUser,
      patient: launch.patient,
      method: c.req.method,
      route,
      status,
      entities: (c.get('auditEntities') as readonly string[] | undefined) ?? [],
    };
    const write = (): Promise<boolean> =>
      deps.store.request('PUT', `AuditEvent/${requestId}`, buildAuditEvent(parts)).then(
        () => true,
        () => {
          deps.logger.error('audit.write-failed', { requestId, route, status });
          return false;
        },
      );
    if (!isRead(c) && inFlight.size < MAX_IN_FLIGHT) {
      // Started on the event loop's next turn, once the answer is on its way: even preparing the request
      // to the store would otherwise come before it.
      const tracked = new Promise<void>((resolve) => setImmediate(() => void write().then(() => resolve())));
      inFlight.add(tracked);
      void tracked.finally(() => inFlight.delete(tracked));
      return;
    }
    if (!(await write()) && isRead(c) && c.res.ok) {
      c.res = c.json(outcome('transient', 'Curbside could not record this access in its audit log, so it cannot show the data right now. Please try again in a moment.'), 503);
    }
  });
}

function isRead(c: Context): boolean {
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}
