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
}

/** The test EHR's token endpoint, where fhirclient redeems refresh tokens. */
export const TOKEN_URI = 'https://ehr.test/auth/token';

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unsigned id_token carrying `fhirUser` as an absolute URL, as the sandbox issues it. */
export function testIdToken(fhirUser: string): string {
  return [base64url(JSON.stringify({ alg: 'none' })), base64url(JSON.stringify({ fhirUser: `${EHR_BASE}/${fhirUser}`, sub: fhirUser })), 'sig'].join('.');
}

/** A fhirclient Client authorized for `patient-x` at https://ehr.test/fhir/R4 (access token "test"). */
export function buildTestClient({ patient = 'patient-x', needPatientBanner = true, fhirUser = PRACTITIONER_USER, expiresAt, refreshToken, accessToken = 'test' }: TestClientOptions = {}): SmartClient {
  return FHIR.client({
    serverUrl: EHR_BASE,
    scope: 'launch openid fhirUser patient/*.rs',
    tokenUri: TOKEN_URI,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    tokenResponse: {
      access_token: accessToken,
      token_type: 'Bearer',
      patient,
      id_token: testIdToken(fhirUser),
      need_patient_banner: needPatientBanner,
      ...(refreshToken ? { refresh_token: refreshToken, scope: 'launch openid fhirUser patient/*.rs online_access' } : {}),
    },
  });
}
