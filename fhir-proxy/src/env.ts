import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { storeAuthSchema, type StoreAuth } from './auth/backend-services.ts';
import { issuerConfigSchema, type IssuerConfig } from './auth/issuers.ts';
import { parseSlaHours, type SlaTargets } from './lib/sla.ts';

const commaList = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/**
 * A browser origin as the app's requests carry it in `Origin` (scheme://host[:port], no path). A
 * trailing slash is dropped: `https://app.example.org/` would otherwise match no request and CORS
 * would refuse every call.
 */
const origin = httpUrl.transform((value, ctx) => {
  const url = new URL(value);
  if (url.pathname !== '/' || url.search || url.hash || url.username) {
    ctx.issues.push({ code: 'custom', input: value, message: `must be an origin (scheme://host[:port]) without a path: ${url.origin}` });
    return z.NEVER;
  }
  return url.origin;
});

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4200),
  /** The consult store's FHIR base URL. The proxy never forwards the EHR's token there. */
  CONSULT_STORE_URL: httpUrl,
  /** Browser origins of the app (CORS), comma-separated. */
  APP_ORIGINS: commaList.pipe(z.array(origin).min(1)),
  /** The allow-list of EHRs, as JSON: one issuer object or an array of them (api/ehr-issuer.ts + introspection) … */
  CURBSIDE_ISSUERS: z.string().optional(),
  /** … or the paths of JSON files holding them, comma-separated (keeps secrets out of the process list). */
  CURBSIDE_ISSUERS_FILE: commaList.optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long one API call may take, upstream retries included (then 503 with Retry-After). */
  UPSTREAM_DEADLINE_MS: z.coerce.number().int().positive().default(12_000),
  /** Requests in flight to the store (and to each EHR) at most; more wait their turn. */
  UPSTREAM_CONCURRENCY: z.coerce.number().int().positive().default(32),
  /** Strict-Transport-Security on every answer; only the plain-http sandbox turns it off. */
  HSTS: z.enum(['true', 'false']).default('true'),
  /** `none` (an open store, e.g. HAPI) or `backend-services` (SMART Backend Services with the key below). */
  CONSULT_STORE_AUTH: z.enum(['none', 'backend-services']).default('none'),
  CONSULT_STORE_CLIENT_ID: z.string().optional(),
  /** A JSON file holding the proxy's RSA private JWK (with `kid`) for the store's token endpoint. */
  CONSULT_STORE_PRIVATE_JWK_FILE: z.string().optional(),
  CONSULT_STORE_TOKEN_URL: httpUrl.optional(),
  CONSULT_STORE_SCOPE: z.string().optional(),
  /** Hours to answer per urgency, e.g. `stat=1,asap=4,urgent=24,routine=72` (unlisted urgencies keep these defaults). */
  CURBSIDE_SLA_HOURS: z.string().optional(),
  /**
   * The SQLite file holding AuditEvents until the store has them (lib/audit-journal.ts), one per
   * proxy instance, on storage that outlives the process. `none` turns it off: events not yet
   * written are then lost if the process dies.
   */
  AUDIT_JOURNAL: z.string().min(1).default('.curbside/audit-journal.sqlite'),
})
  .refine((env) => env.UPSTREAM_TIMEOUT_MS <= env.UPSTREAM_DEADLINE_MS, {
    path: ['UPSTREAM_TIMEOUT_MS'],
    message: 'must not be longer than UPSTREAM_DEADLINE_MS: one attempt would be cut by the call\'s deadline, leaving no time to retry',
  })
  .refine((env) => !(env.CURBSIDE_ISSUERS && env.CURBSIDE_ISSUERS_FILE), {
    path: ['CURBSIDE_ISSUERS'],
    message: 'set CURBSIDE_ISSUERS or CURBSIDE_ISSUERS_FILE, not both (one allow-list, so none is silently ignored)',
  });

export interface ProxyEnv {
  readonly host: string;
  readonly port: number;
  readonly storeUrl: string;
  readonly appOrigins: readonly string[];
  readonly issuers: readonly IssuerConfig[];
  readonly timeoutMs: number;
  readonly deadlineMs?: number;
  readonly upstreamConcurrency?: number;
  readonly hsts?: boolean;
  /** The proxy's own credentials for the store; absent = none. */
  readonly storeAuth?: StoreAuth;
  /** Absent: the defaults (stat 1 h, asap 4 h, urgent 24 h, routine 72 h). */
  readonly slaHours?: SlaTargets;
  /** The audit journal's file; absent: no journal. */
  readonly auditJournal?: string;
}

/** Parses process.env once at start and fails fast with every missing or malformed key named. No default secrets. */
export function parseEnv(env: NodeJS.ProcessEnv = process.env): ProxyEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid proxy environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const source = parsed.data.CURBSIDE_ISSUERS ? 'CURBSIDE_ISSUERS' : 'CURBSIDE_ISSUERS_FILE';
  const raws = parsed.data.CURBSIDE_ISSUERS ? [parsed.data.CURBSIDE_ISSUERS] : (parsed.data.CURBSIDE_ISSUERS_FILE ?? []).map((file) => readFileSync(file, 'utf8'));
  if (!raws.length) {
    throw new Error('Invalid proxy environment:\n  CURBSIDE_ISSUERS or CURBSIDE_ISSUERS_FILE: the allow-list of EHR issuers is required');
  }
  const issuers = settingOf(source, z.array(issuerConfigSchema).min(1), raws.flatMap((raw) => [parseJson(source, raw)].flat()));
  const data = parsed.data;
  return {
    host: data.HOST,
    port: data.PORT,
    storeUrl: data.CONSULT_STORE_URL,
    appOrigins: data.APP_ORIGINS,
    issuers,
    timeoutMs: data.UPSTREAM_TIMEOUT_MS,
    deadlineMs: data.UPSTREAM_DEADLINE_MS,
    upstreamConcurrency: data.UPSTREAM_CONCURRENCY,
    hsts: data.HSTS === 'true',
    storeAuth: storeAuthFrom(data),
    slaHours: parseSlaHours(data.CURBSIDE_SLA_HOURS),
    ...(data.AUDIT_JOURNAL === 'none' ? {} : { auditJournal: data.AUDIT_JOURNAL }),
  };
}

function storeAuthFrom(data: z.infer<typeof envSchema>): StoreAuth {
  if (data.CONSULT_STORE_AUTH === 'none') {
    return { kind: 'none' };
  }
  if (!data.CONSULT_STORE_CLIENT_ID || !data.CONSULT_STORE_PRIVATE_JWK_FILE) {
    throw new Error('Invalid proxy environment:\n  CONSULT_STORE_CLIENT_ID and CONSULT_STORE_PRIVATE_JWK_FILE are required with CONSULT_STORE_AUTH=backend-services');
  }
  return settingOf('CONSULT_STORE_PRIVATE_JWK_FILE', storeAuthSchema, {
    kind: 'backend-services',
    clientId: data.CONSULT_STORE_CLIENT_ID,
    privateJwk: parseJson('CONSULT_STORE_PRIVATE_JWK_FILE', readFileSync(data.CONSULT_STORE_PRIVATE_JWK_FILE, 'utf8')),
    ...(data.CONSULT_STORE_TOKEN_URL ? { tokenUrl: data.CONSULT_STORE_TOKEN_URL } : {}),
    ...(data.CONSULT_STORE_SCOPE ? { scope: data.CONSULT_STORE_SCOPE } : {}),
  });
}

// These settings hold client secrets and private keys: a JSON error must not quote them (V8's message
// carries a piece of the text, and an uncaught error prints it), so it names the setting only.
function parseJson(setting: string, raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new Error(`Invalid proxy environment:\n  ${setting}: not valid JSON (check quotes, commas and brackets)`);
  }
}

function settingOf<T>(setting: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`Invalid proxy environment:\n${result.error.issues.map((i) => `  ${setting}${i.path.length ? ` ${i.path.join('.')}` : ''}: ${i.message}`).join('\n')}`);
  }
  return result.data;
}
