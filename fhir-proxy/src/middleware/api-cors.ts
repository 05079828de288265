import { createMiddleware } from 'hono/factory';

export interface ApiCorsOptions {
  /** Browser origins allowed to call the API (the app's). */
  readonly origins: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly allowMethods: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

/**
 * CORS for the API: the app's origins only, named back to them (never `*`), with `Vary: Origin` on
 * every answer so a cache never serves one origin's answer to another. Every OPTIONS is answered as a
 * preflight (204) before any route or guard runs. The headers are set before the route answers, so they
 * join its answer as it is made (c.json, c.body, streamSSE: every route answers through `c`).
 *
 * Not `hono/cors`: it puts its headers on a placeholder answer before the route runs and adds `Vary` to
 * the finished one, and under @hono/node-server each of those rebuilds the answer as a WHATWG Response.
 * Two proxies side by side on one store: ~0.15 ms more per call with it (GET /consults/:id, ~1.9 ms).
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function apiCors(options: ApiCorsOptions) {
  const origins = new Set(options.origins);
  const preflight = {
    'Access-Control-Allow-Methods': options.allowMethods.join(','),
    'Access-Control-Allow-Headers': options.allowHeaders.join(','),
    'Access-Control-Max-Age': String(options.maxAgeSeconds),
  };
  const expose = options.exposeHeaders.join(',');
  return createMiddleware(async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origins.has(origin)) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', expose);
    }
    c.header('Vary', c.req.method === 'OPTIONS' ? 'Origin, Access-Control-Request-Headers' : 'Origin');
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, preflight);
    }
    await next();
  });
}
