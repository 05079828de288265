import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from '../api/headers.ts';
import { parseFhirUser, type LaunchContext, type VerifiedUser } from '../auth/launch-context.ts';
import type { CallerCredentials, CallerVerifier } from '../auth/verify-caller.ts';
import { Problem } from '../lib/outcome.ts';
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

/** SMART users who are not clinicians (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#fhiruser). */
const NOT_CLINICIANS = new Set(['Patient', 'RelatedPerson', 'Person']);

/**
 * Verifies the caller of this request (a launch from a patient's chart) with their EHR; a refusal
 * throws a Problem (401/403 OperationOutcome). The requester's routes are for clinicians: a sign-in
 * whose `fhirUser` is a patient, a relative or a person (a portal launch) is refused, or it would read
 * and send consults as if a physician.
 */
export async function verifyRequest(c: Context, verifier: CallerVerifier): Promise<LaunchContext> {
  const launch = remember(await verifier.verify(credentialsOf(c)));
  const user = parseFhirUser(launch.fhirUser);
  if (user && NOT_CLINICIANS.has(user.resourceType)) {
    throw Problem.of(403, 'forbidden', `Curbside is for clinicians: this EHR sign-in is a ${user.resourceType === 'RelatedPerson' ? 'related person' : user.resourceType.toLowerCase()}'s, not a practitioner's, so it cannot send or read e-consults. If you are a clinician, please ask your EHR administrator how Curbside is launched.`);
  }
  return launch;
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
