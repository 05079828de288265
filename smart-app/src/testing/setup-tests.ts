import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { proxyStore } from './msw/handlers/proxy.ts';
import { server } from './msw/server.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  proxyStore.reset();
  localStorage.clear();
  sessionStorage.clear();
});
afterAll(() => server.close());
