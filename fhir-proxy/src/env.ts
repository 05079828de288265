import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { issuerConfigSchema, type IssuerConfig } from './auth/issuers.ts';
import { parseSlaHours, type SlaTargets } from './lib/sla.ts';

const commaList = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4200),
  /** The consult store's FHIR base URL. The proxy never forwards the EHR's token there. */
  CONSULT_STORE_URL: z.url(),
  /** Browser origins of the app (CORS), comma-separated. */
  APP_ORIGINS: commaList.pipe(z.array(z.url()).min(1)),
  /** The allow-list of EHRs, as JSON: one issuer object or an array of them (api/ehr-issuer.ts + introspection) … */
  CURBSIDE_ISSUERS: z.string().optional(),
  /** … or the paths of JSON files holding them, comma-separated (keeps secrets out of the process list). */
  CURBSIDE_ISSUERS_FILE: commaList.optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Hours to answer per urgency, e.g. `stat=1,asap=4,urgent=24,routine=72` (unlisted urgencies keep these defaults). */
  CURBSIDE_SLA_HOURS: z.string().optional(),
});

export interface ProxyEnv {
  readonly host: string;
  readonly port: number;
  readonly storeUrl: string;
  readonly appOrigins: readonly string[];
  readonly issuers: readonly IssuerConfig[];
  readonly timeoutMs: number;
  /** Absent: the defaults (stat 1 h, asap 4 h, urgent 24 h, routine 72 h). */
  readonly slaHours?: SlaTargets;
}

/** Parses process.env once at start and fails fast with every missing or malformed key named. No default secrets. */
export function parseEnv(env: NodeJS.ProcessEnv = process.env): ProxyEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid proxy environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const raws = parsed.data.CURBSIDE_ISSUERS ? [parsed.data.CURBSIDE_ISSUERS] : (parsed.data.CURBSIDE_ISSUERS_FILE ?? []).map((file) => readFileSync(file, 'utf8'));
  if (!raws.length) {
    throw new Error('Invalid proxy environment:\n  CURBSIDE_ISSUERS or CURBSIDE_ISSUERS_FILE: the allow-list of EHR issuers is required');
  }
  const issuers = z.array(issuerConfigSchema).min(1).parse(raws.flatMap((raw) => [JSON.parse(raw) as unknown].flat()));
  return { host: parsed.data.HOST, port: parsed.data.PORT, storeUrl: parsed.data.CONSULT_STORE_URL, appOrigins: parsed.data.APP_ORIGINS, issuers, timeoutMs: parsed.data.UPSTREAM_TIMEOUT_MS, slaHours: parseSlaHours(parsed.data.CURBSIDE_SLA_HOURS) };
}
