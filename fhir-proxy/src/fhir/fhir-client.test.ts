import type { Bundle, OperationOutcome, Patient } from 'fhir/r4';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Problem } from '../lib/outcome.ts';
import { runWithRequestContext } from '../lib/request-context.ts';
import type { RetryPolicy } from '../lib/retry.ts';
import { FhirClient, type FhirClientOptions } from './fhir-client.ts';

const BASE = 'https://store.test/fhir/R4';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const slept: number[] = [];
const fastRetry: RetryPolicy = { deadlineMs: 5_000, baseDelayMs: 10, maxDelayMs: 50, random: () => 0.5, sleep: async (ms) => void slept.push(ms) };
afterEach(() => void (slept.length = 0));

function client(overrides: Partial<FhirClientOptions> = {}): FhirClient {
  return new FhirClient({ baseUrl: BASE, label: 'the consult store', timeoutMs: 1_000, retry: fastRetry, ...overrides });
}

/** Answers with each response in turn (the last one repeats) and counts the requests. */
function sequence(method: 'get' | 'post', url: string, ...responses: (() => Response | Promise<Response>)[]) {
  const seen = { count: 0 };
  server.use(http[method](url, () => responses[Math.min(seen.count++, responses.length - 1)]!()));
  return seen;
}

const patient: Patient = { resourceType: 'Patient', id: 'p1' };
const busy = (status: number, headers: Record<string, string> = {}) => () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status, headers });
const conditionalTransaction: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patient, request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=a|b' } }] };

async function failure(promise: Promise<unknown>): Promise<Problem> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
}

describe('retries', () => {
  test('a read that meets a 503 is tried again and returns the answer', async () => {
    const seen = sequence('get', `${BASE}/Patient/p1`, busy(503), () => HttpResponse.json(patient));
    expect(await client().read<Patient>('Patient', 'p1')).toEqual(patient);
    expect(seen.count).toBe(2);
  });

  test('a 429 waits as long as Retry-After asks', async () => {
    sequence('get', `${BASE}/Patient/p1`, busy(429, { 'Retry-After': '2' }), () => HttpResponse.json(patient));
    await client().read<Patient>('Patient', 'p1');
    expect(slept).toEqual([2_000]);
  });

  test('a conditional transaction is retried after a dropped connection', async () => {
    const seen = sequence('post', BASE, () => HttpResponse.error(), () => HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry: [] }));
    await client().transaction(conditionalTransaction);
    expect(seen.count).toBe(2);
  });

  test('a read that times out is tried again', async () => {
    const seen = sequence('get', `${BASE}/Patient/p1`, async () => {
      await delay(500);
      return HttpResponse.json(patient);
    }, () => HttpResponse.json(patient));
    expect(await client({ timeoutMs: 100 }).read<Patient>('Patient', 'p1')).toEqual(patient);
    expect(seen.count).toBe(2);
  });

  test('a conditional transaction that lost a race (409) is tried again and finds the winner', async () => {
    const seen = sequence('post', BASE, busy(409), () => HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '200 OK' } }] }));
    expect((await client().transaction(conditionalTransaction)).entry?.[0]?.response?.status).toBe('200 OK');
    expect(seen.count).toBe(2);
  });

  test('an update with If-Match is not repeated after an ambiguous failure: a repeat of an applied update would read as a lost race (412)', async () => {
    const seen = { count: 0 };
    server.use(http.put(`${BASE}/Patient/p1`, () => (++seen.count === 1 ? busy(503)() : busy(412)())));
    expect((await failure(client().update(patient as Patient & { id: string }, { ifMatch: 'W/"1"' }))).status).toBe(503);
    expect(seen.count).toBe(1);
  });

  test('an update without If-Match is repeated: writing the same version twice changes nothing', async () => {
    const seen = { count: 0 };
    server.use(http.put(`${BASE}/Patient/p1`, () => (++seen.count === 1 ? busy(503)() : HttpResponse.json({ ...patient, meta: { versionId: '2' } }))));
    expect(await client().update(patient as Patient & { id: string })).toMatchObject({ meta: { versionId: '2' } });
    expect(seen.count).toBe(2);
  });

  test('a conditional create (If-None-Exist) is repeated after a 503 and finds what the first attempt stored', async () => {
    const seen = sequence('post', `${BASE}/Patient`, busy(503), () => HttpResponse.json({ ...patient, meta: { versionId: '1' } }, { status: 200 }));
    expect(await client().create(patient, { ifNoneExist: 'identifier=a|b' })).toMatchObject({ created: false, resource: { id: 'p1' } });
    expect(seen.count).toBe(2);
  });

  test('a plain create is never repeated: it could be stored twice', async () => {
    const seen = sequence('post', BASE, busy(500));
    const plain: Bundle = { ...conditionalTransaction, entry: [{ resource: patient, request: { method: 'POST', url: 'Patient' } }] };
    expect((await failure(client().transaction(plain))).status).toBe(502);
    expect(seen.count).toBe(1);
  });

  test('past the deadline the caller gets a 503 OperationOutcome with Retry-After', async () => {
    const seen = sequence('get', `${BASE}/Patient/p1`, busy(503));
    const problem = await failure(client({ retry: { deadlineMs: 150, baseDelayMs: 20, maxDelayMs: 40 } }).read('Patient', 'p1'));
    expect(problem.status).toBe(503);
    expect(problem.retryAfterSeconds).toBeGreaterThan(0);
    expect((problem.outcome as OperationOutcome).issue[0]?.details?.text).toMatch(/consult store is busy right now\. Please try again/);
    expect(seen.count).toBeGreaterThan(1);
  });

  test('a Retry-After beyond the deadline gives up at once instead of waiting in vain', async () => {
    const seen = sequence('get', `${BASE}/Patient/p1`, busy(429, { 'Retry-After': '60' }));
    const problem = await failure(client().read('Patient', 'p1'));
    expect(problem.status).toBe(503);
    expect(problem.retryAfterSeconds).toBe(60);
    expect(seen.count).toBe(1);
  });

  test('the request being served bounds every upstream call made for it', async () => {
    const seen = sequence('get', `${BASE}/Patient/p1`, busy(503));
    const started = Date.now();
    const call = runWithRequestContext({ requestId: 'r1', deadline: Date.now() + 100, launch: undefined }, () =>
      client({ retry: { deadlineMs: 60_000, baseDelayMs: 20, maxDelayMs: 20 } }).read('Patient', 'p1'),
    );
    expect((await failure(call)).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen.count).toBeGreaterThan(1);
  });
});

describe('the proxy\'s own store credentials', () => {
  test('are sent with every call, and a refused token is replaced once', async () => {
    const tokens = ['t1', 't2'];
    let current = tokens.shift();
    const credentials = { authorization: async () => `Bearer ${current}`, invalidate: () => void (current = tokens.shift()) };
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/Patient/p1`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return request.headers.get('authorization') === 'Bearer t2' ? HttpResponse.json(patient) : new HttpResponse(null, { status: 401 });
      }),
    );
    expect(await client({ credentials }).read<Patient>('Patient', 'p1')).toEqual(patient);
    expect(seen).toEqual(['Bearer t1', 'Bearer t2']);
  });
});

describe('transactions', () => {
  test('ask for the written resources back, which HAPI leaves out unless asked', async () => {
    let prefer: string | null = null;
    server.use(
      http.post(BASE, ({ request }) => {
        prefer = request.headers.get('prefer');
        return HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '201', location: 'Patient/p1/_history/1' }, resource: patient }] });
      }),
    );
    const answer = await client().transaction(conditionalTransaction);
    expect(prefer).toBe('return=representation');
    expect(answer.entry?.[0]?.resource).toEqual(patient);
  });
  test("carry the fullUrl R4 requires of every entry but a POST: an update's is the absolute URL of the record it replaces", async () => {
    let sent: Bundle | undefined;
    server.use(
      http.post(BASE, async ({ request }) => {
        sent = (await request.json()) as Bundle;
        return HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry: sent.entry?.map(() => ({ response: { status: '200' } })) });
      }),
    );
    const update: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [...(conditionalTransaction.entry ?? []), { resource: { ...patient, active: true }, request: { method: 'PUT', url: 'Patient/p1', ifMatch: 'W/"2"' } }] };
    await client().transaction(update);
    expect(sent?.entry?.map((e) => e.fullUrl)).toEqual([undefined, `${BASE}/Patient/p1`]);
  });
});

describe('refusals', () => {
  const leaky = (status: number) => () =>
    HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'HAPI-0550: constraint failed for Patient/e123 at org.hibernate' }] } satisfies OperationOutcome, { status });

  test("keep the server's own diagnostics out of what the physician sees, and keep the status callers act on", async () => {
    for (const [upstream, expected] of [[400, 422], [404, 404], [412, 412], [422, 422]] as const) {
      sequence('get', `${BASE}/Patient/p1`, leaky(upstream));
      const problem = await failure(client().read('Patient', 'p1'));
      expect(problem.status).toBe(expected);
      expect(JSON.stringify(problem.outcome)).not.toMatch(/HAPI|hibernate|e123/);
      expect(problem.outcome.issue[0]?.details?.text).toMatch(new RegExp(`^The consult store .*\\(it answered ${upstream}\\)`));
    }
  });

  test('a deleted record (410 Gone, as HAPI answers a read of one) is "not found" to callers, who act on 404: not a refusal of what Curbside sent', async () => {
    sequence('get', `${BASE}/Patient/p1`, leaky(410));
    const problem = await failure(client().read('Patient', 'p1'));
    expect([problem.status, problem.outcome.issue[0]?.code]).toEqual([404, 'not-found']);
    expect(problem.outcome.issue[0]?.details?.text).toContain('It may have been removed');
  });

  test("a store refusing the proxy's own access is the proxy's problem (502), not the physician's session (401)", async () => {
    for (const upstream of [401, 403]) {
      sequence('get', `${BASE}/Patient/p1`, leaky(upstream));
      const problem = await failure(client().read('Patient', 'p1'));
      expect(problem.status).toBe(502);
      expect(problem.outcome.issue[0]?.details?.text).toMatch(/administrator/);
    }
  });

  test("the EHR refusing the physician's own token keeps 401 (relaunch) and 403 (not allowed), in our words", async () => {
    const ehr = client({ label: 'the EHR' });
    sequence('get', `${BASE}/Patient/p1`, leaky(401));
    const expired = await failure(ehr.read('Patient', 'p1', { token: 'user-token' }));
    expect([expired.status, expired.outcome.issue[0]?.details?.text]).toEqual([401, "The EHR no longer accepts this sign-in. Please relaunch Curbside from the patient's chart."]);
    sequence('get', `${BASE}/Patient/p1`, leaky(403));
    const forbidden = await failure(ehr.read('Patient', 'p1', { token: 'user-token' }));
    expect(forbidden.status).toBe(403);
    expect(JSON.stringify(forbidden.outcome)).not.toMatch(/HAPI/);
  });
});

describe('paging', () => {
  test("follows next links on the server's own origin, and refuses one to another host rather than send it the credentials", async () => {
    const page = (next?: string): Bundle => ({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: patient }], ...(next ? { link: [{ relation: 'next', url: next }] } : {}) });
    const elsewhere: string[] = [];
    server.use(
      http.get(`${BASE}/Patient`, ({ request }) => HttpResponse.json(new URL(request.url).searchParams.has('page') ? page('https://elsewhere.test/fhir/Patient?page=3') : page(`${BASE}/Patient?page=2`))),
      http.get('https://elsewhere.test/fhir/Patient', ({ request }) => {
        elsewhere.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json(page());
      }),
    );
    const problem = await failure(client().searchAll('Patient', { token: 'physician-token' }));
    expect(problem.status).toBe(502);
    expect(problem.outcome.issue[0]?.details?.text).toMatch(/linked to another server/);
    expect(elsewhere).toEqual([]);
  });
});
