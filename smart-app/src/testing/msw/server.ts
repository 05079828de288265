import { setupServer } from 'msw/node';
import { ehrFhirHandlers } from './handlers/ehr-fhir.ts';
import { liveEventHandlers } from './handlers/live-events.ts';
import { proxyHandlers } from './handlers/proxy.ts';
import { specialistHandlers } from './handlers/specialist-proxy.ts';

/** The test network: the EHR's FHIR API and the Curbside proxy. Tests add overrides with `server.use()`. */
export const server = setupServer(...ehrFhirHandlers(), ...proxyHandlers, ...specialistHandlers, ...liveEventHandlers);
