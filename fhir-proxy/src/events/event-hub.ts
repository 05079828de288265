import type { ServiceRequest } from 'fhir/r4';
import type { ConsultEvent } from '../api/events.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { storeKeepsTasks } from '../consults/workflow-support.ts';
import { ChangeFeed, type StoreChange, type WatchedType } from './change-feed.ts';

/** A connected client: who may hear about which consult, and how to tell them. */
export interface EventListener {
  /** Decided on the consult's current ServiceRequest, with the same rules as the read endpoints. */
  matches(sr: ServiceRequest): boolean | Promise<boolean>;
  send(event: ConsultEvent): void;
}

/**
 * Fans the store's changes out to the connected clients allowed to see each consult. A Communication or
 * Task change is judged by its ServiceRequest (read once per batch, 100 ids per search), so every client
 * is authorised against the consult as it is now. Events carry ids only.
 */
export class EventHub {
  readonly #deps: ProxyDeps;
  readonly #feed: ChangeFeed;
  readonly #listeners = new Set<EventListener>();
  #subscription: { ready: Promise<void>; close(): void } | undefined;

  constructor(deps: ProxyDeps) {
    this.#deps = deps;
    this.#feed = new ChangeFeed({
      store: deps.store,
      logger: deps.logger,
      intervalMs: deps.changePollMs,
      types: async (): Promise<WatchedType[]> => ((await storeKeepsTasks(deps)) ? ['ServiceRequest', 'Communication', 'Task'] : ['ServiceRequest', 'Communication']),
    });
  }

  /** Connects a client; resolves once changes from now on will reach it. Call the returned function on disconnect. */
  async connect(listener: EventListener): Promise<() => void> {
    this.#listeners.add(listener);
    this.#subscription ??= this.#feed.subscribe((changes) => void this.#dispatch(changes));
    await this.#subscription.ready;
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#subscription?.close();
        this.#subscription = undefined;
      }
    };
  }

  get connections(): number {
    return this.#listeners.size;
  }

  async #dispatch(changes: readonly StoreChange[]): Promise<void> {
    try {
      const ids = [...new Set(changes.flatMap((c) => c.consultIds))];
      const consults = new Map<string, ServiceRequest>();
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        const bundle = await this.#deps.store.search<ServiceRequest>(`ServiceRequest?_id=${chunk.map(encodeURIComponent).join(',')}&_count=${chunk.length}`);
        for (const sr of (bundle.entry ?? []).flatMap((e) => (e.resource?.id ? [e.resource] : []))) {
          consults.set(sr.id ?? '', sr);
        }
      }
      for (const listener of [...this.#listeners]) {
        for (const change of changes) {
          for (const consultId of change.consultIds) {
            const sr = consults.get(consultId);
            if (sr && (await listener.matches(sr))) {
              listener.send({ consultId, resourceType: change.resourceType, at: change.at });
            }
          }
        }
      }
    } catch (err) {
      this.#deps.logger.error('events.dispatch-failed', { error: err instanceof Error ? err.name : 'unknown' });
    }
  }
}
