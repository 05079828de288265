import { parseArgs } from 'node:util';
import { formatFaultReport, runFault } from './run-fault.ts';

// `npm run fault [-- --submissions 1000 --clients 20 --seed 1 --rate 0.3]`; exits 1 if anything was lost or doubled.
const { values } = parseArgs({ options: { submissions: { type: 'string', default: '1000' }, clients: { type: 'string', default: '20' }, seed: { type: 'string', default: '20261121' }, rate: { type: 'string', default: '0.3' } } });
const report = await runFault({ submissions: Number(values.submissions), clients: Number(values.clients), seed: Number(values.seed), rate: Number(values.rate) });
process.stdout.write(`${formatFaultReport(report)}\n`);
const ok = (c: typeof report.underFaults): boolean => c.lost === 0 && c.vanished === 0 && c.refused === 0 && c.duplicates === 0 && c.storedExactlyOnce === c.acknowledged;
process.exit(ok(report.underFaults) && ok(report.afterDrain) && report.afterDrain.acknowledged === report.options.submissions ? 0 : 1);
