import { defineConfig } from 'vitest/config';

// Three projects, one runner: node-side unit + integration tests (real servers on 127.0.0.1, port 0),
// the React app under jsdom with msw, and end-to-end tests that drive Debian's Chromium through Playwright.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['fhir-proxy/**/*.test.ts', 'fixtures/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: './vite.config.ts',
        test: {
          name: 'app',
          environment: 'jsdom',
          include: ['smart-app/src/**/*.test.{ts,tsx}'],
          setupFiles: ['smart-app/src/testing/setup-tests.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['smart-app/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
