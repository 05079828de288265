import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';

export interface ApiCorsOptions {
  readonly origins: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly allowMethods: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge: number;
}

/**
 * CORS for the app's origins only, with the headers Hono's `cors` sends. Preflights are Hono's `cors`
 * as is. On every other request the headers are added to the route's response after it has answered,
 * without touching the response before the route runs or re-creating it afterwards: Hono's `cors` does
 * both (`c.res.headers.set` before `next()`, `c.header('Vary', …)` after), which re-creates every JSON
 * answer around a stream of its body, so @hono/node-server reads that stream back instead of writing
 * the string as it is (a small cost on every call, too small to stand out in the benchmarks' noise).
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function apiCors(options: ApiCorsOptions) {
  const preflight = cors({
    origin: [...options.origins],
    allowHeaders: [...options.allowHeaders],
    allowMethods: [...options.allowMethods],
    exposeHeaders: [...options.exposeHeaders],
    maxAge: options.maxAge,
  });
  const allowed = new Set(options.origins);
  const expose = options.exposeHeaders.join(',');
  return createMiddleware(async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return preflight(c, next);
    }
    await next();
    const origin = c.req.header('origin');
    // `c.res.headers` of a finished response is changed in place, so the body stays a plain string.
    const headers = c.res.headers;
    if (origin && allowed.has(origin)) {
      headers.set('Access-Control-Allow-Origin', origin);
    }
    if (expose) {
      headers.set('Access-Control-Expose-Headers', expose);
    }
    headers.append('Vary', 'Origin');
  });
}
