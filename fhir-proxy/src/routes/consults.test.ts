import type { Bundle, Communication, OperationOutcome, ServiceRequest } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import { allergy, authHeaders, condition, EHR, ehrHandlers, medication, patient, pool, searchset, STORE, storeHandlers, testApp } from '../test/upstream.ts';

const posted: Bundle[] = [];
const server = setupServer(...ehrHandlers(), ...storeHandlers(posted));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  posted.length = 0;
});
afterAll(() => server.close());

const input: ConsultRequestInput = {
  idempotencyKey: '6a2f41a0-8c1e-4b3f-9d2e-1f0a9b8c7d6e',
  target: { kind: 'pool', healthcareServiceId: pool.id },
  question: 'eGFR fell from 58 to 44 over a year on metformin. Should I stop metformin and refer?',
  urgency: 'urgent',
  reasonConditionId: condition.id,
  shared: [{ type: 'AllergyIntolerance', id: allergy.id }, { type: 'MedicationRequest', id: medication.id }],
};

const send = (body: unknown, headers = authHeaders()) => testApp().request('/consults', { method: 'POST', headers, body: JSON.stringify(body) });

describe('POST /consults', () => {
  test('refuses a caller whose EHR sign-in is a patient\'s or a relative\'s (a portal launch): e-consults are between clinicians, and nothing is written', async () => {
    for (const fhirUser of [`${EHR}/Patient/${patient.id}`, `${EHR}/RelatedPerson/rp-1`, `${EHR}/Person/person-1`]) {
      server.use(http.post('https://ehr.test/auth/introspect', () => HttpResponse.json({ active: true, scope: 'launch openid fhirUser patient/*.rs', patient: patient.id, fhirUser, aud: EHR, exp: Math.floor(Date.now() / 1000) + 600 })));
      const res = await send(input);
      const outcome = (await res.json()) as OperationOutcome;
      expect(res.status).toBe(403);
      expect(outcome.issue[0]?.details?.text).toMatch(/for clinicians.*EHR administrator/);
      // A route behind the consult guard, which verifies the caller itself, refuses them the same way.
      expect((await testApp().request('/consults/sr-1', { headers: authHeaders() })).status).toBe(403);
    }
    expect(posted).toHaveLength(0);
  });

  test('writes one transaction with the ServiceRequest, the question and the shared copies', async () => {
    const res = await send(input);
    expect(res.status).toBe(201);
    expect(posted).toHaveLength(1);
    const entries = posted[0]?.entry ?? [];
    const sr = entries.find((e) => e.resource?.resourceType === 'ServiceRequest');
    const question = entries.find((e) => e.resource?.resourceType === 'Communication')?.resource as Communication;
    expect(posted[0]?.type).toBe('transaction');
    expect(question.basedOn?.[0]?.reference).toBe(sr?.fullUrl);
    expect(question.payload?.[0]?.contentString).toBe(input.question);
    expect((sr?.resource as ServiceRequest).supportingInfo).toHaveLength(3);
    expect(entries.every((e) => e.request?.ifNoneExist)).toBe(true);
    const body = (await res.json()) as { consult: { status: string; urgency: string; question: string } };
    expect(body.consult).toMatchObject({ status: 'active', urgency: 'urgent', question: input.question });
  });

  test('never sends the EHR token to the consult store', async () => {
    const seen: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.startsWith(STORE)) {
        seen.push(request.headers.get('authorization'));
      }
    });
    await send(input);
    server.events.removeAllListeners();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h === null)).toBe(true);
  });

  test('answers 200 with the same consult when the store already has this idempotency key', async () => {
    server.use(...storeHandlers(posted, { replay: true }));
    const res = await send(input);
    expect(res.status).toBe(200);
  });

  test("refuses with 409 a key the store holds for another patient's consult, and shows nothing of it", async () => {
    server.use(...storeHandlers(posted, { replay: true, stored: (r) => (r.resourceType === 'ServiceRequest' ? { ...r, subject: { reference: 'Patient/someone-else' } } : r) }));
    const res = await send(input);
    const text = await res.text();
    expect(res.status).toBe(409);
    expect(JSON.parse(text)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'conflict', expression: ['idempotencyKey'] }] });
    expect(text).not.toContain(input.question);
  });

  test('refuses with 409 a key stored with a different question, rather than answering with the old one', async () => {
    server.use(...storeHandlers(posted, { replay: true, stored: (r) => (r.resourceType === 'Communication' ? { ...r, payload: [{ contentString: 'An earlier question' }] } : r) }));
    const res = await send(input);
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(409);
    expect(outcome.issue[0]?.expression).toEqual(['question']);
    expect(JSON.stringify(outcome)).not.toContain('An earlier question');
  });

  test('refuses a consult without a question with a 400 OperationOutcome naming the field', async () => {
    const res = await send({ ...input, question: '' });
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(400);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.expression).toEqual(['question']);
    expect(posted).toHaveLength(0);
  });

  test('refuses unknown fields rather than ignoring them', async () => {
    const res = await send({ ...input, patientId: 'someone-else' });
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(400);
    expect(outcome.issue[0]?.details?.text).toMatch(/patientId/);
  });

  test('refuses a forged token with 401 and writes nothing', async () => {
    const res = await send(input, authHeaders('forged-token'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toMatch(/relaunch/i);
    expect(posted).toHaveLength(0);
  });

  test('refuses a token from an issuer that is not on the allow-list without contacting it', async () => {
    // msw fails the test on any request to evil.test, so passing proves no request was made.
    const res = await send(input, authHeaders('good-token', 'https://evil.test/fhir'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toMatch(/not set up for this EHR/);
  });

  test('refuses to share an item that is not in this patient\'s chart', async () => {
    const res = await send({ ...input, shared: [{ type: 'Observation', id: 'someone-elses-lab' }] });
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(422);
    expect(outcome.issue[0]?.expression).toEqual(['shared[0]']);
    expect(posted).toHaveLength(0);
  });

  test('names a shared item that is not valid FHIR so the physician can uncheck it', async () => {
    const { clinicalStatus: _dropped, ...invalidAllergy } = allergy;
    server.use(http.get(`${EHR}/AllergyIntolerance`, () => HttpResponse.json(searchset([invalidAllergy]))));
    const res = await send(input);
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(422);
    expect(outcome.issue[0]?.expression).toEqual(['shared[0]']);
    expect(outcome.issue[0]?.details?.text).toMatch(/Uncheck it/);
  });

  test("refuses with 422, naming the field, a consult about a patient whose EHR record is not valid FHIR, so the app does not send it again", async () => {
    server.use(http.get(`${EHR}/Patient/${patient.id}`, () => HttpResponse.json({ ...patient, birthDate: '1961-4-2' })));
    const res = await send(input);
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(422);
    expect(outcome.issue[0]?.details?.text).toMatch(/^This patient's record in the EHR is not valid FHIR \(Patient\.birthDate\).*EHR administrator/);
    expect(posted).toHaveLength(0);
  });

  test("names reasonConditionId, not a shared item, when the reason's problem is no longer in the chart", async () => {
    const res = await send({ ...input, reasonConditionId: 'cond-gone' });
    const outcome = (await res.json()) as OperationOutcome;
    expect(res.status).toBe(422);
    expect(outcome.issue[0]?.expression).toEqual(['reasonConditionId']);
  });

  test('answers 503 with an OperationOutcome when the consult store is down', async () => {
    server.use(http.post(STORE, () => HttpResponse.error()));
    const res = await send(input);
    expect(res.status).toBe(503);
    expect(((await res.json()) as OperationOutcome).issue[0]?.details?.text).toMatch(/consult store cannot be reached/i);
  });
});

describe('GET /consults after a send', () => {
  test("lists the patient's consults by the snapshot the send stored, without searching for the patient first", async () => {
    const storeSearches: string[] = [];
    // storeHandlers resolve the transaction's references, as a real store does: the consult names the stored snapshot.
    server.use(
      http.get(`${STORE}/:type`, ({ request, params }) => {
        storeSearches.push(`${String(params.type)}${new URL(request.url).search}`);
        return HttpResponse.json(searchset([]));
      }),
    );
    const app = testApp();
    expect((await app.request('/consults', { method: 'POST', headers: authHeaders(), body: JSON.stringify(input) })).status).toBe(201);
    storeSearches.length = 0;
    expect((await app.request('/consults', { headers: authHeaders() })).status).toBe(200);
    // (This store then lists nothing, so the proxy looks the snapshot up again, as after a store reset.)
    expect(storeSearches[0]).toMatch(/^ServiceRequest\?subject=Patient%2Fstored-\d+&/);
  });
});
