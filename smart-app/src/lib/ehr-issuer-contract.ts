// The launch page's part of the API contract: the per-issuer EHR settings (zod/mini). It lives apart from
// api-contract.ts because that barrel's other modules build classic-zod schemas when they load, and a
// bundler must keep those top-level calls (they might have side effects) for every page that imports the
// barrel: through it, the launch page carried all of classic zod (launch path 45.9 KB gzip instead of
// 35.3 KB, `npm run bench -- --only size`). Launch-page modules (smart/launch*.ts, config/) import this file;
// the rest of the app keeps importing everything, these names included, from api-contract.ts.
export { buildScope, ehrIssuerSettingsShape } from '../../../fhir-proxy/src/api/ehr-issuer.ts';
export type { EhrIssuerSettings, ScopePolicy, WriteBackSettings } from '../../../fhir-proxy/src/api/ehr-issuer.ts';
