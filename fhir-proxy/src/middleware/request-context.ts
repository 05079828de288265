import { createMiddleware } from 'hono/factory';
import { runWithRequestContext } from '../lib/request-context.ts';

/**
 * Opens the request's context (id and deadline) for everything that runs to answer it, and names the
 * request in an `X-Request-Id` response header so a physician's support call can be matched to logs
 * and to the request's AuditEvent.
 */
export function requestContext(options: { readonly deadlineMs: number; readonly uuid: () => string }) {
  return createMiddleware(async (c, next) => {
    const requestId = options.uuid();
    c.header('X-Request-Id', requestId);
    await runWithRequestContext({ requestId, deadline: Date.now() + options.deadlineMs, launch: undefined }, next);
  });
}
