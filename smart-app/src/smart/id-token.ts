/**
 * The claims of an OpenID Connect id_token, decoded without verification (the proxy verifies it; the
 * app only reads who is signed in). fhirclient 2.6.3 decodes with `window.atob`, which throws on the
 * base64url characters `-` and `_`, so the app decodes it here instead.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#scopes-for-requesting-identity-data
 */
export function decodeIdTokenClaims(idToken: string | undefined): Record<string, unknown> | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The signed-in user as `ResourceType/id`, from the `fhirUser` claim (absolute or relative URL), else
 * the SMART v1 `profile` claim.
 */
export function fhirUserFromIdToken(idToken: string | undefined): string | undefined {
  const claims = decodeIdTokenClaims(idToken);
  const claim = claims?.fhirUser ?? claims?.profile;
  if (typeof claim !== 'string' || claim === '') {
    return undefined;
  }
  return claim.split('/').slice(-2).join('/');
}
