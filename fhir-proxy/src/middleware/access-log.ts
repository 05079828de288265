import { createMiddleware } from 'hono/factory';
import type { Logger } from '../lib/logger.ts';
import { currentRequest } from '../lib/request-context.ts';
import { endpointOf } from './endpoint.ts';

/** One structured line per request: route pattern, status, duration and request id; no URL, query or body. */
export function accessLog(logger: Logger) {
  return createMiddleware(async (c, next) => {
    const started = performance.now();
    await next();
    const fields = { requestId: currentRequest()?.requestId, route: endpointOf(c), status: c.res.status, ms: Math.round(performance.now() - started) };
    if (c.res.status >= 500) {
      logger.error('http.request', fields);
    } else {
      logger.info('http.request', fields);
    }
  });
}
