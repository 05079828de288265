import { findClientForIssuer, RuntimeConfigError } from '../config/runtime-config.ts';
import type { RuntimeConfig, SmartClientConfig } from '../config/runtime-config.ts';
import type { SmartAuthorizeParams } from './fhirclient.ts';
import { renderLaunchMessage } from './launch-page.ts';

/** What the launch page decided to do with the URL it was opened with. */
export type LaunchPlan =
  | { readonly kind: 'authorize'; readonly params: SmartAuthorizeParams }
  | { readonly kind: 'unknown-issuer'; readonly iss: string }
  | { readonly kind: 'no-issuer' };

/** Exact base URLs only: a `*` prefix cannot name the server to connect to. */
function soleStandaloneIssuer(config: RuntimeConfig): SmartClientConfig | undefined {
  const exact = config.clients.filter((client) => !client.issMatch.endsWith('*'));
  return exact.length === 1 ? exact[0] : undefined;
}

/**
 * Picks the client registration for this launch. An EHR launch brings `iss` and `launch` in the URL;
 * fhirclient reads both from the URL itself, so `iss` is passed only for a standalone launch.
 * @see https://hl7.org/fhir/smart-app-launch/app-launch.html#step-1-app-requests-authorization
 */
export function planLaunch(url: URL, config: RuntimeConfig): LaunchPlan {
  const urlIss = url.searchParams.get('iss') ?? undefined;
  const isEhrLaunch = url.searchParams.has('launch');
  const registration = urlIss ? findClientForIssuer(config, urlIss) : soleStandaloneIssuer(config);
  if (!registration) {
    return urlIss ? { kind: 'unknown-issuer', iss: urlIss } : { kind: 'no-issuer' };
  }
  const params: SmartAuthorizeParams = {
    clientId: registration.clientId,
    // Opened without `launch` (the specialist's sign-in link): no chart, so no patient scopes to ask for.
    scope: isEhrLaunch ? registration.scope : (registration.standaloneScope ?? registration.scope),
    redirectUri: './index.html',
    pkceMode: 'required',
    // Finish the sign-in in this window: EHRs embed the app in an iframe, and the app must not take over the EHR's page.
    completeInTarget: true,
  };
  if (!isEhrLaunch) {
    params.iss = urlIss ?? registration.issMatch;
  }
  return { kind: 'authorize', params };
}

export interface LaunchDeps {
  readonly url: URL;
  /** Where messages go; the page's main landmark. */
  readonly root: HTMLElement;
  readonly loadConfig: () => Promise<RuntimeConfig>;
  /** `FHIR.oauth2.authorize`: it redirects away, so nothing runs after it succeeds. */
  readonly authorize: (params: SmartAuthorizeParams) => Promise<unknown>;
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The launch page's whole job: config → registration → authorize, or a clear message instead of a blank page. */
export async function runLaunch({ url, root, loadConfig, authorize }: LaunchDeps): Promise<void> {
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
        await authorize(plan.params);
      } catch (error) {
        renderLaunchMessage(root, 'Curbside could not start signing in with your EHR', shortMessage(error));
      }
      return;
  }
}
