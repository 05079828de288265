import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { ensureBrowser } from './ensure-browser.ts';

// `npm test`: every test, on Node 24 (npm puts node_modules/.bin, where the `node` package's Node 24
// lives, first on PATH). Order: browser present → typecheck → production build (the e2e tests serve
// it) → vitest (unit, integration, e2e). Ends with one "N passed, N failed" line.
const started = Date.now();
const step = (title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void => {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stdout.write(`\n✗ ${title} failed\n0 passed, 1 failed\n`);
    process.exit(result.status ?? 1);
  }
};

process.stdout.write(`Node ${process.version}\n`);
const chromium = ensureBrowser();
process.stdout.write(`Chromium: ${chromium}\n`);
step('Typecheck (tsc, strict)', 'tsc', ['--noEmit', '-p', 'tsconfig.json']);
step('Build the app (vite)', 'vite', ['build', '--logLevel', 'warn']);

mkdirSync('.test-results', { recursive: true });
process.stdout.write('\n▶ Tests (vitest: node, app, e2e)\n');
const vitest = spawnSync('vitest', ['run', '--reporter=default', '--reporter=json', '--outputFile.json=.test-results/vitest.json', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --disable-warning=ExperimentalWarning`.trim() },
});
const report = JSON.parse(readFileSync('.test-results/vitest.json', 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
const seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(`\nAll steps took ${seconds} s.\n${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped\n`);
process.exit(vitest.status ?? 1);
