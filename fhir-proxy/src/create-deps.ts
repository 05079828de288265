import { randomUUID } from 'node:crypto';
import { BackendServicesCredentials } from './auth/backend-services.ts';
import { issuerConfigSchema, normaliseIss, type IssuerConfigInput } from './auth/issuers.ts';
import { CallerVerifier } from './auth/verify-caller.ts';
import type { ProxyDeps } from './consults/deps.ts';
import type { ProxyEnv } from './env.ts';
import { withProvenance } from './fhir/build-provenance.ts';
import { CapabilityReader } from './fhir/capability-reader.ts';
import { FhirClient, type UpstreamCredentials } from './fhir/fhir-client.ts';
import { loadR4Definitions } from './fhir/r4.ts';
import { AuditJournal } from './lib/audit-journal.ts';
import { AuditWriter } from './lib/audit-writer.ts';
import { jsonLogger, type Logger } from './lib/logger.ts';
import { nodeFetch } from './lib/node-fetch.ts';
import { currentRequest } from './lib/request-context.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './lib/retry.ts';
import { DEFAULT_SLA_HOURS } from './lib/sla.ts';

/** Wires the production dependencies from the parsed environment. */
export function createDeps(
  env: Omit<ProxyEnv, 'host' | 'port' | 'issuers'> & { readonly issuers: readonly IssuerConfigInput[] },
  overrides: Partial<ProxyDeps> & { fetch?: typeof fetch; logger?: Logger; retry?: Partial<RetryPolicy> } = {},
): ProxyDeps {
  loadR4Definitions();
  const { fetch: fetchOverride, retry: retryOverride, ...depOverrides } = overrides;
  const fetcher = fetchOverride ?? fetch;
  const logger = overrides.logger ?? jsonLogger();
  const now = overrides.now ?? (() => new Date());
  const uuid = overrides.uuid ?? randomUUID;
  const retryFor = (upstream: string): RetryPolicy => ({
    ...DEFAULT_RETRY_POLICY,
    deadlineMs: env.deadlineMs ?? DEFAULT_RETRY_POLICY.deadlineMs,
    ...retryOverride,
    onRetry: (info) => logger.info('upstream.retry', { upstream, requestId: currentRequest()?.requestId, attempt: info.attempt, reason: info.reason, status: info.status, delayMs: info.delayMs }),
  });
  const credentials: UpstreamCredentials | undefined =
    env.storeAuth?.kind === 'backend-services' ? new BackendServicesCredentials({ storeUrl: env.storeUrl, config: env.storeAuth, timeoutMs: env.timeoutMs, fetch: fetcher, retry: retryFor('store-token') }) : undefined;
  const ehrClients = new Map<string, FhirClient>();
  // Parsed here too, so callers (tests, the sandbox) may pass the short form and get the defaults.
  const issuers = env.issuers.map((issuer) => issuerConfigSchema.parse(issuer));
  const byIss = new Map(issuers.map((issuer) => [normaliseIss(issuer.iss), issuer]));
  const store = new FhirClient({
    baseUrl: env.storeUrl,
    label: 'the consult store',
    timeoutMs: env.timeoutMs,
    // The store is asked on every API call: over node:http, not the heavier built-in fetch (node-fetch.ts).
    fetch: fetchOverride ?? nodeFetch({ maxSockets: env.upstreamConcurrency ?? 32 }),
    retry: retryFor('store'),
    maxConcurrent: env.upstreamConcurrency ?? 32,
    ...(credentials ? { credentials } : {}),
    // Every transaction carries its Provenance, naming the verified caller of the request that wrote it.
    prepareTransaction: (bundle) => withProvenance(bundle, currentRequest()?.launch, now().toISOString(), uuid),
  });
  // The store client given in `overrides` (tests) takes the audit writes too.
  const audit = new AuditWriter({ store: depOverrides.store ?? store, logger, ...(env.auditJournal ? { journal: new AuditJournal(env.auditJournal) } : {}) });
  const resumed = audit.resume();
  if (resumed) {
    logger.info('audit.resumed', { events: resumed });
  }
  return {
    store,
    audit,
    ehr: (iss) => {
      const client = ehrClients.get(iss) ?? new FhirClient({ baseUrl: iss, label: 'the EHR', timeoutMs: env.timeoutMs, fetch: fetcher, retry: retryFor('ehr'), maxConcurrent: env.upstreamConcurrency ?? 32 });
      ehrClients.set(iss, client);
      return client;
    },
    verifier: new CallerVerifier({ issuers, timeoutMs: env.timeoutMs, fetch: fetcher }),
    issuer: (iss) => byIss.get(normaliseIss(iss)),
    capabilities: new CapabilityReader(),
    logger,
    now,
    uuid,
    appOrigins: env.appOrigins,
    sla: env.slaHours ?? DEFAULT_SLA_HOURS,
    changePollMs: 500,
    ...(env.hsts === undefined ? {} : { hsts: env.hsts }),
    ...(env.deadlineMs === undefined ? {} : { deadlineMs: env.deadlineMs }),
    ...depOverrides,
  };
}
