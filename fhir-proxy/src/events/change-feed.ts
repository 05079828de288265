import type { Bundle, FhirResource } from 'fhir/r4';
import type { FhirClient } from '../fhir/fhir-client.ts';
import type { Logger } from '../lib/logger.ts';
import { Problem } from '../lib/outcome.ts';
import { outsideRequest } from '../lib/request-context.ts';

export type WatchedType = 'ServiceRequest' | 'Communication' | 'Task';

/** Something about these consults changed in the store. */
export interface StoreChange {
  readonly resourceType: WatchedType;
  readonly consultIds: readonly string[];
  readonly at: string;
}

export interface ChangeFeedOptions {
  readonly store: FhirClient;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** The types to watch (Task only where the store keeps Tasks). */
  readonly types: () => Promise<readonly WatchedType[]>;
}

// Writes can become visible slightly out of timestamp order (a slow transaction commits after a faster
// one); looking back this far and remembering what was seen makes sure none is missed or sent twice.
const LOOK_BACK_MS = 2_000;
const PAGE = 100;
const MAX_PAGES_PER_TICK = 10;

/**
 * Learns of changes to consults from the store alone, so the proxy keeps no state shared between
 * instances: while at least one listener is subscribed, ONE loop per instance asks the store every
 * `intervalMs` for `_lastUpdated=ge<last seen − 2 s>` of each watched type, and hands what is new to the
 * listeners. It stops when the last listener leaves. The sandbox store (and Epic, Cerner) offer no FHIR
 * Subscription; HAPI does, so a Subscription-based feed can replace this loop behind the same interface.
 * @see https://hl7.org/fhir/R4/search.html#lastUpdated
 * @see https://hl7.org/fhir/R4/subscription.html
 */
export class ChangeFeed {
  readonly #options: ChangeFeedOptions;
  readonly #listeners = new Set<(changes: readonly StoreChange[]) => void>();
  readonly #cursor = new Map<WatchedType, { since: number; seen: Map<string, number> }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #ready: Promise<void> = Promise.resolve();

  constructor(options: ChangeFeedOptions) {
    this.#options = options;
  }

  /**
   * Adds a listener (starting the loop for the first one). `ready` resolves once the loop knows where
   * the store stands, so every change after it reaches the listener.
   */
  subscribe(listener: (changes: readonly StoreChange[]) => void): { readonly ready: Promise<void>; close(): void } {
    this.#listeners.add(listener);
    if (!this.#running) {
      this.#running = true;
      this.#cursor.clear();
      // The first subscriber's request starts the loop, but the loop outlives it: run outside that
      // request, or every later poll would inherit its deadline and fail once it passed.
      this.#ready = outsideRequest(() => this.#loop());
    }
    return {
      ready: this.#ready,
      close: () => {
        this.#listeners.delete(listener);
        if (this.#listeners.size === 0) {
          this.#running = false;
          clearTimeout(this.#timer);
        }
      },
    };
  }

  get listening(): boolean {
    return this.#running;
  }

  async #loop(): Promise<void> {
    if (!this.#running) {
      return;
    }
    try {
      const changes = await this.#poll();
      if (changes.length && this.#running) {
        this.#listeners.forEach((listener) => listener(changes));
      }
    } catch (err) {
      // The store may be down for a while; keep asking, listeners stay connected.
      this.#options.logger.error('events.poll-failed', { error: err instanceof Error ? err.name : 'unknown', status: err instanceof Problem ? err.status : undefined });
    }
    if (this.#running) {
      this.#timer = setTimeout(() => void this.#loop(), this.#options.intervalMs);
      this.#timer.unref?.();
    }
  }

  async #poll(): Promise<StoreChange[]> {
    const types = await this.#options.types();
    const changes: StoreChange[] = [];
    for (const type of types) {
      let cursor = this.#cursor.get(type);
      const starting = !cursor;
      if (!cursor) {
        cursor = await this.#start(type);
        this.#cursor.set(type, cursor);
      }
      let next: string | undefined = `${type}?_lastUpdated=ge${new Date(cursor.since - LOOK_BACK_MS).toISOString()}&_sort=_lastUpdated&_count=${PAGE}`;
      for (let page = 0; next && page < MAX_PAGES_PER_TICK; page++) {
        const bundle: Bundle<FhirResource> = await this.#options.store.search<FhirResource>(next);
        for (const resource of (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))) {
          const at = Date.parse(resource.meta?.lastUpdated ?? '');
          const key = `${resource.id}/${resource.meta?.versionId ?? at}`;
          if (Number.isNaN(at) || cursor.seen.has(key)) {
            continue;
          }
          cursor.seen.set(key, at);
          cursor.since = Math.max(cursor.since, at);
          const consultIds = consultIdsOf(resource);
          // The first read only learns what is already there: news is what changes after it.
          if (consultIds.length && !starting) {
            changes.push({ resourceType: type, consultIds, at: new Date(at).toISOString() });
          }
        }
        next = bundle.link?.find((l) => l.relation === 'next')?.url;
      }
      for (const [key, at] of cursor.seen) {
        if (at < cursor.since - LOOK_BACK_MS) {
          cursor.seen.delete(key);
        }
      }
    }
    return changes;
  }

  // Starts at the newest resource the store holds (the store's clock, not ours, which may differ).
  async #start(type: WatchedType): Promise<{ since: number; seen: Map<string, number> }> {
    const bundle = await this.#options.store.search<FhirResource>(`${type}?_sort=-_lastUpdated&_count=1`);
    const at = Date.parse(bundle.entry?.[0]?.resource?.meta?.lastUpdated ?? '');
    return { since: Number.isNaN(at) ? 0 : at, seen: new Map() };
  }
}

function consultIdsOf(resource: FhirResource): string[] {
  if (resource.resourceType === 'ServiceRequest') {
    return resource.id ? [resource.id] : [];
  }
  if (resource.resourceType === 'Communication' || resource.resourceType === 'Task') {
    return (resource.basedOn ?? []).flatMap((ref) => /^ServiceRequest\/([^/]+)$/.exec(ref.reference ?? '')?.[1] ?? []);
  }
  return [];
}
