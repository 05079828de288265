import { ProxyError } from '../lib/proxy-client.ts';
import type { ProxyCredentials } from '../lib/proxy-client.ts';
import { FHIR } from './fhirclient.ts';
import { fhirUserFromIdToken } from './id-token.ts';
import type { SmartClient } from './fhirclient.ts';

/** Everything the app needs from the SMART launch, read once from the authorized client. */
export interface SmartSession {
  readonly client: SmartClient;
  /** The launch's patient (`patient` in the token response). */
  readonly patientId: string;
  /** The signed-in user as `ResourceType/id` (from the id_token's fhirUser claim), when the EHR sent one. */
  readonly fhirUser: string | undefined;
  /** true when the EHR asks the app to show its own patient banner. */
  readonly needPatientBanner: boolean;
  /** The FHIR base URL of the launch (the `iss`). */
  readonly serverUrl: string;
  /** The credentials for a proxy call, refreshing the access token first when it is about to expire. */
  readonly getProxyCredentials: () => Promise<ProxyCredentials>;
}

/** What the physician reads when the SMART session is over and cannot be renewed from here. */
export const SESSION_ENDED = "Your session with the EHR has ended. Relaunch Curbside from the patient's chart to continue.";

/** A launch that cannot be used (no patient, no token); the message is safe to show. */
export class SmartLaunchError extends Error {
  override readonly name = 'SmartLaunchError';
}

/**
 * Reads the launch context from an authorized client.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export function createSmartSession(client: SmartClient): SmartSession {
  const tokenResponse = client.state.tokenResponse;
  const patientId = client.getPatientId();
  if (!patientId) {
    throw new SmartLaunchError('Curbside was opened without a patient.');
  }
  if (!tokenResponse?.access_token) {
    throw new SmartLaunchError('The EHR did not grant Curbside access.');
  }
  const serverUrl = client.state.serverUrl;
  return {
    client,
    patientId,
    fhirUser: fhirUserFromIdToken(tokenResponse.id_token),
    needPatientBanner: tokenResponse.need_patient_banner === true,
    serverUrl,
    async getProxyCredentials() {
      // fhirclient refreshes when a refresh token exists and the access token is (about to be) expired.
      const state = await client.refreshIfNeeded().catch(() => {
        throw new ProxyError(401, [], SESSION_ENDED);
      });
      const expiresAt = state.expiresAt ?? Infinity;
      if (!state.tokenResponse?.access_token || expiresAt <= Date.now() / 1000) {
        // Expired with nothing to renew it: say so now rather than send a token the proxy must refuse.
        throw new ProxyError(401, [], SESSION_ENDED);
      }
      return {
        accessToken: state.tokenResponse?.access_token ?? '',
        issuer: serverUrl,
        idToken: state.tokenResponse?.id_token,
        patientId,
      };
    },
  };
}

let readyPromise: Promise<SmartClient> | undefined;

/**
 * `FHIR.oauth2.ready()`, at most once per page: it exchanges the one-time authorization code, so a
 * second call (e.g. React StrictMode running effects twice) would fail.
 * @see http://docs.smarthealthit.org/client-js/api.html#ready
 */
export function readyOnce(): Promise<SmartClient> {
  readyPromise ??= FHIR.oauth2.ready();
  return readyPromise;
}
