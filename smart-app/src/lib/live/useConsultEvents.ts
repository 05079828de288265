import { useEffect, useRef, useState } from 'react';
import type { ConsultEvent } from '../api-contract.ts';
import { useProxyClient } from '../useProxyClient.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline';

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 15_000];
const FIRST_READS_WAIT_MS = 1_500;

export interface ConsultEvents {
  readonly status: LiveStatus;
  readonly readsMayStart: boolean;
}

/**
 * Keeps one `GET /events` stream open while mounted and calls `onChange` with each consult event, and
 * with `undefined` whenever the stream reconnects, since changes made while it was down were missed.
 * `readsMayStart` tells the page when to make its first reads: once the stream is live (the proxy says
 * `ready` when every later change will reach it), so a change cannot fall between a read and the stream
 * and no read is made twice. A stream that fails, or is not live within 1.5 s, does not keep the page
 * waiting: the page reads, and when the stream is live it is told of a change (`undefined`) once.
 * A dropped stream is reopened after 1, 2, 5, 10, then every 15 seconds; the server ends each stream when
 * the token's verification expires, and the reconnect sends the refreshed token. No polling: the proxy
 * pushes.
 */
export function useConsultEvents(onChange: (event: ConsultEvent | undefined) => void): ConsultEvents {
  const proxy = useProxyClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [readsMayStart, setReadsMayStart] = useState(false);
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    const controller = new AbortController();
    let failures = 0;
    let connections = 0;
    // The page read before the stream was live: a change may lie between, so the first ready is one.
    let readBeforeLive = false;
    const readWithoutStream = (): void => {
      clearTimeout(wait);
      readBeforeLive = true;
      setReadsMayStart(true);
    };
    const wait = setTimeout(readWithoutStream, FIRST_READS_WAIT_MS);
    const run = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          await proxy.streamEvents(
            {
              onReady: () => {
                failures = 0;
                setStatus('live');
                clearTimeout(wait);
                setReadsMayStart(true);
                if (connections++ > 0 || readBeforeLive) {
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
        if (connections === 0 && !readBeforeLive) {
          readWithoutStream();
        }
        setStatus(failures > 0 ? 'offline' : 'connecting');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]));
      }
    };
    void run();
    return () => {
      clearTimeout(wait);
      controller.abort();
    };
  }, [proxy]);

  return { status, readsMayStart };
}
