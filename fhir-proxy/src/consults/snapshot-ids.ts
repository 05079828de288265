import type { FhirClient } from '../fhir/fhir-client.ts';

/**
 * The consult store's Patient snapshot id per EHR patient (`iss` + EHR patient id), once known. A
 * snapshot is made once (a conditional create on the identifier naming the EHR record) and keeps its
 * id, so once found it need not be searched for again: a consult list is then one store search, not
 * two in a row, and a consult read needs no search to decide access. Only ids are kept, never patient
 * data; only positive answers (a patient without a snapshot yet gets one with their first consult);
 * at most `capacity` patients, the least recently used dropped first. Per proxy instance: a miss
 * after a restart or on another instance just costs the search again.
 */
export class SnapshotIds {
  readonly #capacity: number;
  readonly #ids = new Map<string, string>();

  constructor(capacity = 10_000) {
    this.#capacity = Math.max(1, capacity);
  }

  /** The snapshot id for this EHR patient, if one has been remembered. */
  lookup(iss: string, patient: string): string | undefined {
    const key = keyOf(iss, patient);
    const id = this.#ids.get(key);
    if (id !== undefined) {
      // Most recently used last, so eviction takes the patient not seen for longest.
      this.#ids.delete(key);
      this.#ids.set(key, id);
    }
    return id;
  }

  /** Records the snapshot id found (or just written, e.g. by the submit path) for this EHR patient. */
  remember(iss: string, patient: string, id: string): void {
    const key = keyOf(iss, patient);
    this.#ids.delete(key);
    this.#ids.set(key, id);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.keys().next().value;
      if (oldest !== undefined) {
        this.#ids.delete(oldest);
      }
    }
  }

  /** Drops a remembered id that turned out wrong (the store was reset and the snapshot made anew). */
  forget(iss: string, patient: string): void {
    this.#ids.delete(keyOf(iss, patient));
  }

  get size(): number {
    return this.#ids.size;
  }
}

function keyOf(iss: string, patient: string): string {
  return `${iss}\n${patient}`;
}

// One per store client, i.e. per proxy instance (createDeps makes one store client), without a new dependency to wire.
const byStore = new WeakMap<FhirClient, SnapshotIds>();

/** The snapshot ids remembered for this consult store client. */
export function snapshotIdsFor(store: FhirClient): SnapshotIds {
  let ids = byStore.get(store);
  if (!ids) {
    ids = new SnapshotIds();
    byStore.set(store, ids);
  }
  return ids;
}
