import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { Problem } from '../lib/outcome.ts';
import { normaliseIss, type IssuerConfig } from './issuers.ts';
import { parseFhirUser, type LaunchContext, type VerifiedUser } from './launch-context.ts';
import { SmartDiscovery } from './smart-discovery.ts';

export interface CallerCredentials {
  readonly iss: string | undefined;
  readonly authorization: string | undefined;
  readonly idToken: string | undefined;
  readonly patient: string | undefined;
}

export interface VerifierOptions {
  readonly issuers: readonly IssuerConfig[];
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

const introspectionSchema = z.looseObject({
  active: z.boolean(),
  exp: z.number().optional(),
  iss: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  scope: z.string().optional(),
  patient: z.string().optional(),
  encounter: z.string().optional(),
  fhirUser: z.string().optional(),
});

const RELAUNCH = 'Your sign-in could not be confirmed. Please relaunch Curbside from the patient\'s chart.';
const SESSION_ENDED = 'Your session with the EHR has ended. Please relaunch Curbside from the patient\'s chart.';
const FALLBACK_TTL_MS = 5 * 60_000;
/** The longest a sign-in's id_token names its user once expired (a clinical day), while its access token keeps proving itself. */
const SESSION_MAX_MS = 12 * 60 * 60_000;

/**
 * Why the EHR would not answer the proof read, in words a user can act on: a dead token means sign in
 * again; a live token that may not read the record is a patient outside this launch, or a registration
 * without the scope (the user's own record needs Practitioner read), which no relaunch fixes.
 */
function proofRefused(status: number, forPatient: boolean): Problem {
  if (status === 401) {
    return Problem.of(401, 'expired', SESSION_ENDED);
  }
  if (status === 403 || status === 404) {
    return forPatient
      ? Problem.of(403, 'forbidden', 'The EHR does not let this sign-in read the patient Curbside was asked about. Please relaunch Curbside from the patient\'s chart.')
      : Problem.of(403, 'forbidden', 'The EHR would not let Curbside read your own practitioner record, which it needs to confirm who you are. Ask your administrator to add Practitioner read to Curbside\'s sign-in scope.');
  }
  return Problem.of(503, 'transient', 'The EHR could not confirm your sign-in right now. Please try again.');
}

/**
 * Proves who is calling with the EHR that issued their token: RFC 7662 introspection where the EHR's
 * smart-configuration offers it, otherwise the OpenID id_token checked against the EHR's JWKS plus a
 * FHIR read with the access token (the launch patient, or the user's own record). Results are cached (keyed by a hash of the
 * token) until the token expires, so a session costs one verification, not one per request.
 * @see https://hl7.org/fhir/smart-app-launch/token-introspection.html
 */
export class CallerVerifier {
  readonly #issuers: Map<string, IssuerConfig>;
  readonly #discovery: SmartDiscovery;
  readonly #jwks = new Map<string, JWTVerifyGetKey>();
  readonly #cache = new Map<string, VerifiedUser>();
  /** Verifications under way, so a burst of calls with one new token asks the EHR once. */
  readonly #pending = new Map<string, Promise<VerifiedUser>>();
  readonly #options: VerifierOptions;

  constructor(options: VerifierOptions) {
    this.#options = options;
    this.#issuers = new Map(options.issuers.map((i) => [normaliseIss(i.iss), i]));
    this.#discovery = new SmartDiscovery({ timeoutMs: options.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.now ? { now: options.now } : {}) });
  }

  /** A caller launched from a patient's chart: the launch must carry a patient. */
  async verify(credentials: CallerCredentials): Promise<LaunchContext> {
    const user = await this.verifyUser(credentials);
    if (!user.patient) {
      throw Problem.of(403, 'forbidden', 'Curbside needs a patient: please launch it from a patient\'s chart.');
    }
    return { ...user, patient: user.patient };
  }

  /**
   * Any signed-in user of an allow-listed EHR, with or without a patient (a specialist's standalone
   * launch has none). Same proof as `verify`; without introspection and without a patient the token
   * reads the user's own record on the EHR, or, when that record lives elsewhere, the current id_token
   * alone names the user.
   */
  async verifyUser(credentials: CallerCredentials): Promise<VerifiedUser> {
    const iss = credentials.iss ? normaliseIss(credentials.iss) : '';
    const issuer = this.#issuers.get(iss);
    if (!issuer) {
      // Refused before any request: a token never travels to an issuer we were not configured for.
      throw Problem.of(401, 'security', iss ? `Curbside is not set up for this EHR (${iss.slice(0, 200)}). Ask your administrator to add it.` : RELAUNCH);
    }
    const token = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
    if (!token) {
      throw Problem.of(401, 'login', RELAUNCH);
    }
    // The patient header is part of the key: without introspection it is what the token was proven against.
    const key = createHash('sha256').update(`${iss}\n${token}\n${credentials.patient ?? ''}`).digest('base64url');
    const cached = this.#cache.get(key);
    if (cached && cached.expiresAt > this.#now()) {
      return cached;
    }
    const pending = this.#pending.get(key);
    if (pending) {
      return pending;
    }
    const verification = this.#verifyWithIssuer(iss, token, issuer, credentials)
      .then((context) => {
        this.#remember(key, context);
        return context;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, verification);
    return verification;
  }

  async #verifyWithIssuer(iss: string, token: string, issuer: IssuerConfig, credentials: CallerCredentials): Promise<VerifiedUser> {
    const config = await this.#discovery.get(iss);
    return config.introspection_endpoint && issuer.introspection
      ? this.#introspect(iss, token, config.introspection_endpoint, issuer.introspection, config.issuer, issuer.audRequired)
      : this.#verifyIdToken(iss, token, issuer, config.jwks_uri, config.issuer, credentials);
  }

  async #introspect(iss: string, token: string, endpoint: string, client: NonNullable<IssuerConfig['introspection']>, authIssuer: string | undefined, audRequired: boolean): Promise<VerifiedUser> {
    const response = await this.#call(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', Authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}` },
      body: new URLSearchParams({ token }).toString(),
    });
    const parsed = introspectionSchema.safeParse(response.ok ? await response.json().catch(() => undefined) : undefined);
    if (!response.ok) {
      throw Problem.of(503, 'transient', 'The EHR could not confirm your sign-in right now. Please try again.');
    }
    const info = parsed.success ? parsed.data : undefined;
    const audiences = info?.aud === undefined ? [] : [info.aud].flat().map(normaliseIss);
    if (!info?.active || (info.exp !== undefined && info.exp * 1000 <= this.#now())) {
      throw Problem.of(401, 'expired', SESSION_ENDED);
    }
    // An EHR that binds tokens to an audience (audRequired, fhir-landscape.md §4) must name this one.
    if (audiences.length === 0 && audRequired) {
      throw Problem.of(401, 'security', RELAUNCH);
    }
    // A live token, but not one meant for this FHIR server or not issued by this EHR's authorization server.
    if ((audiences.length > 0 && !audiences.includes(iss)) || (info.iss !== undefined && authIssuer !== undefined && normaliseIss(info.iss) !== normaliseIss(authIssuer))) {
      throw Problem.of(401, 'security', RELAUNCH);
    }
    return this.#context(iss, token, info.patient, info.encounter, info.fhirUser, info.scope ?? '', info.exp ? info.exp * 1000 : this.#now() + FALLBACK_TTL_MS);
  }

  async #verifyIdToken(iss: string, token: string, issuer: IssuerConfig, jwksUri: string | undefined, oidcIssuer: string | undefined, credentials: CallerCredentials): Promise<VerifiedUser> {
    if (!jwksUri || !credentials.idToken) {
      throw Problem.of(401, 'login', RELAUNCH);
    }
    const jwks = this.#jwks.get(jwksUri) ?? createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: this.#options.timeoutMs });
    this.#jwks.set(jwksUri, jwks);
    const identity = await this.#idTokenIdentity(credentials.idToken, jwks, issuer.clientId, oidcIssuer);
    const proof = this.#tokenProof(iss, credentials.patient, identity.fhirUser);
    if (!proof) {
      // Nothing on the EHR this token can be shown to read (a sign-in whose fhirUser lives elsewhere):
      // the id_token alone names the user, and only while it is current.
      if (identity.expiresAt <= this.#now()) {
        throw Problem.of(401, 'expired', SESSION_ENDED);
      }
      return this.#context(iss, token, undefined, undefined, identity.fhirUser, '', Math.min(this.#now() + FALLBACK_TTL_MS, identity.expiresAt));
    }
    // The id_token names the user; a read with the access token (the launch patient, or the user's own
    // record) proves the token is live and covers that patient. That read, not the id_token's short
    // expiry, is what keeps a session alive after the app refreshes its access token (refresh answers
    // need not carry a new id_token).
    const read = await this.#call(proof, { headers: { Accept: 'application/fhir+json', Authorization: `Bearer ${token}` } });
    if (!read.ok) {
      throw proofRefused(read.status, credentials.patient !== undefined);
    }
    // The access token's own lifetime is unknown here: the proof is reused for a few minutes at most.
    return this.#context(iss, token, credentials.patient, undefined, identity.fhirUser, '', this.#now() + FALLBACK_TTL_MS);
  }

  /**
   * The user an id_token names, checked against the EHR's JWKS (signature, audience, issuer). An
   * expired id_token still names who signed in, so it is accepted for SESSION_MAX_MS after it was
   * issued, verified as of that moment; its expiry is returned so callers without another proof refuse it.
   */
  async #idTokenIdentity(idToken: string, jwks: JWTVerifyGetKey, audience: string, oidcIssuer: string | undefined): Promise<{ fhirUser: string | undefined; expiresAt: number }> {
    // OpenID Connect requires both times; without exp an id_token would name its user for ever.
    const options = { audience, requiredClaims: ['exp', 'iat'], ...(oidcIssuer ? { issuer: oidcIssuer } : {}) };
    try {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(idToken, jwks, { ...options, currentDate: new Date(this.#now()) }));
      } catch (error) {
        const issuedAt = error instanceof joseErrors.JWTExpired ? error.payload.iat : undefined;
        if (issuedAt === undefined || this.#now() - issuedAt * 1000 > SESSION_MAX_MS) {
          throw error;
        }
        ({ payload } = await jwtVerify(idToken, jwks, { ...options, currentDate: new Date(issuedAt * 1000) }));
      }
      return { fhirUser: typeof payload.fhirUser === 'string' ? payload.fhirUser : undefined, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch {
      throw Problem.of(401, 'security', RELAUNCH);
    }
  }

  /** The FHIR read that proves an access token without introspection: the launch patient, else the user's own record on this EHR. */
  #tokenProof(iss: string, patient: string | undefined, fhirUser: string | undefined): string | undefined {
    if (patient) {
      return `${iss}/Patient/${encodeURIComponent(patient)}`;
    }
    const user = fhirUser && parseFhirUser(fhirUser);
    const onThisEhr = fhirUser !== undefined && (!/^https?:/.test(fhirUser) || fhirUser.startsWith(`${iss}/`));
    return user && onThisEhr ? `${iss}/${user.resourceType}/${encodeURIComponent(user.id)}` : undefined;
  }

  #context(iss: string, token: string, patient: string | undefined, encounter: string | undefined, fhirUser: string | undefined, scope: string, expiresAt: number): VerifiedUser {
    if (!fhirUser || !parseFhirUser(fhirUser)) {
      throw Problem.of(403, 'forbidden', 'The EHR did not say who you are (fhirUser). Please sign in to Curbside again.');
    }
    const absoluteUser = /^https?:/.test(fhirUser) ? fhirUser : `${iss}/${fhirUser}`;
    return { iss, patient, encounter, fhirUser: absoluteUser, scope, accessToken: token, expiresAt };
  }

  async #call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await (this.#options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(this.#options.timeoutMs) });
    } catch {
      throw Problem.of(503, 'transient', 'The EHR could not confirm your sign-in right now. Please try again.');
    }
  }

  #remember(key: string, context: VerifiedUser): void {
    if (this.#cache.size >= 10_000) {
      const now = this.#now();
      for (const [k, v] of this.#cache) {
        if (v.expiresAt <= now || this.#cache.size >= 10_000) {
          this.#cache.delete(k);
        }
      }
    }
    this.#cache.set(key, context);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
