import type { Patient } from 'fhir/r4';
import { snapshotQuery } from '../fhir/build-snapshots.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';

/** Finds the store's Patient snapshot id for an EHR patient; `fresh` skips what is remembered. */
export type SnapshotIdFinder = (iss: string, patient: string, options?: { readonly fresh?: boolean }) => Promise<string | undefined>;

/**
 * The consult store's snapshot of an EHR patient is made once (a conditional create on the EHR's
 * identifier) and keeps its id, so once found the id is remembered and a consult list is one search,
 * not two in a row. An id, not patient data. A patient without a snapshot yet is not remembered (the
 * next consult makes one), and callers look again when the remembered snapshot lists nothing.
 */
export function snapshotIdFinder(store: FhirClient, remember = 10_000): SnapshotIdFinder {
  const known = new Map<string, string>();
  return async (iss, patient, options = {}) => {
    const key = `${iss}\n${patient}`;
    const cached = options.fresh ? undefined : known.get(key);
    if (cached) {
      return cached;
    }
    const bundle = await store.search<Patient>(`Patient?${snapshotQuery(iss, 'Patient', patient)}&_count=1`);
    const id = bundle.entry?.[0]?.resource?.id;
    if (id) {
      if (known.size >= remember) {
        known.clear();
      }
      known.set(key, id);
    } else {
      known.delete(key);
    }
    return id;
  };
}
