import type { IssuerConfig } from '../auth/issuers.ts';
import type { CallerVerifier } from '../auth/verify-caller.ts';
import type { CapabilityReader } from '../fhir/capability-reader.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import type { AuditWriter } from '../lib/audit-writer.ts';
import type { Logger } from '../lib/logger.ts';
import type { SlaTargets } from '../lib/sla.ts';

/** Everything the routes need, injected so tests can swap the clock, ids and upstream clients. */
export interface ProxyDeps {
  readonly store: FhirClient;
  /** A client for the caller's EHR (`iss` already allow-listed); calls carry the user's token. */
  readonly ehr: (iss: string) => FhirClient;
  readonly verifier: CallerVerifier;
  /** The allow-listed settings of an EHR issuer (scopes, write-back), by its normalised `iss`. */
  readonly issuer: (iss: string) => IssuerConfig | undefined;
  /** Each server's CapabilityStatement, read once an hour: how to write the store, what the EHR accepts. */
  readonly capabilities: CapabilityReader;
  readonly logger: Logger;
  /** Writes the AuditEvents of API calls to the store in the background (`audit-trail.ts`). */
  readonly audit: AuditWriter;
  readonly now: () => Date;
  readonly uuid: () => string;
  /** Origins allowed to call the proxy from a browser (the app's). */
  readonly appOrigins: readonly string[];
  /** Send Strict-Transport-Security (everywhere but the plain-http sandbox). Default true. */
  readonly hsts?: boolean;
  /** How long one API call may take, every upstream retry included; past it the client gets a 503. */
  readonly deadlineMs?: number;
  /** Hours to answer per urgency (the SLA clock). */
  readonly sla: SlaTargets;
  /** How often the live-update loop asks the store for changes while clients listen (ms). */
  readonly changePollMs: number;
  /**
   * Aborted when the process is asked to stop: open event streams end at once (the app reconnects, to
   * another instance behind a balancer) instead of holding the shutdown until their tokens expire.
   */
  readonly shutdown?: AbortSignal;
}
