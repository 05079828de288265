// Only testing/ and smart/ may import fhirclient: a real Client, built without a launch.
import { FHIR } from '../smart/fhirclient.ts';
import type { SmartClient } from '../smart/fhirclient.ts';
import { EHR_BASE, PRACTITIONER_USER } from './fixtures.ts';

export interface TestClientOptions {
  readonly patient?: string;
  readonly needPatientBanner?: boolean;
  readonly fhirUser?: string;
  readonly smartStyleUrl?: string;
}

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unsigned id_token carrying `fhirUser` as an absolute URL, as the sandbox issues it. */
export function testIdToken(fhirUser: string): string {
  return [base64url(JSON.stringify({ alg: 'none' })), base64url(JSON.stringify({ fhirUser: `${EHR_BASE}/${fhirUser}`, sub: fhirUser })), 'sig'].join('.');
}

/** A fhirclient Client authorized for `patient-x` at https://ehr.test/fhir/R4 (access token "test"). */
export function buildTestClient({ patient = 'patient-x', needPatientBanner = true, fhirUser = PRACTITIONER_USER, smartStyleUrl }: TestClientOptions = {}): SmartClient {
  return FHIR.client({
    serverUrl: EHR_BASE,
    scope: 'launch openid fhirUser patient/*.rs',
    tokenResponse: {
      access_token: 'test',
      token_type: 'Bearer',
      patient,
      id_token: testIdToken(fhirUser),
      need_patient_banner: needPatientBanner,
      ...(smartStyleUrl ? { smart_style_url: smartStyleUrl } : {}),
    },
  });
}
