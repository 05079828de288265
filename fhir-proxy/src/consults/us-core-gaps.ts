import { createHash } from 'node:crypto';
import type { Resource } from 'fhir/r4';
import { validateUsCore } from '../fhir/r4.ts';
import type { Logger } from '../lib/logger.ts';

/** A resource read from the EHR, and what the proxy built from it for the consult store. */
export interface BuiltFrom {
  readonly original: Resource;
  readonly built: Resource;
}

export interface UsCoreGapOptions {
  /** How the check is put off until the response has gone; tests run it at once. */
  readonly defer?: (run: () => void) => void;
  /** Distinct EHR resources remembered as checked (then the memory starts over). */
  readonly remember?: number;
}

/**
 * Logs where the EHR's own data falls short of US Core (a patient without a recorded sex), naming the
 * elements, never their values, so an integrator can see what their EHR omits; the consult goes
 * regardless. Medplum's profile validator parses the profile on every call (about 9 ms per resource,
 * more than the rest of a submission: `npm run bench`), so the check runs after the response has been
 * sent, and once per distinct EHR content per process: the same chart item shared again has the same
 * gaps, already logged.
 * @see https://hl7.org/fhir/us/core/STU5.0.1/
 */
export function usCoreGapReporter(logger: Logger, options: UsCoreGapOptions = {}): (items: readonly BuiltFrom[]) => void {
  const checked = new Set<string>();
  const remember = options.remember ?? 10_000;
  const defer = options.defer ?? ((run) => void setImmediate(run));
  return (items) => {
    const fresh = items.filter(({ original, built }) => {
      const key = `${built.resourceType}:${createHash('sha256').update(JSON.stringify(original)).digest('base64url')}`;
      if (checked.has(key)) {
        return false;
      }
      if (checked.size >= remember) {
        checked.clear();
      }
      checked.add(key);
      return true;
    });
    if (fresh.length === 0) {
      return;
    }
    defer(() => {
      for (const { built } of fresh) {
        const issues = validateUsCore(built);
        if (issues?.length) {
          logger.info('fhir.us-core-gap', { resourceType: built.resourceType, elements: issues.flatMap((i) => i.expression ?? []).join(',') });
        }
      }
    });
  };
}
