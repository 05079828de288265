import type { Resource } from 'fhir/r4';
import { validateUsCore } from '../fhir/r4.ts';
import type { ProxyDeps } from './deps.ts';

// Each EHR record (meta.source) is checked once per process: profile validation costs milliseconds per
// resource, and the gaps of a record do not change from one consult to the next.
const checkedSources = new Set<string>();

/**
 * Logs where what Curbside writes falls short of US Core. The gaps come from the EHR's own data (a
 * patient without a recorded sex); the consult still goes, and the log names the elements (never their
 * values) so an integrator can see what their EHR omits.
 * @see https://hl7.org/fhir/us/core/STU5.0.1/
 */
export function reportUsCoreGaps(deps: Pick<ProxyDeps, 'logger'>, resources: readonly Resource[]): void {
  for (const resource of resources) {
    const source = resource.meta?.source;
    if (source && checkedSources.has(source)) {
      continue;
    }
    if (source && checkedSources.size < 100_000) {
      checkedSources.add(source);
    }
    const issues = validateUsCore(resource);
    if (issues?.length) {
      deps.logger.info('fhir.us-core-gap', { resourceType: resource.resourceType, elements: issues.flatMap((i) => i.expression ?? []).join(',') });
    }
  }
}
