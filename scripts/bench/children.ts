import type { ChildProcess } from 'node:child_process';

// Every process the benchmark starts dies with it, however it ends (an exception, Ctrl-C, a timeout's
// SIGTERM): an orphaned server would hold its port and skew the next run.
const children = new Set<ChildProcess>();
let hooked = false;

export function track(child: ChildProcess): ChildProcess {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of children) {
        c.kill('SIGKILL');
      }
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => process.exit(130));
    }
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      done();
      return;
    }
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}
