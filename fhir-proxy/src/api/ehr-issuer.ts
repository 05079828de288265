// zod/mini, not zod: the app's launch page parses this too, and it should stay small inside the EHR.
import * as z from 'zod/mini';

const nonEmpty = z.string().check(z.minLength(1));
const resourceType = z.string().check(z.regex(/^[A-Z][A-Za-z]+$/, 'must be a FHIR resource type, e.g. Condition'));

/**
 * Which SMART scopes the app asks for, built at launch time. Oracle Health refuses wildcard scopes, so
 * `read` can list each resource type; `version: 'auto'` picks SMART v2 (`.rs`, `.c`) when the server's
 * smart-configuration advertises `permission-v2`, else v1 (`.read`, `.write`).
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 * Sources: shared/reference/fhir-landscape.md §1.5 (v1 ⇒ v2 mapping), §4 (no wildcards at Oracle Health).
 */
export const scopePolicySchema = z.object({
  /** Patient-level reads of the launch patient's chart: `'*'` (one wildcard scope) or each type. */
  read: z.union([z.literal('*'), z.array(resourceType).check(z.minLength(1))]),
  /** Types the proxy creates in the EHR with the user's token (`user/<Type>.c`, v1 `user/<Type>.write`). */
  write: z._default(z.array(resourceType), []),
  /** Non-resource scopes: launch, identity and refresh. */
  context: z._default(z.array(nonEmpty), ['launch', 'openid', 'fhirUser', 'online_access']),
  version: z._default(z.enum(['auto', 'v1', 'v2']), 'auto'),
});
export type ScopePolicy = z.infer<typeof scopePolicySchema>;

/** How the app's SMART sign-in runs inside the EHR's frame. @see https://docs.smarthealthit.org/client-js/api.html */
export const iframeSettingsSchema = z.object({
  /** Finish the sign-in in the app's own frame (Epic embedded launches need it: client-js #89). */
  completeInTarget: z._default(z.boolean(), true),
  /** fhirclient `target` (`_self`, a frame name, …); omitted = the app's own window. */
  target: z.optional(nonEmpty),
});

/** What the EHR's tokens are expected to do: Oracle Health issues 570 s tokens and throttles refreshes under a minute apart (§4). */
export const tokenSettingsSchema = z.object({
  /** The access-token lifetime the EHR documents, in seconds (informational: `expires_in` is what the app obeys). */
  lifetimeSeconds: z.optional(z.number().check(z.int(), z.positive())),
  /** Never refresh more often than this (seconds); 0 = whenever the token is about to expire. */
  minRefreshIntervalSeconds: z._default(z.number().check(z.int(), z.nonnegative()), 0),
});

/**
 * Writing the consult into the EHR, beside the consult store: opt-in per issuer, and attempted only
 * where the EHR's CapabilityStatement offers the create. `message` is a plain Communication (Epic);
 * `notification` is Oracle Health's strict notification form (§4).
 */
export const writeBackSettingsSchema = z.object({
  serviceRequest: z._default(z.boolean(), false),
  communication: z._default(z.enum(['none', 'message', 'notification']), 'none'),
  /** Who the notification goes to (`Practitioner/<id>` or `Group/<id>` in the EHR); default: the sender's own inbox. */
  notificationRecipient: z.optional(z.string().check(z.regex(/^(Practitioner|Group)\/[A-Za-z0-9\-.]{1,64}$/))),
});
export type WriteBackSettings = z.infer<typeof writeBackSettingsSchema>;

/**
 * Everything Curbside knows about one EHR issuer, shared by the app's `config.json` (one entry per EHR
 * in `clients`) and the proxy's allow-list (`CURBSIDE_ISSUERS`): the same JSON object works in both,
 * the proxy's copy adding its introspection secret.
 * @see https://hl7.org/fhir/smart-app-launch/app-launch.html#register-app-with-ehr
 */
export const ehrIssuerSettingsShape = {
  /** The app's client id at this EHR: the audience its id_tokens carry. */
  clientId: nonEmpty,
  label: z.optional(z.string()),
  vendor: z._default(z.enum(['generic', 'epic', 'oracle-health']), 'generic'),
  /** An explicit scope string; wins over `scopes` (kept so existing config.json files keep working). */
  scope: z.optional(nonEmpty),
  scopes: z.optional(scopePolicySchema),
  /**
   * The scope of a standalone launch (the app opened with `iss` and no `launch`): a specialist signing
   * in to work the consult queue, who needs to be known (`openid fhirUser`) and nothing from the chart.
   * Omitted: a standalone launch asks for the same scope as a launch from the chart.
   * @see https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-standalone-launch
   */
  standaloneScope: z.optional(nonEmpty),
  /**
   * Whether the EHR insists on `aud` (Oracle Health rejects a request without it; Epic makes it an
   * organisation setting, §3–4). fhirclient always sends it; the proxy then also requires the
   * introspected token's audience to name this EHR.
   */
  audRequired: z._default(z.boolean(), true),
  iframe: z._default(iframeSettingsSchema, { completeInTarget: true }),
  token: z._default(tokenSettingsSchema, { minRefreshIntervalSeconds: 0 }),
  writeBack: z._default(writeBackSettingsSchema, { serviceRequest: false, communication: 'none' }),
};

export const ehrIssuerSettingsSchema = z.object(ehrIssuerSettingsShape);
export type EhrIssuerSettings = z.infer<typeof ehrIssuerSettingsSchema>;
/** What a config file may leave out (every defaulted field). */
export type EhrIssuerSettingsInput = z.input<typeof ehrIssuerSettingsSchema>;

/** The resource types the write-back settings would create, for the scopes the app must ask for. */
export function writeBackTypes(writeBack: WriteBackSettings): string[] {
  return [...(writeBack.serviceRequest ? ['ServiceRequest'] : []), ...(writeBack.communication === 'none' ? [] : ['Communication'])];
}

/**
 * The scope string an app asks this EHR for: `scope` as written when present, else built from `scopes`
 * (plus a create scope for each type the write-back sends) in the permission syntax the server
 * advertises: v1 only when its capabilities list `permission-v1` and not `permission-v2`.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#scopes-for-requesting-clinical-data
 */
export function buildScope(settings: Pick<EhrIssuerSettings, 'scope' | 'scopes' | 'writeBack'>, capabilities: readonly string[] | undefined): string | undefined {
  if (settings.scope) {
    return settings.scope;
  }
  const policy = settings.scopes;
  if (!policy) {
    return undefined;
  }
  const v1 = policy.version === 'v1' || (policy.version === 'auto' && !!capabilities?.includes('permission-v1') && !capabilities.includes('permission-v2'));
  const reads = (policy.read === '*' ? ['*'] : policy.read).map((type) => `patient/${type}.${v1 ? 'read' : 'rs'}`);
  const writeTypes = [...new Set([...policy.write, ...writeBackTypes(settings.writeBack)])];
  const writes = writeTypes.map((type) => `user/${type}.${v1 ? 'write' : 'c'}`);
  return [...policy.context, ...reads, ...writes].join(' ');
}
