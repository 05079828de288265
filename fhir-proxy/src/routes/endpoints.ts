import type { Hono } from 'hono';

export interface Endpoint {
  readonly method: string;
  /** As declared, with parameters: `/consults/:id`. */
  readonly path: string;
}

/**
 * Every endpoint an app serves, read from the Hono app itself (middleware excluded), so the fuzz and
 * authorization suites cover routes added later without being told about them.
 */
export function listEndpoints(app: Pick<Hono, 'routes'>): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const route of app.routes) {
    if (route.method !== 'ALL') {
      seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
    }
  }
  return [...seen.values()];
}

/** `GET /consults/:id` */
export function endpointName(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.path}`;
}
