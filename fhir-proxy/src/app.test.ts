import type { Bundle, OperationOutcome, Provenance } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from './app.ts';
import { createDeps } from './create-deps.ts';
import { AuditJournal } from './lib/audit-journal.ts';
import { AuditWriter } from './lib/audit-writer.ts';
import { silentLogger } from './lib/logger.ts';
import { auditHandler, audits, authHeaders, EHR, ehrHandlers, PATIENT_ID, STORE, storeHandlers, testApp, testDeps } from './test/upstream.ts';

const posted: Bundle[] = [];
const server = setupServer(...ehrHandlers(), ...storeHandlers(posted));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  posted.length = 0;
  audits.clear();
});
afterAll(() => server.close());

const consult = { idempotencyKey: '6a2f41a0-8c1e-4b3f-9d2e-1f0a9b8c7d6e', target: { kind: 'pool', healthcareServiceId: 'pool-nephrology' }, question: 'Stop metformin at an eGFR of 44, or refer?', urgency: 'routine', reasonText: 'CKD', shared: [] };
const outcomeOf = async (res: Response): Promise<OperationOutcome> => (await res.json()) as OperationOutcome;

describe('what comes in', () => {
  test('a body that is not JSON is refused with 415 before any route reads it', async () => {
    const res = await testApp().request('/consults', { method: 'POST', headers: { ...authHeaders(), 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect((await outcomeOf(res)).issue[0]?.details?.text).toMatch(/application\/json/);
  });

  test('a POST without a body (a claim, as a browser sends it: Content-Length 0) is not refused as non-JSON', async () => {
    const { 'Content-Type': _json, ...noType } = authHeaders();
    const res = await testApp().request('/consults', { method: 'POST', headers: { ...noType, 'Content-Length': '0' }, body: '' });
    expect(res.status).not.toBe(415);
    expect(res.status).toBe(400);
  });

  test('a body over the limit is refused with 413, whether or not it declares its length', async () => {
    const big = JSON.stringify({ ...consult, note: 'x'.repeat(300 * 1024) });
    const declared = await testApp().request('/consults', { method: 'POST', headers: authHeaders(), body: big });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) });
    const chunked = await testApp().request('/consults', { method: 'POST', headers: authHeaders(), body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await outcomeOf(chunked)).resourceType).toBe('OperationOutcome');
    expect(posted).toHaveLength(0);
  });

  test('broken JSON is a 400 OperationOutcome', async () => {
    const res = await testApp().request('/consults', { method: 'POST', headers: authHeaders(), body: '{"idempotencyKey": ' });
    expect(res.status).toBe(400);
    expect((await outcomeOf(res)).issue[0]?.code).toBe('invalid');
  });
});

describe('security headers', () => {
  test('forbid framing and loading the API as a document, and send HSTS unless turned off', async () => {
    const res = await testApp().request('/health');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const sandbox = createApp(createDeps({ storeUrl: STORE, appOrigins: ['https://app.test'], timeoutMs: 1_000, hsts: false, issuers: [{ iss: EHR, clientId: 'curbside-app' }] }, { logger: silentLogger }));
    expect((await sandbox.request('/health')).headers.get('strict-transport-security')).toBeNull();
  });

  test('every kind of answer carries them: a route, a refusal before any route, an unknown path, an error outcome, a preflight', async () => {
    const app = testApp();
    const answers = await Promise.all([
      app.request('/health'),
      app.request('/consults', { method: 'POST', headers: { ...authHeaders(), 'Content-Type': 'text/plain' }, body: 'hello' }),
      app.request('/no-such-route'),
      app.request('/consults'),
      app.request('/consults', { method: 'OPTIONS', headers: { Origin: 'https://app.test', 'Access-Control-Request-Method': 'POST' } }),
    ]);
    expect(answers.map((res) => res.status)).toEqual([200, 415, 404, 401, 204]);
    for (const res of answers) {
      expect(Object.fromEntries(['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-resource-policy', 'cross-origin-opener-policy', 'strict-transport-security'].map((name) => [name, res.headers.get(name)]))).toEqual({
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'cross-origin',
        'cross-origin-opener-policy': 'same-origin',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      });
    }
  });

  test('CORS allows the app\'s origin only', async () => {
    const preflight = (origin: string) => testApp().request('/consults', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    expect((await preflight('https://app.test')).headers.get('access-control-allow-origin')).toBe('https://app.test');
    expect((await preflight('https://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
  });

  test("an answer to the app's origin names that origin, exposes Retry-After and the request id, and varies by Origin; others are not allowed", async () => {
    const answer = (origin: string) => testApp().request('/health', { headers: { Origin: origin } });
    const res = await answer('https://app.test');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Request-Id');
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.status).toBe(200);
    const other = await answer('https://evil.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.status).toBe(200);
  });

  test("a preflight from the app's origin is answered with the allowed methods, headers and max age", async () => {
    const res = await testApp().request('/consults', { method: 'OPTIONS', headers: { Origin: 'https://app.test', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,X-Curbside-Iss,X-Curbside-Id-Token,X-Curbside-Patient');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers');
  });

  test('a preflight is answered before any guard, so it needs no credentials', async () => {
    const res = await testApp().request('/consults/sr-1', { method: 'OPTIONS', headers: { Origin: 'https://app.test', 'Access-Control-Request-Method': 'GET' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
  });

  test('a 401 names the scheme that would be accepted (WWW-Authenticate: Bearer), as HTTP requires of every 401', async () => {
    const res = await testApp().request('/consults');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Curbside"');
    const notFound = await testApp().request('/no-such-route');
    expect([notFound.status, notFound.headers.get('www-authenticate')]).toEqual([404, null]);
  });

  test("a refusal to the app's origin names that origin too, so the app can read its OperationOutcome", async () => {
    const res = await testApp().request('/consults', { headers: { Origin: 'https://app.test' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Request-Id');
    expect((await outcomeOf(res)).resourceType).toBe('OperationOutcome');
  });
});

describe('audit', () => {
  test('every read of consult data leaves an AuditEvent naming who, which patient, what and the outcome', async () => {
    server.use(http.get(`${STORE}/Patient`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 0 })));
    const deps = testDeps();
    const res = await testApp({}, deps).request('/consults', { headers: authHeaders() });
    expect(res.status).toBe(200);
    await deps.audit.flush();
    const [event] = [...audits.values()];
    expect(event?.id).toBe(res.headers.get('x-request-id'));
    expect(event?.agent[0]?.who?.reference).toBe(`${EHR}/Practitioner/pcp-1`);
    expect(event?.entity?.[0]?.what?.identifier).toEqual({ system: `${EHR}/Patient`, value: PATIENT_ID });
    expect(event).toMatchObject({ action: 'R', outcome: '0', subtype: [{ code: 'search-type' }, { code: 'GET /consults' }] });
  });

  test('a refused write is audited with its failure, and an unverified caller is not (there is no one to name)', async () => {
    const deps = testDeps();
    const refused = await testApp({}, deps).request('/consults', { method: 'POST', headers: authHeaders(), body: JSON.stringify({ ...consult, question: '' }) });
    expect(refused.status).toBe(400);
    await deps.audit.flush();
    expect([...audits.values()].map((e) => [e.action, e.outcome, e.outcomeDesc])).toEqual([['C', '4', 'HTTP 400']]);
    await testApp({}, deps).request('/consults', { method: 'POST', headers: authHeaders('forged'), body: JSON.stringify(consult) });
    await deps.audit.flush();
    expect(audits.size).toBe(1);
  });

  test('reads are not released while the audit log cannot be written, and the unwritten events are written once it can', async () => {
    server.use(
      http.get(`${STORE}/Patient`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 0 })),
      http.put(`${STORE}/AuditEvent/:id`, () => HttpResponse.json({}, { status: 500 })),
    );
    const deps = testDeps();
    const app = testApp({}, deps);
    // The first read is answered before its AuditEvent is written; the write fails in the background.
    const first = await app.request('/consults', { headers: authHeaders() });
    expect(first.status).toBe(200);
    await deps.audit.flush();
    expect(deps.audit.failing).toBe(true);
    const refused = await app.request('/consults', { headers: authHeaders() });
    expect(refused.status).toBe(503);
    expect((await outcomeOf(refused)).issue[0]?.details?.text).toMatch(/audit log/);
    server.use(auditHandler());
    await deps.audit.flush();
    expect(deps.audit.failing).toBe(false);
    expect([...audits.keys()]).toEqual(expect.arrayContaining([first.headers.get('x-request-id'), refused.headers.get('x-request-id')]));
    expect(audits.get(refused.headers.get('x-request-id') ?? '')?.outcomeDesc).toBe('HTTP 503');
    expect((await app.request('/consults', { headers: authHeaders() })).status).toBe(200);
    // That read's event too, before the next test starts counting.
    await deps.audit.flush();
  });

  test('a read is not released when the journal cannot keep its AuditEvent; the event is written, as refused', async () => {
    server.use(http.get(`${STORE}/Patient`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 0 })));
    const base = testDeps();
    const full = { add: () => { throw new Error('SQLITE_FULL: database or disk is full'); }, remove: () => undefined, pending: () => [] };
    const deps = { ...base, audit: new AuditWriter({ store: base.store, logger: silentLogger, journal: full }) };
    const res = await testApp({}, deps).request('/consults', { headers: authHeaders() });
    expect(res.status).toBe(503);
    expect((await outcomeOf(res)).issue[0]?.details?.text).toMatch(/audit log/);
    await deps.audit.flush();
    expect([...audits.values()].map((e) => [e.id, e.outcomeDesc])).toEqual([[res.headers.get('x-request-id'), 'HTTP 503']]);
  });

  test('a proxy started on the journal a dead one left writes the AuditEvents in it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'curbside-journal-')), 'audit.sqlite');
    const left = new AuditJournal(file);
    left.add({ resourceType: 'AuditEvent', id: 'req-from-before', type: { code: 'rest' }, recorded: '2026-11-21T12:00:00Z', agent: [{ requestor: true }], source: { observer: { display: 'Curbside proxy' } } });
    const deps = createDeps({ storeUrl: STORE, appOrigins: ['https://app.test'], timeoutMs: 2_000, issuers: [{ iss: EHR, clientId: 'curbside-app' }], auditJournal: file }, { logger: silentLogger });
    await deps.audit.flush();
    expect([...audits.keys()]).toEqual(['req-from-before']);
    expect(left.pending()).toEqual([]);
  });

  test('the directory carries no patient data and is not audited', async () => {
    server.use(http.get(`${STORE}/:type`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 0 })));
    const deps = testDeps();
    expect((await testApp({}, deps).request('/directory', { headers: authHeaders() })).status).toBe(200);
    await deps.audit.flush();
    expect(audits.size).toBe(0);
  });
});

describe('provenance', () => {
  test('every consult write carries a Provenance naming the requester, in the same transaction', async () => {
    const res = await testApp().request('/consults', { method: 'POST', headers: authHeaders(), body: JSON.stringify(consult) });
    expect(res.status).toBe(201);
    const provenance = posted[0]?.entry?.[0]?.resource as Provenance;
    expect(provenance.resourceType).toBe('Provenance');
    const requester = posted[0]?.entry?.find((e) => e.resource?.resourceType === 'Practitioner')?.fullUrl;
    expect(provenance.agent[0]?.who?.reference).toBe(requester);
    expect(provenance.target.map((t) => t.reference)).toEqual(posted[0]?.entry?.slice(1).map((e) => e.fullUrl));
  });
});
