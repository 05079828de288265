import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { resetReadMarksCache } from '../lib/read-marks.ts';
import { ehrWrites } from './msw/handlers/ehr-fhir.ts';
import { resetLiveEvents } from './msw/handlers/live-events.ts';
import { proxyStore } from './msw/handlers/proxy.ts';
import { specialistStore } from './msw/handlers/specialist-proxy.ts';
import { server } from './msw/server.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  proxyStore.reset();
  specialistStore.reset();
  ehrWrites.reset();
  resetLiveEvents();
  localStorage.clear();
  resetReadMarksCache();
  sessionStorage.clear();
});
afterAll(() => server.close());
