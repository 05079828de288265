import { parseArgs } from 'node:util';
import { formatLoadReport, runLoad } from './run-load.ts';

// `npm run load [-- --clients 200 --seconds 60]`: throughput and latency figures (written to the README by hand); exits 1 on any error.
const { values } = parseArgs({ options: { clients: { type: 'string', default: '200' }, seconds: { type: 'string', default: '60' } } });
const report = await runLoad({ clients: Number(values.clients), seconds: Number(values.seconds) });
process.stdout.write(`${formatLoadReport(report)}\n`);
process.exit(report.errors === 0 ? 0 : 1);
