import { useEffect, useRef, useState } from 'react';
import type { ConsultEvent } from '../api-contract.ts';
import { useProxyClient } from '../useProxyClient.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline';

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 15_000];

/**
 * Keeps one `GET /events` stream open while mounted and calls `onChange` with each consult event, and
 * with `undefined` whenever the stream reconnects, since changes made while it was down were missed.
 * Not on the first connection: the page has just read its data as it mounted, and reading it again then
 * doubled every sign-in's reads (the queue, the consult list). That leaves only a change stored between
 * the page's first read and the stream's start (both sent as the page mounts) to the next event or reconnect.
 * A dropped stream is reopened after 1, 2, 5, 10, then every 15 seconds; the server ends each stream when
 * the token's verification expires, and the reconnect sends the refreshed token. No polling: the proxy
 * pushes.
 */
export function useConsultEvents(onChange: (event: ConsultEvent | undefined) => void): LiveStatus {
  const proxy = useProxyClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    const controller = new AbortController();
    let failures = 0;
    let connections = 0;
    const run = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          await proxy.streamEvents(
            {
              onReady: () => {
                failures = 0;
                setStatus('live');
                if (connections++ > 0) {
                  latest.current(undefined);
                }
              },
              onEvent: (event) => latest.current(event),
            },
            controller.signal,
          );
        } catch {
          failures += 1;
        }
        if (controller.signal.aborted) {
          return;
        }
        setStatus(failures > 0 ? 'offline' : 'connecting');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]));
      }
    };
    void run();
    return () => controller.abort();
  }, [proxy]);

  return status;
}
