import type { ConcurrencyLimit } from './concurrency-limit.ts';
import { bufferedBody } from './node-fetch.ts';
import { currentRequest } from './request-context.ts';

/**
 * How an upstream call is retried. Only requests that are safe to repeat are retried (GET, HEAD, PUT,
 * and writes the caller declares idempotent, such as our conditional-create transactions); everything
 * happens within one deadline, so a physician never waits longer than that for an answer.
 */
export interface RetryPolicy {
  /** Longest one call may take, every attempt and wait included (the request's own deadline may be tighter). */
  readonly deadlineMs: number;
  /** The first backoff step; each further attempt doubles it, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Seedable in tests; `Math.random` otherwise. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each retry, for logs (no URLs or bodies are passed: they may carry patient ids). */
  readonly onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  readonly attempt: number;
  readonly reason: UpstreamReason;
  readonly status: number | undefined;
  readonly delayMs: number;
}

export type UpstreamReason = 'timeout' | 'unreachable' | 'busy';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMs: 12_000, baseDelayMs: 200, maxDelayMs: 3_000 };

/**
 * Statuses that say "try again later" rather than "this request is wrong". 409 is here for requests that
 * are safe to repeat: HAPI JPA answers a conditional create that lost a race with a concurrent one (its
 * unique match-URL constraint) with 409, and the repeat then finds the winner.
 * @see https://github.com/hapifhir/hapi-fhir/pull/4609
 */
const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);

/** The upstream could not give an answer within the deadline (or at all, for a request that may not be repeated). */
export class UpstreamUnavailable extends Error {
  override readonly name = 'UpstreamUnavailable';
  readonly reason: UpstreamReason;
  readonly status: number | undefined;
  /** What the upstream asked for (Retry-After), when it did: passed on to the client. */
  readonly retryAfterMs: number | undefined;

  constructor(reason: UpstreamReason, status?: number, retryAfterMs?: number) {
    super(`upstream ${reason}${status ? ` (${status})` : ''}`);
    this.reason = reason;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface RetryingFetchOptions {
  /** True when repeating the request cannot do anything twice. */
  readonly safe: boolean;
  /** Per-attempt timeout. */
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly signal?: AbortSignal;
  /** Shared by every call to one upstream; a call's timeout starts when it leaves the queue. */
  readonly limit?: ConcurrencyLimit;
}

/**
 * fetch with retries: exponential backoff with jitter, Retry-After honoured (seconds or HTTP date),
 * within a deadline. Returns the final response, which may still be an error status for a request
 * that was not safe to repeat; throws `UpstreamUnavailable` when no answer came in time.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
export async function fetchWithRetry(fetcher: typeof fetch, url: string, init: RequestInit, options: RetryingFetchOptions): Promise<Response> {
  const { policy } = options;
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Math.min(Date.now() + policy.deadlineMs, currentRequest()?.deadline ?? Infinity);
  // Made only when needed: an Error captures a stack trace, which costs more than the call it would describe
  // on the proxy's busiest path (a consult makes several upstream calls, almost all answered first time).
  let last: UpstreamUnavailable | undefined;
  for (let attempt = 0; ; attempt++) {
    const pause = async (ms: number, status: number | undefined): Promise<void> => {
      const capped = Math.max(0, Math.min(ms, deadline - Date.now()));
      policy.onRetry?.({ attempt: attempt + 1, reason: last?.reason ?? 'timeout', status, delayMs: Math.round(capped) });
      await sleep(capped);
    };
    let timeout: AbortSignal | undefined;
    let response: Response;
    try {
      response = await limited(options.limit, async () => {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw (last ??= new UpstreamUnavailable('timeout'));
        }
        // The body is read within the attempt's time, then the timer is stopped: a timer left to fire
        // after every finished call (AbortSignal.timeout) cost ~0.08 ms of CPU each, later.
        const controller = new AbortController();
        timeout = controller.signal;
        const timer = setTimeout(() => controller.abort(new DOMException('The upstream did not answer in time.', 'TimeoutError')), Math.max(1, Math.min(options.timeoutMs, remaining)));
        try {
          const answer = await fetcher(url, { ...init, signal: options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal });
          if (bufferedBody(answer)) {
            return answer; // read whole already, within this attempt's time
          }
          const body = await answer.arrayBuffer();
          return new Response(NULL_BODY_STATUS.has(answer.status) ? null : body, answer);
        } finally {
          clearTimeout(timer);
        }
      });
    } catch (err) {
      if (last && err === last) {
        throw last;
      }
      if (options.signal?.aborted) {
        throw err;
      }
      last = new UpstreamUnavailable(timeout?.aborted || (err instanceof DOMException && err.name === 'TimeoutError') ? 'timeout' : 'unreachable');
      if (!options.safe) {
        throw last;
      }
      await pause(backoff(attempt, policy, random), undefined);
      continue;
    }
    if (!RETRYABLE.has(response.status) || !options.safe) {
      return response;
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    last = new UpstreamUnavailable('busy', response.status, retryAfterMs);
    await discard(response);
    const delay = retryAfterMs ?? backoff(attempt, policy, random);
    if (Date.now() + delay >= deadline) {
      throw last;
    }
    await pause(delay, response.status);
  }
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function limited<T>(limit: ConcurrencyLimit | undefined, work: () => Promise<T>): Promise<T> {
  return limit ? limit.run(work) : work();
}

/** Equal jitter: half the exponential step for sure, the other half at random, so clients spread out. */
export function backoff(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return step / 2 + random() * (step / 2);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Reads an unwanted response to its end so its connection can be reused (cancel() can hang on some fetch stacks). */
export async function discard(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}
