import type { CapabilityStatement } from 'fhir/r4';
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

  async get(server: FhirClient): Promise<CapabilityStatement | undefined> {
    const cached = this.#cache.get(server.baseUrl);
    if (cached && cached.until > this.#now()) {
      return cached.statement;
    }
    const statement = await server
      .request<CapabilityStatement>('GET', 'metadata')
      .then((body) => (body?.resourceType === 'CapabilityStatement' ? body : undefined))
      .catch(() => undefined);
    this.#cache.set(server.baseUrl, { statement, until: this.#now() + (statement ? HOUR_MS : RETRY_MS) });
    return statement;
  }
}
