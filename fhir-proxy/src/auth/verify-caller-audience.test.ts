import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { EHR, ehrHandlers, GOOD_TOKEN, INTROSPECT, PATIENT_ID } from '../test/upstream.ts';
import { issuerConfigSchema } from './issuers.ts';
import { CallerVerifier } from './verify-caller.ts';

const server = setupServer(...ehrHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const verifier = (audRequired: boolean) =>
  new CallerVerifier({ timeoutMs: 2_000, issuers: [issuerConfigSchema.parse({ iss: EHR, clientId: 'curbside-app', audRequired, introspection: { clientId: 'curbside-proxy', clientSecret: 's' } })] });
const verify = (v: CallerVerifier) => v.verify({ iss: EHR, authorization: `Bearer ${GOOD_TOKEN}`, idToken: undefined, patient: undefined });
const introspection = (aud: string | undefined) =>
  http.post(INTROSPECT, () => HttpResponse.json({ active: true, scope: 'launch patient/*.rs', patient: PATIENT_ID, fhirUser: `${EHR}/Practitioner/pcp-1`, ...(aud ? { aud } : {}) }));

describe('token audience', () => {
  test('an EHR that binds tokens to an audience must name this one', async () => {
    server.use(introspection(undefined));
    await expect(verify(verifier(true))).rejects.toMatchObject({ status: 401 });
    await expect(verify(verifier(false))).resolves.toMatchObject({ patient: PATIENT_ID });
  });

  test('a token for another FHIR server is refused whatever the setting', async () => {
    server.use(introspection('https://other-ehr.test/fhir'));
    await expect(verify(verifier(false))).rejects.toMatchObject({ status: 401 });
  });
});
