import { createPrivateKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import type { UpstreamCredentials } from '../fhir/fhir-client.ts';
import { Problem } from '../lib/outcome.ts';
import { DEFAULT_RETRY_POLICY, fetchWithRetry, type RetryPolicy } from '../lib/retry.ts';

function isRsaPrivateKey(jwk: Record<string, unknown>): boolean {
  try {
    return createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

/**
 * How the proxy signs in to the consult store: not at all (an open server such as public HAPI, which
 * answers 403 to any bearer token), or as a SMART backend service with its own key pair.
 */
export const storeAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('backend-services'),
    clientId: z.string().min(1),
    /** The RSA private key registered with the store's authorization server (its public half via JWKS), with `kid`. */
    privateJwk: z
      .looseObject({ kty: z.literal('RSA'), kid: z.string().min(1), d: z.string().min(1) })
      // Checked at start, not at the first consult: a key that cannot sign would only fail then.
      .refine(isRsaPrivateKey, 'not a usable RSA private key (n, e, d, p, q, dp, dq and qi must be the key\'s base64url values)'),
    /** Defaults to the store's `.well-known/smart-configuration` token_endpoint. */
    tokenUrl: z.url().optional(),
    scope: z.string().min(1).default('system/*.cruds'),
  }),
]);
export type StoreAuth = z.infer<typeof storeAuthSchema>;
type BackendServicesConfig = Extract<StoreAuth, { kind: 'backend-services' }>;

const tokenResponseSchema = z.looseObject({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number().positive().optional() });
const smartConfigurationSchema = z.looseObject({ token_endpoint: z.url() });

export interface BackendServicesOptions {
  readonly storeUrl: string;
  readonly config: BackendServicesConfig;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
}

const UNAVAILABLE = 'Curbside could not sign in to its consult store right now. Please try again in a moment.';

/**
 * SMART Backend Services: a client_credentials grant authenticated with a `private_key_jwt` client
 * assertion signed RS384, the token cached until a minute before it expires and shared by concurrent
 * calls. Only the proxy's own identity goes to the store; the EHR user's token never does.
 * @see https://hl7.org/fhir/smart-app-launch/backend-services.html
 */
export class BackendServicesCredentials implements UpstreamCredentials {
  readonly #options: BackendServicesOptions;
  #token: { value: string; until: number } | undefined;
  #pending: Promise<string> | undefined;
  #tokenUrl: string | undefined;

  constructor(options: BackendServicesOptions) {
    this.#options = options;
    this.#tokenUrl = options.config.tokenUrl;
  }

  async authorization(): Promise<string> {
    if (this.#token && this.#token.until > this.#now()) {
      return this.#token.value;
    }
    this.#pending ??= this.#requestToken().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  invalidate(): void {
    this.#token = undefined;
  }

  async #requestToken(): Promise<string> {
    const { config } = this.#options;
    const tokenUrl = await this.#tokenEndpoint();
    const key = await importJWK(config.privateJwk as JWK, 'RS384');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS384', kid: config.privateJwk.kid, typ: 'JWT' })
      .setIssuer(config.clientId)
      .setSubject(config.clientId)
      .setAudience(tokenUrl)
      .setIssuedAt(Math.floor(this.#now() / 1000))
      .setExpirationTime(Math.floor(this.#now() / 1000) + 300)
      .setJti(randomUUID())
      .sign(key);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: config.scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    // A token request changes nothing on the server, so it may be repeated.
    const response = await this.#fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: body.toString() });
    const parsed = tokenResponseSchema.safeParse(response.ok ? await response.json().catch(() => undefined) : undefined);
    if (!parsed.success || parsed.data.token_type.toLowerCase() !== 'bearer') {
      throw Problem.of(503, 'security', UNAVAILABLE);
    }
    const lifetimeMs = (parsed.data.expires_in ?? 300) * 1000;
    const value = `Bearer ${parsed.data.access_token}`;
    this.#token = { value, until: this.#now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2) };
    return value;
  }

  async #tokenEndpoint(): Promise<string> {
    if (!this.#tokenUrl) {
      const response = await this.#fetch(`${this.#options.storeUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`, { headers: { Accept: 'application/json' } });
      const parsed = smartConfigurationSchema.safeParse(response.ok ? await response.json().catch(() => undefined) : undefined);
      if (!parsed.success) {
        throw Problem.of(503, 'security', UNAVAILABLE);
      }
      this.#tokenUrl = parsed.data.token_endpoint;
    }
    return this.#tokenUrl;
  }

  async #fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetchWithRetry(this.#options.fetch ?? fetch, url, init, { safe: true, timeoutMs: this.#options.timeoutMs, policy: this.#options.retry ?? DEFAULT_RETRY_POLICY });
    } catch {
      throw Problem.of(503, 'transient', UNAVAILABLE);
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
