import { expect, test } from 'vitest';
import { formatLoadReport, runLoad } from './run-load.ts';

// A smoke run of `npm run load` (200 clients for 60 s): the same clients and mix, a few seconds long.
// It checks behaviour only (every answer 2xx, every operation exercised); timings are for the full run.
test('concurrent clients reading and sending consults get only successful answers', async () => {
  const report = await runLoad({ clients: 10, seconds: 3 });
  process.stdout.write(`${formatLoadReport(report)}\n`);
  expect(report.errorSamples).toEqual([]);
  expect(report.errors).toBe(0);
  for (const op of ['list consults', 'read consult', 'directory', 'send consult'] as const) {
    expect(report.latency[op].count, op).toBeGreaterThan(0);
  }
}, 60_000);
