import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4';
import { ConcurrencyLimit } from '../lib/concurrency-limit.ts';
import { bufferedBody } from '../lib/node-fetch.ts';
import { Problem } from '../lib/outcome.ts';
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
// Every write asks for what was stored: the answer then carries the id and version the proxy returns,
// with no read after it (HAPI leaves the resources out of a transaction's answer unless asked).
// @see https://hl7.org/fhir/R4/http.html#return
const RETURN_WRITTEN = { Prefer: 'return=representation' } as const;

export interface CreateOptions extends RequestOptions {
  /** Makes the create conditional: `If-None-Exist: <search>` (a match answers 200, nothing is written). */
  readonly ifNoneExist?: string;
}

export interface UpdateOptions extends RequestOptions {
  /** Makes the update conditional on the version read, as an ETag (`W/"<versionId>"`): a newer version answers 412. */
  readonly ifMatch?: string;
}

export interface Created<T> {
  readonly resource: T;
  /** False when a conditional create found the resource already there. */
  readonly created: boolean;
}

/**
 * A thin FHIR REST client over fetch, in the shape of fhirclient's FhirClient: every failure becomes a
 * `Problem` carrying an OperationOutcome a physician can act on, in our words (the server's own is not passed on).
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

  /** Every resource (matches and `_include`s), following `next` links up to `maxPages` (a bound, so a runaway server cannot hold us). */
  async searchAll<T extends FhirResource>(path: string, options?: RequestOptions, maxPages = 50): Promise<T[]> {
    return (await this.searchAllEntries<T>(path, options, maxPages)).flatMap((e) => (e.resource ? [e.resource] : []));
  }

  /** As `searchAll`, keeping each entry whole (its `search.mode` tells a match from an `_include`). */
  async searchAllEntries<T extends FhirResource>(path: string, options?: RequestOptions, maxPages = 50): Promise<BundleEntry<T>[]> {
    const entries: BundleEntry<T>[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < maxPages; page++) {
      const bundle: Bundle<T> = await this.request<Bundle<T>>('GET', next, undefined, options);
      entries.push(...(bundle.entry ?? []));
      next = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    return entries;
  }

  /**
   * POSTs a transaction (or batch) Bundle to the base. A bundle whose every write is conditional (or a
   * PUT) is retried on 429/5xx/timeouts: the server resolves a repeat to the first write. It asks for
   * the written resources back, as every write does: without them the proxy would read each one it
   * needs again, one round trip after another.
   * @see https://hl7.org/fhir/R4/http.html#transaction
   */
  async transaction(bundle: Bundle, options: RequestOptions = {}): Promise<Bundle> {
    const prepared = this.#withFullUrls(this.prepare(bundle));
    const idempotent = (prepared.entry ?? []).every((e) => e.request?.method !== 'POST' || e.request.ifNoneExist);
    const { payload } = await this.#exchange('POST', '', prepared, { idempotent, ...options }, RETURN_WRITTEN);
    return withoutAdded(payload as Bundle, addedEntries(bundle, prepared));
  }

  // R4 lets only a POST entry go without fullUrl (https://hl7.org/fhir/R4/bundle.html#bundle-unique):
  // an update's is the record it replaces, on this server. Builders are pure and do not know the base.
  // (A conditional update names no record, so it is left as it is.)
  #withFullUrls(bundle: Bundle): Bundle {
    const needs = (e: BundleEntry): boolean => !e.fullUrl && !!e.resource && e.request?.method === 'PUT' && /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(e.request.url);
    if (!(bundle.entry ?? []).some(needs)) {
      return bundle;
    }
    return { ...bundle, entry: bundle.entry?.map((e) => (needs(e) ? { ...e, fullUrl: `${this.baseUrl}/${e.request?.url}` } : e)) };
  }

  /**
   * The transaction as it will be sent: with the entries `prepareTransaction` adds in front (the
   * Provenance). Writers that send a step one request at a time (stores without transactions) write
   * these too, last.
   */
  prepare(bundle: Bundle): Bundle {
    return this.#options.prepareTransaction ? this.#options.prepareTransaction(bundle) : bundle;
  }

  /**
   * Creates a resource, conditionally when `ifNoneExist` is given; asks for the stored resource back
   * and reads it from `Location` when the server answers without a body.
   * @see https://hl7.org/fhir/R4/http.html#create
   * @see https://hl7.org/fhir/R4/http.html#ccreate
   */
  async create<T extends FhirResource>(resource: T, options: CreateOptions = {}): Promise<Created<T>> {
    const headers = { ...RETURN_WRITTEN, ...(options.ifNoneExist ? { 'If-None-Exist': options.ifNoneExist } : {}) };
    // A conditional create is safe to repeat: the repeat finds the first write.
    const { status, payload, location } = await this.#exchange('POST', resource.resourceType, resource, { idempotent: options.ifNoneExist !== undefined, ...options }, headers);
    const body = payload as T | undefined;
    if (body?.resourceType === resource.resourceType) {
      return { resource: body, created: status === 201 };
    }
    const id = new RegExp(`${resource.resourceType}/([^/]+)`).exec(location ?? '')?.[1];
    if (!id) {
      throw Problem.of(502, 'processing', `${capitalise(this.#options.label)} did not confirm what it stored. Check the consult list before sending again.`);
    }
    return { resource: await this.read<T>(resource.resourceType, id, options), created: status === 201 };
  }

  /**
   * Updates a resource by id, only if it is still at `ifMatch` when given; returns the stored version
   * (read back when the server answers without a body).
   * @see https://hl7.org/fhir/R4/http.html#concurrency
   */
  async update<T extends FhirResource>(resource: T & { readonly id: string }, options: UpdateOptions = {}): Promise<T> {
    const headers = { ...RETURN_WRITTEN, ...(options.ifMatch ? { 'If-Match': options.ifMatch } : {}) };
    const path = `${resource.resourceType}/${encodeURIComponent(resource.id)}`;
    const { payload } = await this.#exchange('PUT', path, resource, options, headers);
    const body = payload as T | undefined;
    return body?.resourceType === resource.resourceType ? body : this.read<T>(resource.resourceType, resource.id, options);
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.#exchange(method, path, body, options)).payload as T;
  }

  async #exchange(method: string, path: string, body: unknown, options: RequestOptions, extraHeaders: Record<string, string> = {}): Promise<{ status: number; payload: unknown; location: string | undefined }> {
    const url = /^https?:/.test(path) ? this.#onThisServer(path) : `${this.baseUrl}/${path}`;
    // An update conditional on a version (If-Match) is not repeated after an ambiguous failure: if the
    // first attempt was applied, the repeat would answer 412 and read as someone else's change.
    const send = extraHeaders['If-Match'] ? { ...options, conditionalUpdate: true } : options;
    let response = await this.#send(method, url, body, send, extraHeaders);
    if (response.status === 401 && this.#options.credentials) {
      // A store token can be revoked or expire early: fetch a new one once before giving up.
      await discard(response);
      this.#options.credentials.invalidate();
      response = await this.#send(method, url, body, send, extraHeaders);
    }
    const payload = await readJson(response);
    if (response.ok) {
      return { status: response.status, payload, location: response.headers.get('location') ?? response.headers.get('content-location') ?? undefined };
    }
    throw this.#problem(response.status, options.token !== undefined);
  }

  /**
   * A link the server handed us (a search's `next`) is followed only on the server's own origin: the
   * request carries our credentials (the store's token, or the physician's EHR token), which another
   * host must never see. A server behind a proxy that writes its internal address into links needs its
   * public address configured (HAPI: `server_address`).
   */
  #onThisServer(url: string): string {
    if (new URL(url).origin !== new URL(this.baseUrl).origin) {
      throw Problem.of(502, 'security', `${capitalise(this.#options.label)} linked to another server, which Curbside does not follow with its credentials. Nothing was changed; please tell your administrator to check the server's public address.`);
    }
    return url;
  }

  async #send(method: string, url: string, body: unknown, options: RequestOptions & { conditionalUpdate?: boolean }, extraHeaders: Record<string, string>): Promise<Response> {
    const label = capitalise(this.#options.label);
    try {
      const authorization = options.token ? `Bearer ${options.token}` : await this.#options.credentials?.authorization();
      const init: RequestInit = {
        method,
        headers: {
          Accept: 'application/fhir+json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
          ...(authorization ? { Authorization: authorization } : {}),
          ...extraHeaders,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
      return await fetchWithRetry(this.#options.fetch ?? fetch, url, init, {
        safe: options.conditionalUpdate ? false : SAFE_METHODS.has(method) || options.idempotent === true,
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

  /**
   * The refusal in our words. The server's own OperationOutcome is not passed on: its diagnostics are
   * written for its operators (HAPI error codes, internal ids, sometimes a patient's) and its status can
   * mean something else to the app (a 401 from the store is the proxy's credential, not the physician's
   * session). The status stays where callers act on it (404, 409, 412; 403 from the EHR).
   */
  #problem(upstream: number, withUserToken: boolean): Problem {
    const label = capitalise(this.#options.label);
    const answered = `(it answered ${upstream})`;
    if (upstream === 429 || upstream >= 500) {
      return Problem.of(upstream === 429 || upstream === 503 ? 503 : 502, 'transient', `${label} is not available right now ${answered}. Please try again.`).retryAfter(5);
    }
    if ((upstream === 401 || upstream === 403) && !withUserToken) {
      return Problem.of(502, 'security', `${label} refused Curbside's own access ${answered}. Nothing was changed; please tell your administrator to check Curbside's credentials for it.`);
    }
    switch (upstream) {
      case 401:
        return Problem.of(401, 'login', `${label} no longer accepts this sign-in. Please relaunch Curbside from the patient's chart.`);
      case 403:
        return Problem.of(403, 'forbidden', `${label} did not allow this with your sign-in ${answered}. Ask your EHR administrator about Curbside's access.`);
      case 404:
      // A deleted record: HAPI answers a read of one with 410 (https://hl7.org/fhir/R4/http.html#read).
      case 410:
        return Problem.of(404, 'not-found', `${label} has no such record ${answered}. It may have been removed; reload and try again.`);
      case 409:
      case 412:
        return Problem.of(upstream, 'conflict', `${label} holds a newer version of this record ${answered}. Reload and try again.`);
      default:
        // 400, 422 and the rest: what Curbside sent was refused, which sending it again will not change.
        return Problem.of(422, 'processing', `${label} refused what Curbside sent ${answered}. Nothing was changed; please report this to your administrator.`);
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = bufferedBody(response)?.toString('utf8') ?? (await response.text());
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

/** How many entries `prepare` put in front of the caller's own. */
export function addedEntries(bundle: Bundle, prepared: Bundle): number {
  return (prepared.entry?.length ?? 0) - (bundle.entry?.length ?? 0);
}

// Callers read a transaction-response by the positions of their own entries: the added ones are dropped.
function withoutAdded(response: Bundle, added: number): Bundle {
  return added > 0 && response.entry ? { ...response, entry: response.entry.slice(added) } : response;
}
