import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers for a JSON API that no page should embed or run: nothing may load from it as a document
 * (CSP `default-src 'none'`, `frame-ancestors 'none'`), and HSTS outside the sandbox, which serves
 * plain http on 127.0.0.1 where HSTS has no meaning.
 * @see https://developer.mozilla.org/docs/Web/HTTP/Headers/Strict-Transport-Security
 */
export function securityHeaders(options: { readonly hsts: boolean }) {
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    strictTransportSecurity: options.hsts ? 'max-age=31536000; includeSubDomains' : false,
    // The app reads the API from its own origin through CORS, which CORP would otherwise get in the way of.
    crossOriginResourcePolicy: 'cross-origin',
  });
}
