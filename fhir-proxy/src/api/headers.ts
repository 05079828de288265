/**
 * Headers the app sends with every proxy call. The bearer token is the EHR's SMART access token; it is
 * verified with the issuer named here (which must be on the proxy's allow-list) and never sent onward
 * to the consult store.
 */
export const ISSUER_HEADER = 'X-Curbside-Iss';
/** The OpenID Connect id_token from the launch: the fallback identity proof for EHRs without introspection. */
export const ID_TOKEN_HEADER = 'X-Curbside-Id-Token';
/** The launch's patient id; with the id_token fallback the proxy proves it by reading that Patient with the token. */
export const PATIENT_HEADER = 'X-Curbside-Patient';
