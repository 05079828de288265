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
export const UNAUDITED_ROUTES: readonly string[] = ['GET /directory', 'GET /health', 'GET /health/ready'];
/** POST routes that only read (chart data comes back, nothing is written): audited and guarded as reads. */
export const READ_ONLY_POSTS: readonly string[] = ['POST /consults/shared-check'];
/** POST routes that change a consult already stored (its ServiceRequest and Task): audited as updates, not creates. */
export const UPDATE_POSTS: readonly string[] = ['POST /specialist/consults/:id/claim', 'POST /specialist/consults/:id/decline', 'POST /specialist/consults/:id/redirect', 'POST /specialist/consults/:id/answer', 'POST /consults/:id/withdraw'];

/**
 * Records an AuditEvent in the consult store for every call a verified caller makes (reads, writes and
 * refusals alike), after the route has answered, so later routes are audited with no work of their
 * own. The event is written in the background by `deps.audit` (`PUT AuditEvent/<request id>`, retried
 * until stored, kept in its journal until then), so the answer does not wait for the store. While the
 * audit log cannot be written (`deps.audit.failing`) or the journal cannot keep the event, a read is
 * not released (503: consult data goes out only while its access is being recorded); a write has
 * already happened and carries its Provenance, so its answer goes out.
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
    const read = isRead(c) || READ_ONLY_POSTS.includes(route);
    const refuse = (): void => {
      c.res = c.json(outcome('transient', 'Curbside could not record this access in its audit log, so it cannot show the data right now. Please try again in a moment.'), 503);
    };
    if (deps.audit.failing && read && c.res.ok) {
      refuse();
    }
    const requestId = currentRequest()?.requestId ?? deps.uuid();
    const record = (): boolean =>
      deps.audit.record({
        ...buildAuditEvent({
          requestId,
          recorded: deps.now().toISOString(),
          iss: launch.iss,
          fhirUser: launch.fhirUser,
          patient: launch.patient,
          method: c.req.method,
          readOnly: read,
          update: UPDATE_POSTS.includes(route),
          route,
          status: c.res.status,
          // What the route named, and what the code it ran noted as shown or changed (specialist reads).
          entities: [...new Set([...((c.get('auditEntities') as readonly string[] | undefined) ?? []), ...(currentRequest()?.touched ?? [])])],
        }),
        id: requestId,
      });
    // Not kept by the journal: a read is not released on it (recorded again, as refused, in its place).
    if (!record() && read && c.res.ok) {
      refuse();
      record();
    }
  });
}

function isRead(c: Context): boolean {
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}
