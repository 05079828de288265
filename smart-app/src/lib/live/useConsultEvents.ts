import { useEffect, useRef, useState } from 'react';
import type { ConsultEvent } from '../api-contract.ts';
import { useProxyClient } from '../useProxyClient.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline';

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 15_000];

/**
 * Keeps one `GET /events` stream open while mounted and calls `onChange` with each consult event, and
 * with `undefined` whenever the stream (re)connects, since changes made while it was down were missed.
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
    const run = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          await proxy.streamEvents(
            {
              onReady: () => {
                failures = 0;
                setStatus('live');
                latest.current(undefined);
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
