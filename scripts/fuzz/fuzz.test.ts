import { expect, test } from 'vitest';
import { formatFuzzReport, runFuzz } from './run-fuzz.ts';

// The short version of `npm run fuzz` (10,000 requests): same generator, same checks.
test('1,000 malformed requests across every endpoint get no 5xx, only OperationOutcome errors, and the proxy still serves', async () => {
  const report = await runFuzz({ count: 1_000, seed: 4 });
  process.stdout.write(`${formatFuzzReport(report)}\n`);
  expect(report.failures).toEqual([]);
  expect(report.baitRequests).toBe(0);
  expect(report.stillServes).toBe(true);
  expect(Object.keys(report.byKind).length).toBeGreaterThanOrEqual(10);
  expect(report.endpoints).toEqual(expect.arrayContaining(['POST /consults', 'GET /consults/:id', 'POST /specialist/consults/:id/answer']));
  // The specialist's routes were reached as a signed-in specialist: some of their requests were accepted.
  expect(report.acceptedSpecialistRequests).toBeGreaterThan(0);
}, 180_000);
