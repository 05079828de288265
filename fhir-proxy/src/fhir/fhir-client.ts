import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4';
import { isOperationOutcome, Problem, type ProblemStatus } from '../lib/outcome.ts';

export interface FhirClientOptions {
  readonly baseUrl: string;
  /** How the physician hears of this server in an error: "the consult store", "the EHR". */
  readonly label: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

export interface RequestOptions {
  /** A bearer token for this call only (the user's EHR token); never set for the consult store. */
  readonly token?: string;
  readonly signal?: AbortSignal;
}

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
 * `Problem` carrying an OperationOutcome a physician can act on, upstream outcomes passed through.
 * @see https://hl7.org/fhir/R4/http.html
 */
export class FhirClient {
  readonly baseUrl: string;
  readonly #options: FhirClientOptions;

  constructor(options: FhirClientOptions) {
    this.#options = options;
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

  /** POSTs a transaction (or batch) Bundle to the base. @see https://hl7.org/fhir/R4/http.html#transaction */
  transaction(bundle: Bundle, options?: RequestOptions): Promise<Bundle> {
    return this.request<Bundle>('POST', '', bundle, options);
  }

  /**
   * Creates a resource, conditionally when `ifNoneExist` is given; asks for the stored resource back
   * and reads it from `Location` when the server answers without a body.
   * @see https://hl7.org/fhir/R4/http.html#create
   * @see https://hl7.org/fhir/R4/http.html#ccreate
   */
  async create<T extends FhirResource>(resource: T, options: CreateOptions = {}): Promise<Created<T>> {
    const headers = { Prefer: 'return=representation', ...(options.ifNoneExist ? { 'If-None-Exist': options.ifNoneExist } : {}) };
    const { status, payload, location } = await this.#exchange('POST', resource.resourceType, resource, options, headers);
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
    const headers = { Prefer: 'return=representation', ...(options.ifMatch ? { 'If-Match': options.ifMatch } : {}) };
    const path = `${resource.resourceType}/${encodeURIComponent(resource.id)}`;
    const { payload } = await this.#exchange('PUT', path, resource, options, headers);
    const body = payload as T | undefined;
    return body?.resourceType === resource.resourceType ? body : this.read<T>(resource.resourceType, resource.id, options);
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.#exchange(method, path, body, options)).payload as T;
  }

  async #exchange(method: string, path: string, body: unknown, options: RequestOptions, extraHeaders: Record<string, string> = {}): Promise<{ status: number; payload: unknown; location: string | undefined }> {
    const url = /^https?:/.test(path) ? path : `${this.baseUrl}/${path}`;
    const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(this.#options.timeoutMs)]) : AbortSignal.timeout(this.#options.timeoutMs);
    let response: Response;
    try {
      response = await (this.#options.fetch ?? fetch)(url, {
        method,
        signal,
        headers: {
          Accept: 'application/fhir+json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...extraHeaders,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw Problem.of(503, 'transient', timedOut ? `${capitalise(this.#options.label)} did not answer in time. Please try again.` : `${capitalise(this.#options.label)} cannot be reached right now. Please try again.`);
    }
    const payload = await readJson(response);
    if (response.ok) {
      return { status: response.status, payload, location: response.headers.get('location') ?? response.headers.get('content-location') ?? undefined };
    }
    throw this.#problem(response, payload);
  }

  #problem(response: Response, payload: unknown): Problem {
    const label = capitalise(this.#options.label);
    if (response.status === 429 || response.status >= 500) {
      const status: ProblemStatus = response.status === 429 || response.status === 503 ? 503 : 502;
      return Problem.of(status, 'transient', `${label} is not available right now (it answered ${response.status}). Please try again.`);
    }
    const upstream: OperationOutcome | undefined = isOperationOutcome(payload) ? payload : undefined;
    const status = ([400, 401, 403, 404, 409, 412, 422] as const).find((s) => s === response.status) ?? 502;
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
