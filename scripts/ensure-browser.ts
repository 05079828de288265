import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Finds a Chromium for the end-to-end tests, installing Debian's `chromium` with apt-get when none is
 * present (Playwright's own browser download cannot work here: only Debian's and npm's registries are
 * reachable). CHROMIUM_PATH overrides the search.
 */
export function ensureBrowser(log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): string {
  const found = findBrowser();
  if (found) {
    return found;
  }
  log('No Chromium found: installing Debian\'s chromium with apt-get (needs root)…');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args: string[]): void => {
    const [cmd = 'apt-get', ...rest] = [...sudo, ...args];
    execFileSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  const installed = findBrowser();
  if (!installed) {
    throw new Error('Chromium is still missing after apt-get install chromium.');
  }
  return installed;
}

export function findBrowser(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) {
    return fromEnv;
  }
  return CANDIDATES.find((path) => existsSync(path));
}

if (import.meta.main) {
  process.stdout.write(`${ensureBrowser()}\n`);
}
