import type { CapabilityStatement } from 'fhir/r4';
import { Problem } from '../lib/outcome.ts';
import type { FhirClient } from './fhir-client.ts';

const HOUR_MS = 3_600_000;
// A server that did not answer is asked again soon, not after an hour.
const RETRY_MS = 60_000;

/**
 * Reads each server's CapabilityStatement (`GET [base]/metadata`, public on Epic, Oracle Health and
 * HAPI: SMART requires it to be readable without a token) and keeps it for an hour. `undefined` means
 * the server did not say; callers fall back to their long-standing behaviour.
 * @see https://hl7.org/fhir/R4/http.html#capabilities
 */
export class CapabilityReader {
  readonly #cache = new Map<string, { statement: CapabilityStatement | undefined; until: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * `failOnTransient`: a server that is down or busy right now (5xx, 429, timeout) makes the call fail
   * (a 503 the caller retries) instead of counting as "did not say". The consult store's capabilities
   * decide the shape of every write (Task or not, transaction or ordered writes): guessing them during
   * an outage would write a retried consult in two shapes (found by the fault suite).
   */
  async get(server: FhirClient, options: { readonly failOnTransient?: boolean } = {}): Promise<CapabilityStatement | undefined> {
    const cached = this.#cache.get(server.baseUrl);
    if (cached && cached.until > this.#now()) {
      return cached.statement;
    }
    const statement = await server
      .request<CapabilityStatement>('GET', 'metadata')
      .then((body) => (body?.resourceType === 'CapabilityStatement' ? body : undefined))
      .catch((err: unknown) => {
        if (options.failOnTransient && err instanceof Problem && err.status >= 500) {
          throw err;
        }
        return undefined;
      });
    this.#cache.set(server.baseUrl, { statement, until: this.#now() + (statement ? HOUR_MS : RETRY_MS) });
    return statement;
  }
}
