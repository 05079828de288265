import { AsyncLocalStorage } from 'node:async_hooks';
import type { VerifiedUser } from '../auth/launch-context.ts';

/**
 * What the proxy knows about the request it is serving, available to any code running for it (the
 * upstream clients read the deadline; the store's transaction wrapper reads the verified caller for
 * Provenance) without threading it through every route. Set by the `requestContext` middleware.
 */
export interface RequestContext {
  /** Random per request; names the request's AuditEvent and links its log lines. Never patient data. */
  readonly requestId: string;
  /** Epoch ms by which every upstream call made for this request must be finished (retries included). */
  readonly deadline: number;
  /** The verified caller, once the auth middleware has run (a requester's launch, or a specialist without a patient). */
  launch: VerifiedUser | undefined;
  /** Store references the request's code read or changed for the caller (`ServiceRequest/1`, `Patient/7`): its AuditEvent names them. */
  touched?: Set<string>;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, run: () => T): T {
  return storage.run(context, run);
}

/** The request being served, or undefined outside one (start-up, tests calling a client directly). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Notes store references the current request showed or changed, for its AuditEvent (audit-trail.ts).
 * Called where consult data is read for a caller, so every route that reads through it is audited with
 * what it touched, with no work of its own; outside a request it does nothing.
 */
export function auditTouches(...references: readonly (string | undefined)[]): void {
  const context = storage.getStore();
  if (!context) {
    return;
  }
  context.touched ??= new Set();
  for (const reference of references) {
    if (reference) {
      context.touched.add(reference);
    }
  }
}

/** Runs work that outlives the request (a background write) outside its context: no request deadline applies. */
export function outsideRequest<T>(run: () => T): T {
  return storage.exit(run);
}
