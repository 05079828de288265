import { buildScope } from '../lib/ehr-issuer-contract.ts';
import { findClientForIssuer, issuerPattern, RuntimeConfigError } from '../config/runtime-config.ts';
import type { RuntimeConfig, SmartClientConfig } from '../config/runtime-config.ts';
import type { SmartAuthorizeParams } from './fhirclient.ts';
import { renderLaunchMessage } from './launch-page.ts';

/** What the launch page decided to do with the URL it was opened with. */
export type LaunchPlan =
  | { readonly kind: 'authorize'; readonly registration: SmartClientConfig; readonly serverUrl: string; readonly standalone: boolean }
  | { readonly kind: 'unknown-issuer'; readonly iss: string }
  | { readonly kind: 'no-issuer' };

/** Exact base URLs only: a `*` prefix cannot name the server to connect to. */
function soleStandaloneIssuer(config: RuntimeConfig): SmartClientConfig | undefined {
  const exact = config.clients.filter((client) => !issuerPattern(client).endsWith('*'));
  return exact.length === 1 ? exact[0] : undefined;
}

/**
 * Picks the client registration for this launch. An EHR launch brings `iss` and `launch` in the URL;
 * a standalone launch uses the one configured EHR.
 * @see https://hl7.org/fhir/smart-app-launch/app-launch.html#step-1-app-requests-authorization
 */
export function planLaunch(url: URL, config: RuntimeConfig): LaunchPlan {
  const urlIss = url.searchParams.get('iss') ?? undefined;
  const registration = urlIss ? findClientForIssuer(config, urlIss) : soleStandaloneIssuer(config);
  if (!registration) {
    return urlIss ? { kind: 'unknown-issuer', iss: urlIss } : { kind: 'no-issuer' };
  }
  return { kind: 'authorize', registration, serverUrl: urlIss ?? issuerPattern(registration), standalone: !url.searchParams.has('launch') };
}

/** True when the scope depends on what the server advertises (`scopes.version: 'auto'`). */
export function needsCapabilities(plan: Extract<LaunchPlan, { kind: 'authorize' }>): boolean {
  const { registration } = plan;
  return !(plan.standalone && registration.standaloneScope) && !registration.scope && registration.scopes?.version === 'auto';
}

/**
 * fhirclient's authorize options: the scope built for the server's advertised capabilities, PKCE
 * required, and the iframe settings of this EHR. fhirclient reads `iss` and `launch` from the URL
 * itself, so `iss` is passed only for a standalone launch (passing it means standalone).
 * @see https://docs.smarthealthit.org/client-js/api.html
 */
export function authorizeParams(plan: Extract<LaunchPlan, { kind: 'authorize' }>, capabilities: readonly string[] | undefined): SmartAuthorizeParams {
  const { registration } = plan;
  const params: SmartAuthorizeParams = {
    clientId: registration.clientId,
    // Opened without `launch` (the specialist's sign-in link): no chart, so no patient scopes to ask for.
    scope: (plan.standalone ? registration.standaloneScope : undefined) ?? buildScope(registration, capabilities) ?? '',
    redirectUri: './index.html',
    pkceMode: 'required',
    // Finish the sign-in in this frame (EHRs embed the app; client-js #89): the app must not take over the EHR's page.
    completeInTarget: registration.iframe.completeInTarget,
    ...(registration.iframe.target ? { target: registration.iframe.target } : {}),
  };
  if (plan.standalone) {
    params.iss = plan.serverUrl;
  }
  return params;
}

/**
 * The `capabilities` of the server's SMART configuration (public, any origin: SMART App Launch 2.2),
 * or undefined when it cannot be read; fhirclient reads the same document again to find the endpoints.
 * @see https://hl7.org/fhir/smart-app-launch/conformance.html#using-well-known
 */
export async function fetchSmartCapabilities(serverUrl: string): Promise<readonly string[] | undefined> {
  try {
    const response = await fetch(`${serverUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`, { headers: { Accept: 'application/json' } });
    const body: unknown = response.ok ? await response.json() : undefined;
    const capabilities = (body as { capabilities?: unknown } | undefined)?.capabilities;
    return Array.isArray(capabilities) ? capabilities.filter((c): c is string => typeof c === 'string') : undefined;
  } catch {
    return undefined;
  }
}

export interface LaunchDeps {
  readonly url: URL;
  /** Where messages go; the page's main landmark. */
  readonly root: HTMLElement;
  readonly loadConfig: () => Promise<RuntimeConfig>;
  /** `FHIR.oauth2.authorize`: it redirects away, so nothing runs after it succeeds. */
  readonly authorize: (params: SmartAuthorizeParams) => Promise<unknown>;
  /** Reads the server's advertised capabilities (default: its `.well-known/smart-configuration`). */
  readonly capabilitiesOf?: (serverUrl: string) => Promise<readonly string[] | undefined>;
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The launch page's whole job: config → registration → authorize, or a clear message instead of a blank page. */
export async function runLaunch({ url, root, loadConfig, authorize, capabilitiesOf = fetchSmartCapabilities }: LaunchDeps): Promise<void> {
  let config: RuntimeConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    const detail = error instanceof RuntimeConfigError ? error.message : 'The configuration could not be loaded.';
    renderLaunchMessage(root, 'Curbside is not configured', detail);
    return;
  }
  const plan = planLaunch(url, config);
  switch (plan.kind) {
    case 'unknown-issuer':
      renderLaunchMessage(
        root,
        `Curbside is not set up for this EHR (${plan.iss})`,
        "Ask your EHR administrator to register Curbside for this FHIR server, then launch it again from the patient's chart.",
      );
      return;
    case 'no-issuer':
      renderLaunchMessage(
        root,
        "Launch Curbside from the patient's chart",
        'This page was opened without an EHR (no "iss" parameter). Open Curbside from your EHR.',
      );
      return;
    case 'authorize':
      try {
        // authorize() navigates away on success; only a failure comes back here.
        const capabilities = needsCapabilities(plan) ? await capabilitiesOf(plan.serverUrl) : undefined;
        await authorize(authorizeParams(plan, capabilities));
      } catch (error) {
        renderLaunchMessage(root, 'Curbside could not start signing in with your EHR', shortMessage(error));
      }
      return;
  }
}
