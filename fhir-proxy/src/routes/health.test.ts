import type { OperationOutcome } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { audits, pool, searchset, STORE, storeHandlers, testApp } from '../test/upstream.ts';

const server = setupServer(...storeHandlers([]));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  audits.clear();
});
afterAll(() => server.close());

const pools = (found: boolean) => http.get(`${STORE}/HealthcareService`, () => HttpResponse.json(searchset(found ? [pool] : [])));
const ready = async () => {
  const res = await testApp().request('/health/ready');
  return { status: res.status, body: (await res.json()) as { status?: string } & Partial<OperationOutcome> };
};

describe('GET /health/ready, for a load balancer or orchestrator', () => {
  test('is ready when the consult store answers a search with the proxy\'s credentials and holds a specialty pool', async () => {
    server.use(pools(true));
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
  });

  test('is not ready, saying why, while the consult store does not answer', async () => {
    server.use(http.get(`${STORE}/HealthcareService`, () => HttpResponse.error()));
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue?.[0]?.details?.text).toMatch(/^Not ready: the consult store did not answer\. .+/);
  });

  test('is not ready when the consult store refuses the proxy, naming its credentials as the thing to fix', async () => {
    server.use(http.get(`${STORE}/HealthcareService`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security' }] }, { status: 403 })));
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.issue?.[0]?.details?.text).toBe("Not ready: the consult store refused the proxy's own access. Check the store's credentials (CONSULT_STORE_AUTH) and its access rules.");
  });

  test('is not ready when the store holds no active specialty pool, since no consult could be addressed', async () => {
    server.use(pools(false));
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.issue?.[0]?.details?.text).toBe('Not ready: the consult store holds no active specialty pool (HealthcareService). Load the specialist directory into it.');
  });

  test('writes no AuditEvent, as /health does not: it reads no patient data and probes may call it every few seconds', async () => {
    server.use(pools(true));
    await ready();
    expect(audits.size).toBe(0);
  });
});
