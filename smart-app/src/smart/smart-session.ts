import { ProxyError } from '../lib/proxy-client.ts';
import type { ProxyCredentials } from '../lib/proxy-client.ts';
import { FHIR } from './fhirclient.ts';
import { decodeIdTokenClaims, fhirUserFromIdToken } from './id-token.ts';
import type { SmartClient } from './fhirclient.ts';

interface SmartSessionBase {
  readonly client: SmartClient;
  /** The signed-in user as `ResourceType/id` (from the id_token's fhirUser claim), when the EHR sent one. */
  readonly fhirUser: string | undefined;
  /** The user's fhirUser claim exactly as the EHR sent it (absolute), for keys that must not collide across servers. */
  readonly fhirUserUrl: string | undefined;
  /** true when the EHR asks the app to show its own patient banner. */
  readonly needPatientBanner: boolean;
  /** The EHR's styling hints (`smart_style_url`), when it sent an http(s) URL. */
  readonly smartStyleUrl: string | undefined;
  /** The FHIR base URL of the launch (the `iss`). */
  readonly serverUrl: string;
  /** The launch's encounter (`encounter` in the token response), when the EHR sent one. */
  readonly encounterId: string | undefined;
  /** The scopes the EHR granted (they may differ from the ones asked for). */
  readonly grantedScopes: readonly string[];
  /** The credentials for a proxy call, refreshing the access token first when it is about to expire. */
  readonly getProxyCredentials: () => Promise<ProxyCredentials>;
}

/** What the physician reads when the SMART session is over and cannot be renewed from here. */
export const SESSION_ENDED = "Your session with the EHR has ended. Relaunch Curbside from the patient's chart to continue.";
/**
 * Everything the app needs from the SMART launch, read once from the authorized client. A launch from
 * a chart carries a patient (the requesting physician); a standalone sign-in without one is a
 * specialist's, who works from the consult queue.
 */
export type SmartSession = SmartSessionBase &
  ({ readonly mode: 'requester'; readonly patientId: string } | { readonly mode: 'specialist'; readonly patientId: undefined });
export type RequesterSession = Extract<SmartSession, { mode: 'requester' }>;

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
  const patientId = client.getPatientId() ?? undefined;
  const fhirUser = fhirUserFromIdToken(tokenResponse?.id_token);
  if (!tokenResponse?.access_token) {
    throw new SmartLaunchError('The EHR did not grant Curbside access.');
  }
  if (!patientId && !fhirUser) {
    throw new SmartLaunchError('Curbside was opened without a patient.');
  }
  const serverUrl = client.state.serverUrl;
  const styleUrl = typeof tokenResponse.smart_style_url === 'string' && /^https?:\/\//.test(tokenResponse.smart_style_url) ? tokenResponse.smart_style_url : undefined;
  const now = options.now ?? Date.now;
  let lastRefresh = Number.NEGATIVE_INFINITY;
  const base: SmartSessionBase = {
    client,
    fhirUser,
    fhirUserUrl: fhirUserUrlFromIdToken(tokenResponse.id_token),
    needPatientBanner: tokenResponse.need_patient_banner === true,
    smartStyleUrl: styleUrl,
    serverUrl,
    encounterId: typeof tokenResponse.encounter === 'string' ? tokenResponse.encounter : undefined,
    grantedScopes: (tokenResponse.scope ?? client.state.scope ?? '').split(/\s+/).filter(Boolean),
    async getProxyCredentials() {
      const before = client.state.tokenResponse?.access_token;
      const mayRefresh = now() - lastRefresh >= (options.minRefreshIntervalMs ?? 0);
      // fhirclient refreshes when a refresh token exists and the access token is (about to be) expired.
      const state = mayRefresh
        ? await client.refreshIfNeeded().catch(() => {
            throw new ProxyError(401, [], SESSION_ENDED);
          })
        : client.state;
      if (state.tokenResponse?.access_token !== before) {
        lastRefresh = now();
      }
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
  return patientId ? { ...base, mode: 'requester', patientId } : { ...base, mode: 'specialist', patientId: undefined };
}

// The claim as sent (absolute, normally), so read marks of two servers' users never share a key.
function fhirUserUrlFromIdToken(idToken: string | undefined): string | undefined {
  const claim = decodeIdTokenClaims(idToken)?.fhirUser;
  return typeof claim === 'string' && claim ? claim : undefined;
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
