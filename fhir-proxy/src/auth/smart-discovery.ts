import { z } from 'zod';
import { Problem } from '../lib/outcome.ts';

const smartConfigurationSchema = z.looseObject({
  issuer: z.string().optional(),
  jwks_uri: z.url().optional(),
  token_endpoint: z.url(),
  introspection_endpoint: z.url().optional(),
});
export type SmartConfiguration = z.infer<typeof smartConfigurationSchema>;

/**
 * Reads an allow-listed issuer's `.well-known/smart-configuration`, cached for an hour.
 * @see https://hl7.org/fhir/smart-app-launch/conformance.html#using-well-known
 */
export class SmartDiscovery {
  readonly #cache = new Map<string, { config: SmartConfiguration; until: number }>();
  readonly #pending = new Map<string, Promise<SmartConfiguration>>();
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #timeoutMs: number;

  constructor(options: { fetch?: typeof fetch; now?: () => number; timeoutMs: number }) {
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs;
  }

  async get(iss: string): Promise<SmartConfiguration> {
    const cached = this.#cache.get(iss);
    if (cached && cached.until > this.#now()) {
      return cached.config;
    }
    const pending = this.#pending.get(iss) ?? this.#load(iss).finally(() => this.#pending.delete(iss));
    this.#pending.set(iss, pending);
    return pending;
  }

  async #load(iss: string): Promise<SmartConfiguration> {
    let body: unknown;
    try {
      const res = await this.#fetch(`${iss}/.well-known/smart-configuration`, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.#timeoutMs) });
      body = res.ok ? await res.json() : undefined;
    } catch {
      body = undefined;
    }
    const parsed = smartConfigurationSchema.safeParse(body);
    if (!parsed.success) {
      throw Problem.of(503, 'transient', 'The EHR could not confirm your sign-in right now. Please try again.');
    }
    this.#cache.set(iss, { config: parsed.data, until: this.#now() + 3_600_000 });
    return parsed.data;
  }
}
