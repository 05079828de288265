import { parseArgs } from 'node:util';
import { formatFuzzReport, runFuzz } from './run-fuzz.ts';

// `npm run fuzz [-- --count 10000 --seed 1]`: the full fuzz suite against the sandbox; exits 1 on any failure.
const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string', default: '20261121' }, concurrency: { type: 'string', default: '16' } } });
const report = await runFuzz({ count: Number(values.count), seed: Number(values.seed), concurrency: Number(values.concurrency) });
process.stdout.write(`${formatFuzzReport(report)}\n`);
process.exit(report.failures.length === 0 && report.baitRequests === 0 && report.stillServes ? 0 : 1);
