import type { Server } from 'node:http';
import type { AuditWriter } from './audit-writer.ts';
import type { Logger } from './logger.ts';

export interface ShutdownOptions {
  readonly server: Server;
  /** Aborted first: long-lived answers (event streams) end themselves. */
  readonly controller: AbortController;
  readonly audit: AuditWriter;
  readonly logger: Logger;
  /** How long calls already under way may take to finish before their connections are cut. */
  readonly graceMs?: number;
  readonly exit?: (code: number) => void;
}

/**
 * Stops on SIGTERM/SIGINT the way a rolling restart needs: no new connections; open event streams end
 * at once (the app reconnects elsewhere); idle keep-alive connections close; calls under way get
 * `graceMs` to finish (their connections are then cut); the AuditEvents not yet in the store are
 * written (or kept in the journal) before the process leaves. A second signal leaves at once.
 */
export function stopGracefullyOn(signals: readonly NodeJS.Signals[], options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      exit(1);
      return;
    }
    stopping = true;
    options.logger.info('proxy.stopping', { signal });
    options.controller.abort();
    options.server.close(() => {
      void options.audit.flush().then(() => exit(0));
    });
    // A connection whose call finishes now stays open for keep-alive; close each as it falls idle.
    options.server.closeIdleConnections();
    setInterval(() => options.server.closeIdleConnections(), 100).unref();
    setTimeout(() => options.server.closeAllConnections(), options.graceMs ?? 10_000).unref();
  };
  for (const signal of signals) {
    process.on(signal, stop);
  }
}
