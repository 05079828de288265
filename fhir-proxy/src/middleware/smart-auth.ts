import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from '../api/headers.ts';
import type { LaunchContext, VerifiedUser } from '../auth/launch-context.ts';
import type { CallerCredentials, CallerVerifier } from '../auth/verify-caller.ts';
import { currentRequest } from '../lib/request-context.ts';

export interface AuthEnv {
  Variables: { launch: LaunchContext };
}

/** The caller's credentials as this request carries them (the app's headers: contract in api/headers.ts). */
function credentialsOf(c: Context): CallerCredentials {
  return {
    iss: c.req.header(ISSUER_HEADER),
    authorization: c.req.header('Authorization'),
    idToken: c.req.header(ID_TOKEN_HEADER),
    patient: c.req.header(PATIENT_HEADER),
  };
}

// The request context carries the caller too: the store's transaction wrapper names them in Provenance
// and the AuditEvent.
function remember<T extends VerifiedUser>(caller: T): T {
  const request = currentRequest();
  if (request) {
    request.launch = caller;
  }
  return caller;
}

/** Verifies the caller of this request with their EHR; a refusal throws a Problem (401/403 OperationOutcome). */
export async function verifyRequest(c: Context, verifier: CallerVerifier): Promise<LaunchContext> {
  return remember(await verifier.verify(credentialsOf(c)));
}

/**
 * Verifies a caller who may have no patient (a specialist's standalone sign-in, the event stream) and
 * records them for Provenance and the AuditEvent, as `verifyRequest` does.
 */
export async function verifyUserRequest(c: Context, verifier: CallerVerifier): Promise<VerifiedUser> {
  return remember(await verifier.verifyUser(credentialsOf(c)));
}

/** Verifies the caller with their EHR before any route runs (once per request, whichever guard runs first). */
export function smartAuth(verifier: CallerVerifier) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    if (!(c.get('launch') as LaunchContext | undefined)) {
      c.set('launch', await verifyRequest(c, verifier));
    }
    await next();
  });
}
