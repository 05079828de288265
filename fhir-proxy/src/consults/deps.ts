import type { CallerVerifier } from '../auth/verify-caller.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import type { Logger } from '../lib/logger.ts';
import type { SlaTargets } from '../lib/sla.ts';

/** Everything the routes need, injected so tests can swap the clock, ids and upstream clients. */
export interface ProxyDeps {
  readonly store: FhirClient;
  /** A client for the caller's EHR (`iss` already allow-listed); calls carry the user's token. */
  readonly ehr: (iss: string) => FhirClient;
  readonly verifier: CallerVerifier;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly uuid: () => string;
  /** Origins allowed to call the proxy from a browser (the app's). */
  readonly appOrigins: readonly string[];
  /** Hours to answer per urgency (the SLA clock). */
  readonly sla: SlaTargets;
  /** How often the live-update loop asks the store for changes while clients listen (ms). */
  readonly changePollMs: number;
}
