import { createMiddleware } from 'hono/factory';
import { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from '../api/headers.ts';
import type { LaunchContext } from '../auth/launch-context.ts';
import type { CallerVerifier } from '../auth/verify-caller.ts';

export interface AuthEnv {
  Variables: { launch: LaunchContext };
}

/** Verifies the caller with their EHR before any route runs; a refusal throws a Problem (401/403 OperationOutcome). */
export function smartAuth(verifier: CallerVerifier) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    c.set(
      'launch',
      await verifier.verify({
        iss: c.req.header(ISSUER_HEADER),
        authorization: c.req.header('Authorization'),
        idToken: c.req.header(ID_TOKEN_HEADER),
        patient: c.req.header(PATIENT_HEADER),
      }),
    );
    await next();
  });
}
