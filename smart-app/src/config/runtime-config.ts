// zod/mini rather than zod: this module is on the launch page, which should stay small and fast inside the EHR.
import * as z from 'zod/mini';
import { ehrIssuerSettingsShape } from '../lib/ehr-issuer-contract.ts';

/**
 * One EHR the app is registered with: the per-issuer settings the proxy's allow-list shares
 * (`fhir-proxy/src/api/ehr-issuer.ts`: client id, scopes, iframe, token and write-back settings), found
 * by `issMatch` (or `iss`, the proxy's name for it): an exact FHIR base URL, or a prefix ending with
 * `*` (e.g. `https://fhir-ehr-code.cerner.com/r4/*`) for EHRs that give every tenant its own base URL.
 * @see https://hl7.org/fhir/smart-app-launch/app-launch.html#register-app-with-ehr
 */
export const smartClientConfigSchema = z
  .object({ issMatch: z.optional(z.string().check(z.minLength(1))), iss: z.optional(z.string().check(z.minLength(1))), ...ehrIssuerSettingsShape })
  .check(
    z.refine((client) => !!(client.issMatch ?? client.iss), { message: 'each client needs issMatch (the EHR FHIR base URL)', path: ['issMatch'] }),
    z.refine((client) => !!(client.scope ?? client.scopes), { message: 'each client needs scopes (or an explicit scope string)', path: ['scopes'] }),
  );
export type SmartClientConfig = z.infer<typeof smartClientConfigSchema>;

/** What `config.json` (served next to the pages) holds; the same build runs against any deployment. */
export const runtimeConfigSchema = z.object({
  /** Absolute URL of the Curbside proxy (the consult API). */
  proxyUrl: z.url({ protocol: /^https?$/ }),
  clients: z.array(smartClientConfigSchema).check(z.minLength(1)),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** Thrown when config.json is missing or malformed; its message is safe to show on the page. */
export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
}

/** Resolves `config.json` against the page URL, so the app works under any path it is served from. */
export function defaultConfigUrl(): URL {
  return new URL('config.json', document.baseURI);
}

/** Fetches and validates the runtime configuration. */
export async function loadRuntimeConfig(url: URL = defaultConfigUrl()): Promise<RuntimeConfig> {
  let body: unknown;
  try {
    const response = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new RuntimeConfigError(`config.json could not be loaded (HTTP ${response.status}).`);
    }
    body = await response.json();
  } catch (error) {
    if (error instanceof RuntimeConfigError) {
      throw error;
    }
    throw new RuntimeConfigError('config.json could not be loaded or is not JSON.');
  }
  const parsed = runtimeConfigSchema.safeParse(body);
  if (!parsed.success) {
    throw new RuntimeConfigError(`config.json is not valid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** True when `iss` is the client's exact base URL, or starts with its `*`-terminated prefix. */
export function issuerMatches(issMatch: string, iss: string): boolean {
  if (issMatch.endsWith('*')) {
    return iss.startsWith(issMatch.slice(0, -1));
  }
  return withoutTrailingSlash(issMatch) === withoutTrailingSlash(iss);
}

/** The first registration whose `issMatch` fits `iss`, or undefined for an EHR we are not set up for. */
export function findClientForIssuer(config: RuntimeConfig, iss: string): SmartClientConfig | undefined {
  return config.clients.find((client) => issuerMatches(issuerPattern(client), iss));
}

/** The client's issuer: `issMatch`, or `iss` in a file shared with the proxy. */
export function issuerPattern(client: SmartClientConfig): string {
  return client.issMatch ?? client.iss ?? '';
}
