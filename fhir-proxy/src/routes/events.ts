import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { CONSULT_EVENT } from '../api/events.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { Problem } from '../lib/outcome.ts';
import { verifyUserRequest } from '../middleware/smart-auth.ts';
import { EventHub } from '../events/event-hub.ts';
import { requesterMatcher, specialistMatcher } from '../events/event-listeners.ts';
import { resolveSpecialist } from '../specialist/resolve-specialist.ts';

const HEARTBEAT_MS = 15_000;

/**
 * GET /events: a server-sent event stream of `consult` events (ids only) for the consults this caller
 * may see: a requester (launch with a patient) hears about that patient's consults, a specialist about
 * their queue. Authenticated like every other call, with the same headers: the app reads the stream
 * with fetch and a ReadableStream, because EventSource cannot send an Authorization header (and a
 * ticket in the URL would need a secret shared by every proxy instance). The stream ends when the
 * token's verification expires, and the app reconnects with a fresh token. First event: `ready`.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function eventRoutes(deps: ProxyDeps) {
  const hub = new EventHub(deps);
  return new Hono().get('/', async (c) => {
    if (deps.shutdown?.aborted) {
      throw Problem.of(503, 'transient', 'Curbside is restarting. Live updates will resume in a moment.');
    }
    const user = await verifyUserRequest(c, deps.verifier);
    const patient = user.patient;
    const matches = patient ? requesterMatcher(deps, { ...user, patient }) : specialistMatcher(await resolveSpecialist(deps, user));
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let closed = false;
      let wake: () => void = () => undefined;
      const disconnect = await hub.connect({
        matches,
        send: (event) => void stream.writeSSE({ event: CONSULT_EVENT, data: JSON.stringify(event) }),
      });
      const end = (): void => {
        closed = true;
        wake();
      };
      stream.onAbort(end);
      deps.shutdown?.addEventListener('abort', end, { once: true });
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ role: patient ? 'requester' : 'specialist' }) });
        while (!closed && !stream.aborted && Date.now() < user.expiresAt) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, Math.min(HEARTBEAT_MS, Math.max(user.expiresAt - Date.now(), 0))).unref?.();
          });
          if (!closed && !stream.aborted) {
            await stream.write(': keep-alive\n\n');
          }
        }
      } finally {
        deps.shutdown?.removeEventListener('abort', end);
        disconnect();
      }
    });
  });
}
