import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bufferedBody, nodeFetch } from './node-fetch.ts';

// A real server on 127.0.0.1: echoes what it was sent, answers 204, stalls, or drops the connection mid-body.
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/empty') {
        res.writeHead(204).end();
      } else if (req.url === '/stall') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
      } else if (req.url === '/cut') {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.destroy(), 10);
      } else {
        res.writeHead(201, { 'Content-Type': 'application/fhir+json', Location: 'http://store.test/fhir/R4/Patient/1/_history/1' });
        res.end(JSON.stringify({ method: req.method, url: req.url, accept: req.headers.accept, length: req.headers['content-length'] ?? null, body: Buffer.concat(chunks).toString() }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetch over node:http for the store', () => {
  test('sends the method, headers and body, and answers with the status, headers and whole body', async () => {
    const res = await nodeFetch()(`${base}/Patient?name=x`, { method: 'POST', headers: { Accept: 'application/fhir+json' }, body: '{"résumé":1}' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('http://store.test/fhir/R4/Patient/1/_history/1');
    expect(await res.json()).toEqual({ method: 'POST', url: '/Patient?name=x', accept: 'application/fhir+json', length: String(Buffer.byteLength('{"résumé":1}')), body: '{"résumé":1}' });
  });

  test('hands its readers the bytes it read whole, the same the Response itself still reads; other Responses have none', async () => {
    const res = await nodeFetch()(`${base}/Patient`, { headers: { Accept: 'application/fhir+json' } });
    const bytes = bufferedBody(res)?.toString('utf8');
    expect(JSON.parse(bytes ?? 'null')).toMatchObject({ method: 'GET', url: '/Patient' });
    expect(await res.text()).toBe(bytes);
    expect(bufferedBody(new Response('{}'))).toBeUndefined();
  });

  test('answers a 204 with no body', async () => {
    const res = await nodeFetch()(`${base}/empty`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  test('rejects with the signal\'s reason when the caller gives up (a timeout)', async () => {
    const error = await nodeFetch()(`${base}/stall`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('TimeoutError');
  });

  test('rejects when the connection closes before the whole answer arrived', async () => {
    await expect(nodeFetch()(`${base}/cut`)).rejects.toBeInstanceOf(Error);
  });
});
