import type { Bundle, OperationOutcome } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import type { SharedCheckResult } from '../api/shared-check.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { allergy, authHeaders, condition, EHR, ehrHandlers, GOOD_TOKEN, INTROSPECT, medication, patient, PATIENT_ID, pool, practitioner, searchset, STORE, storeHandlers, testApp, testDeps } from '../test/upstream.ts';

const posted: Bundle[] = [];
const server = setupServer(...ehrHandlers(), ...storeHandlers(posted));
/** Every proxy a test made: their AuditEvents are written in the background, and must be before the handlers reset. */
const proxies: ProxyDeps[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((deps) => deps.audit.flush()));
  server.events.removeAllListeners();
  server.resetHandlers();
  posted.length = 0;
});
afterAll(() => server.close());

const SECOND_TOKEN = 'second-session-token';
const input: ConsultRequestInput = {
  idempotencyKey: '0b6f8a8e-2f7c-4a57-9c1d-6f1f3b7f2a10',
  target: { kind: 'pool', healthcareServiceId: pool.id },
  question: 'eGFR fell from 58 to 44 over a year on metformin. Should I stop metformin and refer?',
  urgency: 'routine',
  reasonConditionId: condition.id,
  shared: [{ type: 'AllergyIntolerance', id: allergy.id }, { type: 'MedicationRequest', id: medication.id }],
};
const ticked = { reasonConditionId: input.reasonConditionId, shared: input.shared };

/** One proxy (one set of caches) with a clock the test moves. */
function proxy() {
  let now = Date.parse('2026-11-21T09:00:00Z');
  const deps = testDeps({}, { now: () => new Date(now) });
  proxies.push(deps);
  const app = testApp({}, deps);
  const call = (path: string, body: unknown, token = GOOD_TOKEN) => app.request(path, { method: 'POST', headers: authHeaders(token), body: JSON.stringify(body) });
  return {
    check: async (body: unknown = ticked, token = GOOD_TOKEN) => call('/consults/shared-check', body, token),
    send: async (body: unknown = input, token = GOOD_TOKEN) => call('/consults', body, token),
    later: (ms: number) => (now += ms),
  };
}

/** Every FHIR read or search the proxy sends to the EHR (not discovery or token checks), as `METHOD path?query`. */
function ehrReads(): string[] {
  const seen: string[] = [];
  server.events.on('request:start', ({ request }) => {
    if (request.url.startsWith(EHR) && !request.url.includes('/.well-known/')) {
      seen.push(`${request.method} ${request.url.slice(EHR.length)}`);
    }
  });
  return seen;
}

// A second session of the same user for the same patient: a token of its own.
const secondSession = http.post(INTROSPECT, async ({ request }) => {
  const token = new URLSearchParams(await request.text()).get('token');
  const exp = Math.floor(Date.now() / 1000) + 600;
  return HttpResponse.json(token === SECOND_TOKEN || token === GOOD_TOKEN ? { active: true, scope: 'launch openid fhirUser patient/*.rs', patient: PATIENT_ID, fhirUser: `${EHR}/Practitioner/pcp-1`, aud: EHR, exp } : { active: false });
});

describe('POST /consults/shared-check', () => {
  test('says per item whether it can be sent: valid, not valid FHIR, or not in this patient\'s chart', async () => {
    const { clinicalStatus: _dropped, ...invalidAllergy } = allergy;
    server.use(http.get(`${EHR}/AllergyIntolerance`, () => HttpResponse.json(searchset([invalidAllergy]))));
    const res = await proxy().check({ ...ticked, shared: [...ticked.shared, { type: 'Observation', id: 'someone-elses-lab' }] });
    expect(res.status).toBe(200);
    const { items, freshForSeconds } = (await res.json()) as SharedCheckResult;
    expect(items.map((i) => [i.type, i.id, i.status])).toEqual([
      ['AllergyIntolerance', allergy.id, 'invalid'],
      ['MedicationRequest', medication.id, 'shareable'],
      ['Observation', 'someone-elses-lab', 'not-found'],
      ['Condition', condition.id, 'shareable'],
    ]);
    expect(items[0]?.text).toMatch(/not valid FHIR.*Untick it/);
    expect(items[2]?.text).toMatch(/no longer in this patient's chart/);
    expect(freshForSeconds).toBeGreaterThanOrEqual(60);
  });

  test('says when the patient\'s or the physician\'s own EHR record is not valid FHIR, which no unticking can mend, before Send is pressed', async () => {
    const clean = (await (await proxy().check()).json()) as SharedCheckResult;
    expect(clean.blockers).toEqual([]);
    server.use(
      http.get(`${EHR}/Patient/${PATIENT_ID}`, () => HttpResponse.json({ ...patient, birthDate: '1961-4-2' })),
      http.get(`${EHR}/Practitioner/${practitioner.id}`, () => HttpResponse.json({ ...practitioner, name: [{ family: 42 }] })),
    );
    const res = await proxy().check();
    expect(res.status).toBe(200);
    const { blockers, items } = (await res.json()) as SharedCheckResult;
    expect(blockers).toEqual([
      "This patient's record in the EHR is not valid FHIR (Patient.birthDate), so Curbside cannot send a consult about them. Please tell your EHR administrator.",
      'Your own record in the EHR is not valid FHIR (Practitioner.name[0].family), so Curbside cannot name you as the requester. Please tell your EHR administrator.',
    ]);
    expect(items.every((item) => item.status === 'shareable')).toBe(true);
  });

  test('reads the items with the user\'s token, each search scoped to the launch patient', async () => {
    const auth: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      if (/\/(AllergyIntolerance|MedicationRequest|Condition)\?/.test(request.url)) {
        auth.push(request.headers.get('authorization'));
      }
    });
    const reads = ehrReads();
    await proxy().check();
    const searches = reads.filter((r) => r.includes('?'));
    expect(searches).toHaveLength(3);
    expect(searches.every((r) => new URL(`https://x${r.slice(r.indexOf(' ') + 1)}`).searchParams.get('patient') === PATIENT_ID)).toBe(true);
    expect(auth).toEqual([`Bearer ${GOOD_TOKEN}`, `Bearer ${GOOD_TOKEN}`, `Bearer ${GOOD_TOKEN}`]);
  });

  test('refuses a malformed item with a 400 OperationOutcome naming it', async () => {
    const res = await proxy().check({ shared: [{ type: 'Patient', id: PATIENT_ID }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as OperationOutcome).issue[0]?.expression).toEqual(['shared[0].type']);
  });

  test('is refused without a verified session, and GET /consults/shared-check names no consult', async () => {
    const p = proxy();
    expect((await p.check(ticked, 'forged')).status).toBe(401);
    server.use(http.get(`${STORE}/Patient`, () => HttpResponse.json(searchset([]))));
    expect((await testApp().request('/consults/shared-check', { headers: authHeaders() })).status).toBe(404);
  });
});

describe('sending after the check', () => {
  test('a consult sent after the check reads nothing from the EHR and carries every checked item', async () => {
    const p = proxy();
    expect((await p.check()).status).toBe(200);
    const reads = ehrReads();
    const res = await p.send();
    expect(res.status).toBe(201);
    expect(reads).toEqual([]);
    const sources = (posted[0]?.entry ?? []).map((e) => e.resource?.meta?.source).filter(Boolean);
    expect(sources).toEqual(expect.arrayContaining([`${EHR}/AllergyIntolerance/${allergy.id}`, `${EHR}/MedicationRequest/${medication.id}`, `${EHR}/Condition/${condition.id}`, `${EHR}/Patient/${PATIENT_ID}`]));
  });

  test('a consult sent without a check reads the patient, the requester and every item, as before', async () => {
    const reads = ehrReads();
    expect((await proxy().send()).status).toBe(201);
    expect(reads.filter((r) => r.startsWith('GET /Patient/') || r.startsWith('GET /Practitioner/'))).toHaveLength(2);
    expect(reads.filter((r) => r.includes('_id='))).toHaveLength(3);
  });

  test('only items not checked are read at send, scoped to the patient', async () => {
    const p = proxy();
    await p.check({ reasonConditionId: condition.id, shared: [{ type: 'AllergyIntolerance', id: allergy.id }] });
    const reads = ehrReads();
    expect((await p.send()).status).toBe(201);
    expect(reads).toEqual([`GET /MedicationRequest?_id=${medication.id}&patient=${PATIENT_ID}&_count=1`]);
  });

  test('an item checked longer ago than the cache keeps is read again at send', async () => {
    const p = proxy();
    const { freshForSeconds } = (await (await p.check()).json()) as SharedCheckResult;
    p.later(freshForSeconds * 1000 + 1);
    const reads = ehrReads();
    expect((await p.send()).status).toBe(201);
    expect(reads.filter((r) => r.includes('_id='))).toHaveLength(3);
    expect(reads.filter((r) => r.startsWith('GET /Patient/'))).toHaveLength(1);
  });

  test('another session of the same user and patient cannot use this session\'s checked items', async () => {
    server.use(secondSession);
    const p = proxy();
    await p.check(ticked, GOOD_TOKEN);
    const reads = ehrReads();
    expect((await p.send(input, SECOND_TOKEN)).status).toBe(201);
    expect(reads.filter((r) => r.includes('_id='))).toHaveLength(3);
  });

  test('an item the check found not valid FHIR is refused at send with a 422 naming it, without reading it again', async () => {
    const { clinicalStatus: _dropped, ...invalidAllergy } = allergy;
    server.use(http.get(`${EHR}/AllergyIntolerance`, () => HttpResponse.json(searchset([invalidAllergy]))));
    const p = proxy();
    await p.check();
    const reads = ehrReads();
    const res = await p.send();
    expect(res.status).toBe(422);
    expect(((await res.json()) as OperationOutcome).issue[0]?.expression).toEqual(['shared[0]']);
    expect(reads).toEqual([]);
    expect(posted).toHaveLength(0);
  });

  test('the same consult sent twice after one check is still one consult (the store answers the replay)', async () => {
    const p = proxy();
    await p.check();
    expect((await p.send()).status).toBe(201);
    server.use(...storeHandlers(posted, { replay: true }));
    expect((await p.send()).status).toBe(200);
    expect(posted.map((b) => b.entry?.every((e) => e.request?.ifNoneExist))).toEqual([true, true]);
  });
});
