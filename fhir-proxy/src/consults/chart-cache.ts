import { createHash } from 'node:crypto';
import type { FhirResource, OperationOutcomeIssue } from 'fhir/r4';
import type { LaunchContext } from '../auth/launch-context.ts';

/** A few minutes: long enough to write the question after ticking the items, short enough to stay the chart as seen. */
export const CHART_CACHE_TTL_MS = 5 * 60_000;
/** About 40 MB at most (resources of a few KB): a thousand sessions of ten items, or twenty of five hundred. */
export const CHART_CACHE_MAX_ENTRIES = 10_000;

/** A chart resource read from the EHR with the user's token, and the R4 verdict on what Curbside writes from it. */
export interface CheckedRead<T extends FhirResource> {
  readonly resource: T;
  /** R4 errors of the copy or snapshot Curbside builds from `resource`; empty when it is valid. */
  readonly issues: readonly OperationOutcomeIssue[];
}

/** One verified session's view of the cache. */
export interface ChartSession {
  get<T extends FhirResource>(resourceType: T['resourceType'], id: string): CheckedRead<T> | undefined;
  set<T extends FhirResource>(read: CheckedRead<T>): void;
}

export interface ChartCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Chart reads the proxy has made for a session, kept for a few minutes so that sending a consult need
 * not read again what the composer's check read moments before (routes/consults.ts). Every entry is
 * keyed by the verified launch it was read for (the EHR, the launch patient, the user and a hash of
 * their access token) and by `Type/id`: another token, user, patient or EHR is another session and
 * never sees it, so one session's cache can neither show nor send another's chart. Entries expire
 * `ttlMs` after they were read (reading again renews them); the oldest go first when the cache is
 * full. Nothing here is logged.
 */
export class ChartCache {
  readonly ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { read: CheckedRead<FhirResource>; until: number }>();

  constructor(options: ChartCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? CHART_CACHE_TTL_MS;
    this.#max = Math.max(1, options.maxEntries ?? CHART_CACHE_MAX_ENTRIES);
    this.#now = options.now ?? Date.now;
  }

  /** The cache as `launch` may use it. */
  session(launch: LaunchContext): ChartSession {
    const session = createHash('sha256').update([launch.iss, launch.patient, launch.fhirUser, launch.accessToken].join('\n')).digest('base64url');
    const keyOf = (type: string, id: string): string => `${session} ${type}/${id}`;
    return {
      get: <T extends FhirResource>(resourceType: T['resourceType'], id: string): CheckedRead<T> | undefined => {
        const key = keyOf(resourceType, id);
        const entry = this.#entries.get(key);
        if (!entry) {
          return undefined;
        }
        if (entry.until <= this.#now()) {
          this.#entries.delete(key);
          return undefined;
        }
        return entry.read.resource.resourceType === resourceType ? (entry.read as CheckedRead<T>) : undefined;
      },
      set: (read) => {
        const key = keyOf(read.resource.resourceType, read.resource.id ?? '');
        // Re-inserted at the end: the Map's order is then the order of expiry, oldest first.
        this.#entries.delete(key);
        this.#entries.set(key, { read, until: this.#now() + this.ttlMs });
        for (const oldest of this.#entries.keys()) {
          if (this.#entries.size <= this.#max) {
            break;
          }
          this.#entries.delete(oldest);
        }
      },
    };
  }

  /** Entries held, fresh or not yet swept (for tests and bounds). */
  get size(): number {
    return this.#entries.size;
  }
}
