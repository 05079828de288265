// zod/mini rather than zod: this module is on the launch page, which should stay small and fast inside the EHR.
import * as z from 'zod/mini';

/**
 * One SMART client registration. `issMatch` is an exact FHIR base URL, or a prefix ending with `*`
 * (e.g. `https://fhir.example.org/tenants/*`) for EHRs that give every tenant its own base URL.
 * @see https://hl7.org/fhir/smart-app-launch/app-launch.html#register-app-with-ehr
 */
export const smartClientConfigSchema = z.object({
  issMatch: z.string().check(z.minLength(1)),
  clientId: z.string().check(z.minLength(1)),
  scope: z.string().check(z.minLength(1)),
  /** Scope of a standalone launch (opened with `?iss=` and no `launch`): a specialist's sign-in, e.g. `openid fhirUser online_access`. */
  standaloneScope: z.optional(z.string().check(z.minLength(1))),
  label: z.optional(z.string()),
});
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
  return config.clients.find((client) => issuerMatches(client.issMatch, iss));
}
