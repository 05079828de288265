import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * The API route a request reached, as declared (`GET /consults/:id`), for logs and audit records: never
 * the raw URL, whose ids and query could one day carry something personal. Unmatched requests are
 * `METHOD (unmatched)`.
 */
export function endpointOf(c: Context): string {
  const endpoint = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return `${c.req.method} ${endpoint?.path ?? '(unmatched)'}`;
}
