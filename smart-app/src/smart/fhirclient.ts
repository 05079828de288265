// The one module that imports fhirclient. The package's `main` is its Node entry (a request/response
// adapter); the browser entry is what `FHIR.oauth2` and `FHIR.client` live on, in the build and under jsdom.
import FHIR from 'fhirclient/lib/entry/browser.js';
import type Client from 'fhirclient/lib/Client.js';

export { FHIR };

/** A SMART-authorized FHIR client (fhirclient's `Client`). Feature code gets it from `useSmartClient()`. */
export type SmartClient = Client;

/** What `FHIR.oauth2.authorize()` accepts. */
export type SmartAuthorizeParams = Parameters<typeof FHIR.oauth2.authorize>[0];
