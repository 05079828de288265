import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4';
import { ConcurrencyLimit } from '../lib/concurrency-limit.ts';
import { isOperationOutcome, Problem, type ProblemStatus } from '../lib/outcome.ts';
import { DEFAULT_RETRY_POLICY, discard, fetchWithRetry, UpstreamUnavailable, type RetryPolicy } from '../lib/retry.ts';

export interface FhirClientOptions {
  readonly baseUrl: string;
  /** How the physician hears of this server in an error: "the consult store", "the EHR". */
  readonly label: string;
  /** Per attempt; the retry policy's deadline bounds the whole call. */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  /** The proxy's own credentials for this server (the consult store when it is secured); never the user's token. */
  readonly credentials?: UpstreamCredentials;
  /** Applied to every transaction before it is sent (the store adds its Provenance here). */
  readonly prepareTransaction?: (bundle: Bundle) => Bundle;
  /** Requests in flight to this server at most; more wait their turn (default 32). */
  readonly maxConcurrent?: number;
}

/** A source of Authorization headers for a server, e.g. SMART backend services tokens. */
export interface UpstreamCredentials {
  authorization(): Promise<string>;
  /** Forget a cached token the server has just refused, so the next call gets a fresh one. */
  invalidate(): void;
}

export interface RequestOptions {
  /** A bearer token for this call only (the user's EHR token); never set for the consult store. */
  readonly token?: string;
  readonly signal?: AbortSignal;
  /** The write is conditional (or otherwise harmless to repeat), so it may be retried. */
  readonly idempotent?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT']);

/**
 * A thin FHIR REST client over fetch, in the shape of fhirclient's FhirClient: every failure becomes a
 * `Problem` carrying an OperationOutcome a physician can act on, upstream outcomes passed through.
 * @see https://hl7.org/fhir/R4/http.html
 */
export class FhirClient {
  readonly baseUrl: string;
  readonly #options: FhirClientOptions;
  readonly #limit: ConcurrencyLimit;

  constructor(options: FhirClientOptions) {
    this.#options = options;
    this.#limit = new ConcurrencyLimit(options.maxConcurrent ?? 32);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  read<T extends FhirResource>(resourceType: T['resourceType'], id: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', `${resourceType}/${encodeURIComponent(id)}`, undefined, options);
  }

  /** One page of a search; `path` is relative to the base, e.g. `ServiceRequest?subject=Patient/1`. */
  search<T extends FhirResource>(path: string, options?: RequestOptions): Promise<Bundle<T>> {
    return this.request<Bundle<T>>('GET', path, undefined, options);
  }

  /** Every entry (matches and `_include`s), following `next` links up to `maxPages` (a bound, so a runaway server cannot hold us). */
  async searchAll<T extends FhirResource>(path: string, options?: RequestOptions, maxPages = 50): Promise<T[]> {
    const resources: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < maxPages; page++) {
      const bundle: Bundle<T> = await this.request<Bundle<T>>('GET', next, undefined, options);
      resources.push(...(bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
      next = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    return resources;
  }

  /**
   * POSTs a transaction (or batch) Bundle to the base. A bundle whose every write is conditional (or a
   * PUT) is retried on 429/5xx/timeouts: the server resolves a repeat to the first write.
   * @see https://hl7.org/fhir/R4/http.html#transaction
   */
  transaction(bundle: Bundle, options?: RequestOptions): Promise<Bundle> {
    const prepared = this.#options.prepareTransaction ? this.#options.prepareTransaction(bundle) : bundle;
    const idempotent = (prepared.entry ?? []).every((e) => e.request?.method !== 'POST' || e.request.ifNoneExist);
    return this.request<Bundle>('POST', '', prepared, { idempotent, ...options });
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const url = /^https?:/.test(path) ? path : `${this.baseUrl}/${path}`;
    let response = await this.#send(method, url, body, options);
    if (response.status === 401 && this.#options.credentials) {
      // A store token can be revoked or expire early: fetch a new one once before giving up.
      await discard(response);
      this.#options.credentials.invalidate();
      response = await this.#send(method, url, body, options);
    }
    const payload = await readJson(response);
    if (response.ok) {
      return payload as T;
    }
    throw this.#problem(response, payload);
  }

  async #send(method: string, url: string, body: unknown, options: RequestOptions): Promise<Response> {
    const label = capitalise(this.#options.label);
    try {
      const authorization = options.token ? `Bearer ${options.token}` : await this.#options.credentials?.authorization();
      const init: RequestInit = {
        method,
        headers: {
          Accept: 'application/fhir+json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
          ...(authorization ? { Authorization: authorization } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
      return await fetchWithRetry(this.#options.fetch ?? fetch, url, init, {
        safe: SAFE_METHODS.has(method) || options.idempotent === true,
        timeoutMs: this.#options.timeoutMs,
        policy: this.#options.retry ?? DEFAULT_RETRY_POLICY,
        limit: this.#limit,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      if (err instanceof Problem) {
        throw err;
      }
      const reason = err instanceof UpstreamUnavailable ? err.reason : 'unreachable';
      const text = reason === 'timeout' ? `${label} did not answer in time.` : reason === 'busy' ? `${label} is busy right now.` : `${label} cannot be reached right now.`;
      const retryAfterMs = err instanceof UpstreamUnavailable ? err.retryAfterMs : undefined;
      throw Problem.of(503, 'transient', `${text} Please try again in a moment.`).retryAfter(Math.ceil((retryAfterMs ?? 5_000) / 1000));
    }
  }

  #problem(response: Response, payload: unknown): Problem {
    const label = capitalise(this.#options.label);
    if (response.status === 429 || response.status >= 500) {
      const status: ProblemStatus = response.status === 429 || response.status === 503 ? 503 : 502;
      return Problem.of(status, 'transient', `${label} is not available right now (it answered ${response.status}). Please try again.`).retryAfter(5);
    }
    const upstream: OperationOutcome | undefined = isOperationOutcome(payload) ? payload : undefined;
    const status = ([400, 401, 403, 404, 409, 422] as const).find((s) => s === response.status) ?? 502;
    return new Problem(status, upstream ?? { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', details: { text: `${label} refused the request (${response.status}).` } }] });
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
