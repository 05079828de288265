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
  /** The EHR's styling hints (`smart_style_url`), when it sent an http(s) URL. */
  readonly smartStyleUrl: string | undefined;
  /** The FHIR base URL of the launch (the `iss`). */
  readonly serverUrl: string;
  /** The credentials for a proxy call, refreshing the access token first when it is about to expire. */
  readonly getProxyCredentials: () => Promise<ProxyCredentials>;
}

/** A launch that cannot be used (no patient, no token); the message is safe to show. */
export class SmartLaunchError extends Error {
  override readonly name = 'SmartLaunchError';
}

export interface SmartSessionOptions {
  /**
   * Never refresh the access token sooner than this after the last refresh (Oracle Health throttles
   * refreshes under a minute apart, fhir-landscape.md §4); from the EHR's `token` settings.
   */
  readonly minRefreshIntervalMs?: number;
  readonly now?: () => number;
}

/**
 * Reads the launch context from an authorized client.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export function createSmartSession(client: SmartClient, options: SmartSessionOptions = {}): SmartSession {
  const tokenResponse = client.state.tokenResponse;
  const patientId = client.getPatientId();
  if (!patientId) {
    throw new SmartLaunchError('Curbside was opened without a patient.');
  }
  if (!tokenResponse?.access_token) {
    throw new SmartLaunchError('The EHR did not grant Curbside access.');
  }
  const serverUrl = client.state.serverUrl;
  const styleUrl = typeof tokenResponse.smart_style_url === 'string' && /^https?:\/\//.test(tokenResponse.smart_style_url) ? tokenResponse.smart_style_url : undefined;
  const now = options.now ?? Date.now;
  let lastRefresh = Number.NEGATIVE_INFINITY;
  return {
    client,
    patientId,
    fhirUser: fhirUserFromIdToken(tokenResponse.id_token),
    needPatientBanner: tokenResponse.need_patient_banner === true,
    smartStyleUrl: styleUrl,
    serverUrl,
    async getProxyCredentials() {
      const before = client.state.tokenResponse?.access_token;
      const mayRefresh = now() - lastRefresh >= (options.minRefreshIntervalMs ?? 0);
      const state = mayRefresh ? await client.refreshIfNeeded() : client.state;
      if (state.tokenResponse?.access_token !== before) {
        lastRefresh = now();
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
