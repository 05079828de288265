import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { apiCors } from './api-cors.ts';

const app = new Hono()
  .use(apiCors({ origins: ['https://app.test'], allowHeaders: ['Authorization'], allowMethods: ['GET', 'POST'], exposeHeaders: ['X-Request-Id'], maxAge: 600 }))
  .get('/thing', (c) => c.json({ ok: true }, 200));

describe('CORS for the app', () => {
  test("an answer to the app's origin names that origin, exposes the request id and varies by Origin", async () => {
    const res = await app.request('/thing', { headers: { Origin: 'https://app.test' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(await res.json()).toEqual({ ok: true });
  });

  test('an answer to any other origin does not allow it', async () => {
    const res = await app.request('/thing', { headers: { Origin: 'https://evil.test' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.status).toBe(200);
  });

  test("a preflight from the app's origin is answered with the allowed methods, headers and max age", async () => {
    const res = await app.request('/thing', { method: 'OPTIONS', headers: { Origin: 'https://app.test', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });
});
