import * as z from 'zod/mini';
import { ehrIssuerSettingsShape } from '../api/ehr-issuer.ts';

/**
 * One EHR the proxy trusts: the shared per-issuer settings (`api/ehr-issuer.ts`, the same object the
 * app's config.json holds) plus the proxy's own introspection secret. A token naming any other `iss` is
 * refused before any request is made, so the proxy can never be pointed at an arbitrary URL (no SSRF
 * through `iss`); for the same reason `iss` is an exact base URL here, never a `*` prefix.
 */
export const issuerConfigSchema = z.strictObject({
  ...ehrIssuerSettingsShape,
  /** The EHR's FHIR base URL exactly as the SMART launch gives it (`iss`). */
  iss: z.url({ protocol: /^https?$/ }).check(z.refine((iss) => !iss.includes('*'), 'must be the exact FHIR base URL (a * prefix is for the app only)')),
  /** Credentials of the proxy's own confidential client for token introspection, when the EHR offers it. */
  introspection: z.optional(z.strictObject({ clientId: z.string().check(z.minLength(1)), clientSecret: z.string().check(z.minLength(1)) })),
});
export type IssuerConfig = z.infer<typeof issuerConfigSchema>;
/** What a configuration file holds (defaulted fields may be left out). */
export type IssuerConfigInput = z.input<typeof issuerConfigSchema>;

export function normaliseIss(iss: string): string {
  return iss.trim().replace(/\/+$/, '');
}
