// The one module that imports fhirclient. The package's `main` is its Node entry (a request/response
// adapter); the browser entry is what `FHIR.oauth2` and `FHIR.client` live on, in the build and under jsdom.
import FHIR from 'fhirclient/lib/entry/browser.js';
import type Client from 'fhirclient/lib/Client.js';

// State per launch, never one global key. By default fhirclient also records the current state's key
// under one well-known sessionStorage key (SMART_KEY) and strips `state` from the URL; ready() falls
// back to that key on a reload. Same-origin iframes in one tab share sessionStorage, so two charts side
// by side (or an EHR reusing a frame) overwrite each other's key and a reloaded frame comes back as the
// *other* patient: client-js #157/#202, Oracle Health's "session bleed" (fhir-landscape.md §2.3, §4, §8).
// With full support off, fhirclient keeps `state` in the URL (src/smart.ts ready(): "we MUST keep the
// `state` url parameter") and never writes SMART_KEY, so each frame finds its own launch on a reload.
FHIR.oauth2.settings.fullSessionStorageSupport = false;

export { FHIR };

/** A SMART-authorized FHIR client (fhirclient's `Client`). Feature code gets it from `useSmartClient()`. */
export type SmartClient = Client;

/** What `FHIR.oauth2.authorize()` accepts. */
export type SmartAuthorizeParams = Parameters<typeof FHIR.oauth2.authorize>[0];
