import { randomUUID } from 'node:crypto';
import { issuerConfigSchema, normaliseIss, type IssuerConfigInput } from './auth/issuers.ts';
import { CallerVerifier } from './auth/verify-caller.ts';
import type { ProxyDeps } from './consults/deps.ts';
import type { ProxyEnv } from './env.ts';
import { CapabilityReader } from './fhir/capability-reader.ts';
import { FhirClient } from './fhir/fhir-client.ts';
import { loadR4Definitions } from './fhir/r4.ts';
import { jsonLogger, type Logger } from './lib/logger.ts';
import { DEFAULT_SLA_HOURS } from './lib/sla.ts';

/** Wires the production dependencies from the parsed environment. */
export function createDeps(env: Omit<ProxyEnv, 'host' | 'port' | 'issuers'> & { readonly issuers: readonly IssuerConfigInput[] }, overrides: Partial<ProxyDeps> & { fetch?: typeof fetch; logger?: Logger } = {}): ProxyDeps {
  loadR4Definitions();
  const fetcher = overrides.fetch ?? fetch;
  const ehrClients = new Map<string, FhirClient>();
  // Parsed here too, so callers (tests, the sandbox) may pass the short form and get the defaults.
  const issuers = env.issuers.map((issuer) => issuerConfigSchema.parse(issuer));
  const byIss = new Map(issuers.map((issuer) => [normaliseIss(issuer.iss), issuer]));
  return {
    store: new FhirClient({ baseUrl: env.storeUrl, label: 'the consult store', timeoutMs: env.timeoutMs, fetch: fetcher }),
    ehr: (iss) => {
      const client = ehrClients.get(iss) ?? new FhirClient({ baseUrl: iss, label: 'the EHR', timeoutMs: env.timeoutMs, fetch: fetcher });
      ehrClients.set(iss, client);
      return client;
    },
    verifier: new CallerVerifier({ issuers, timeoutMs: env.timeoutMs, fetch: fetcher }),
    issuer: (iss) => byIss.get(normaliseIss(iss)),
    capabilities: new CapabilityReader(),
    logger: overrides.logger ?? jsonLogger(),
    now: () => new Date(),
    uuid: randomUUID,
    appOrigins: env.appOrigins,
    sla: env.slaHours ?? DEFAULT_SLA_HOURS,
    changePollMs: 500,
    ...overrides,
  };
}
