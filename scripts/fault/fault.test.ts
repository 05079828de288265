import { describe, expect, test } from 'vitest';
import { formatFaultReport, runFault, type FaultCounts } from './run-fault.ts';

// The short version of `npm run fault` (1,000 submissions from 20 clients): same proxy, faults and census.
function expectNothingLostNothingTwice(counts: FaultCounts): void {
  expect(counts.lost).toBe(0);
  expect(counts.duplicates).toBe(0);
  expect(counts.vanished).toBe(0);
  expect(counts.refused).toBe(0);
  expect(counts.storedExactlyOnce).toBe(counts.acknowledged);
}

describe('the fault suite', () => {
  test('100 submissions with 30% of store requests faulted: each acknowledged one stored exactly once, the rest still queued', async () => {
    const report = await runFault({ submissions: 100, clients: 10, seed: 11 });
    process.stdout.write(`${formatFaultReport(report)}\n`);
    expect(Object.values(report.faults).every((n) => n > 0)).toBe(true);
    expect(report.proxyRetries).toBeGreaterThan(0);
    expectNothingLostNothingTwice(report.underFaults);
    expect(report.underFaults.acknowledged + report.underFaults.inOutbox).toBe(100);
    expectNothingLostNothingTwice(report.afterDrain);
    expect(report.afterDrain.acknowledged).toBe(100);
  }, 120_000);

  // 95%: a consult now makes one store request before its answer (the transaction: the target is kept
  // for a minute and the AuditEvent is written after the answer), which at 80% got through within the
  // deadline so often that usually no consult was left in an outbox to resend.
  test('with 95% faulted some consults stay in an outbox, and sending them again stores each once', async () => {
    const report = await runFault({ submissions: 20, clients: 10, seed: 5, rate: 0.95 });
    process.stdout.write(`${formatFaultReport(report)}\n`);
    expectNothingLostNothingTwice(report.underFaults);
    expect(report.underFaults.inOutbox).toBeGreaterThan(0);
    expect(report.underFaults.acknowledged + report.underFaults.inOutbox).toBe(20);
    expectNothingLostNothingTwice(report.afterDrain);
    expect(report.afterDrain.acknowledged).toBe(20);
  }, 120_000);
});
