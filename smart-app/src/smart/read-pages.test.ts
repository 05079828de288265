import type { Bundle, Observation } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { server } from '../testing/msw/server.ts';
import { OffServerLinkError, readPages, ReadStatusError } from './read-pages.ts';

const BASE = 'https://fhir.reader.test/R4';
const AUTH = 'Bearer reader-token';

const observation = (id: string): Observation => ({ resourceType: 'Observation', id, status: 'final', code: { text: id } });
const page = (ids: readonly string[], next?: string): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: ids.map((id) => ({ resource: observation(id) })),
  ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
});

describe('reading FHIR page by page', () => {
  test('follows every next link and returns the resources of all pages in order, each request with the token', async () => {
    const seen: { page: string | null; auth: string | null; accept: string | null }[] = [];
    server.use(
      http.get(`${BASE}/Observation`, ({ request }) => {
        const url = new URL(request.url);
        const pageNo = url.searchParams.get('page');
        seen.push({ page: pageNo, auth: request.headers.get('authorization'), accept: request.headers.get('accept') });
        return HttpResponse.json(pageNo === '2' ? page(['o3']) : page(['o1', 'o2'], `${BASE}/Observation?patient=p&page=2`));
      }),
    );

    const resources = await readPages({ url: `${BASE}/Observation?patient=p`, base: BASE, authorization: AUTH });

    expect(Array.isArray(resources) && resources.map((r) => r.id)).toEqual(['o1', 'o2', 'o3']);
    expect(seen).toEqual([
      { page: null, auth: AUTH, accept: 'application/json' },
      { page: '2', auth: AUTH, accept: 'application/json' },
    ]);
  });

  test('returns a resource read by id as that resource', async () => {
    server.use(http.get(`${BASE}/Patient/p-1`, () => HttpResponse.json({ resourceType: 'Patient', id: 'p-1' })));

    await expect(readPages({ url: `${BASE}/Patient/p-1`, base: BASE, authorization: AUTH })).resolves.toEqual({ resourceType: 'Patient', id: 'p-1' });
  });

  test('never sends the token to a next link outside the FHIR server', async () => {
    let elsewhere = 0;
    server.use(
      http.get(`${BASE}/Observation`, () => HttpResponse.json(page(['o1'], 'https://fhir.reader.test/R4-other/Observation?page=2'))),
      http.get('https://fhir.reader.test/R4-other/Observation', () => {
        elsewhere++;
        return HttpResponse.json(page([]));
      }),
    );

    await expect(readPages({ url: `${BASE}/Observation`, base: BASE, authorization: AUTH })).rejects.toBeInstanceOf(OffServerLinkError);
    expect(elsewhere).toBe(0);
  });

  test('fails with the HTTP status and nothing of the body, which may quote the chart', async () => {
    server.use(http.get(`${BASE}/Condition`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'Patient Jane Doe' }] }, { status: 403 })));

    const failure = await readPages({ url: `${BASE}/Condition`, base: BASE, authorization: AUTH }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ReadStatusError);
    expect(failure).toMatchObject({ status: 403 });
    expect(String((failure as Error).message)).not.toContain('Jane');
  });
});
