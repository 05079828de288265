import { z } from 'zod';

/**
 * One EHR the proxy trusts. A token naming any other `iss` is refused before any request is made, so the
 * proxy can never be pointed at an arbitrary URL (no SSRF through `iss`).
 */
export const issuerConfigSchema = z.strictObject({
  /** The EHR's FHIR base URL exactly as the SMART launch gives it (`iss`). */
  iss: z.url(),
  /** The app's client id at this EHR: the audience its id_tokens carry. */
  clientId: z.string().min(1),
  /** Credentials of the proxy's own confidential client for token introspection, when the EHR offers it. */
  introspection: z.strictObject({ clientId: z.string().min(1), clientSecret: z.string().min(1) }).optional(),
});
export type IssuerConfig = z.infer<typeof issuerConfigSchema>;

export function normaliseIss(iss: string): string {
  return iss.trim().replace(/\/+$/, '');
}
