// Only testing/ and smart/ may import fhirclient: a real Client, built without a launch.
import { FHIR } from '../smart/fhirclient.ts';
import type { SmartClient } from '../smart/fhirclient.ts';
import { EHR_BASE, PRACTITIONER_USER } from './fixtures.ts';

export interface TestClientOptions {
  readonly patient?: string;
  readonly needPatientBanner?: boolean;
  readonly fhirUser?: string;
  /** Epoch seconds at which the access token expires (fhirclient's `expiresAt`); in the past = expired. */
  readonly expiresAt?: number;
  /** A refresh token (with `online_access`), redeemed at TOKEN_URI. */
  readonly refreshToken?: string;
  readonly accessToken?: string;
  /** Granted scopes (the token response's `scope`). */
  readonly scope?: string;
  /** The launch's encounter. */
  readonly encounter?: string;
  /** false: a standalone sign-in without a patient (a specialist). */
  readonly withPatient?: boolean;
  /** The fhirUser claim as sent, when it is not a Practitioner of the test EHR (a specialist's is in the consult store). */
  readonly fhirUserUrl?: string;
  readonly smartStyleUrl?: string;
}

/** The test EHR's token endpoint, where fhirclient redeems refresh tokens. */
export const TOKEN_URI = 'https://ehr.test/auth/token';

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unsigned id_token carrying `fhirUser` as an absolute URL, as the sandbox issues it. */
export function testIdToken(fhirUser: string, absolute = `${EHR_BASE}/${fhirUser}`): string {
  return [base64url(JSON.stringify({ alg: 'none' })), base64url(JSON.stringify({ fhirUser: absolute, sub: fhirUser })), 'sig'].join('.');
}

/** A fhirclient Client authorized for `patient-x` at https://ehr.test/fhir/R4 (access token "test"). */
export function buildTestClient({ patient = 'patient-x', needPatientBanner = true, fhirUser = PRACTITIONER_USER, scope = 'launch openid fhirUser patient/*.rs', encounter, withPatient = true, fhirUserUrl, smartStyleUrl, expiresAt, refreshToken, accessToken = 'test' }: TestClientOptions = {}): SmartClient {
  return FHIR.client({
    serverUrl: EHR_BASE,
    scope,
    tokenUri: TOKEN_URI,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    tokenResponse: {
      access_token: accessToken,
      token_type: 'Bearer',
      scope,
      ...(withPatient ? { patient } : {}),
      ...(encounter ? { encounter } : {}),
      id_token: testIdToken(fhirUser, fhirUserUrl),
      need_patient_banner: needPatientBanner,
      ...(smartStyleUrl ? { smart_style_url: smartStyleUrl } : {}),
      ...(refreshToken ? { refresh_token: refreshToken, scope: `${scope} online_access` } : {}),
    },
  });
}
