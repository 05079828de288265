import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves a fetch handler on 127.0.0.1 at a free port, for tests that need a real HTTP peer. */
export function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>): Promise<LoopbackServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise((done) => {
            if ('closeAllConnections' in server) {
              server.closeAllConnections();
            }
            server.close(() => done());
          }),
      });
    });
  });
}

/** A server that answers everything with 200 and remembers every request it got: proof of what was (not) sent. */
export async function requestRecorder(): Promise<LoopbackServer & { readonly requests: string[] }> {
  const requests: string[] = [];
  const server = await serveOnLoopback((request) => {
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    return Response.json({ active: true, issuer: 'recorder', token_endpoint: 'http://127.0.0.1:1/token', introspection_endpoint: 'http://127.0.0.1:1/introspect', jwks_uri: 'http://127.0.0.1:1/jwks' });
  });
  return { ...server, requests };
}
