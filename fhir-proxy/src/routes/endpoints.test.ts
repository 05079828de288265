import { expect, test } from 'vitest';
import { testApp } from '../test/upstream.ts';
import { endpointName, listEndpoints } from './endpoints.ts';

test('lists the endpoints of the app, without middleware, once each', () => {
  const names = listEndpoints(testApp()).map(endpointName);
  expect(names).toEqual(expect.arrayContaining(['GET /consults', 'GET /consults/:id', 'GET /directory', 'GET /health', 'POST /consults']));
  expect(new Set(names).size).toBe(names.length);
  expect(names.some((n) => n.startsWith('ALL ') || n.endsWith('*'))).toBe(false);
});
