import type { Bundle, FhirResource, Patient, Provenance, ServiceRequest, Communication } from 'fhir/r4';
import { SYSTEMS } from '../../fhir-proxy/src/fhir/identifiers.ts';

/** How many times each thing a consult writes is in the store, read straight from it (no faults). */
export interface StoreCensus {
  /** ServiceRequests per consult idempotency key. */
  readonly consults: ReadonlyMap<string, { count: number; ids: string[] }>;
  /** Question Communications per consult key. */
  readonly questions: ReadonlyMap<string, number>;
  /** Provenance resources per ServiceRequest id. */
  readonly provenance: ReadonlyMap<string, number>;
  /** Patient snapshots per EHR patient id. */
  readonly snapshots: ReadonlyMap<string, number>;
}

async function all<T extends FhirResource>(storeUrl: string, query: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = `${storeUrl}/${query}`;
  while (next) {
    const page = (await (await fetch(next)).json()) as Bundle<T>;
    out.push(...(page.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
    next = page.link?.find((l) => l.relation === 'next')?.url;
  }
  return out;
}

const tally = <K,>(map: Map<K, number>, key: K): void => void map.set(key, (map.get(key) ?? 0) + 1);

export async function takeCensus(storeUrl: string, ehrFhirUrl: string): Promise<StoreCensus> {
  const [srs, comms, provs, patients] = await Promise.all([
    all<ServiceRequest>(storeUrl, 'ServiceRequest?_count=1000'),
    all<Communication>(storeUrl, 'Communication?_count=1000'),
    all<Provenance>(storeUrl, 'Provenance?_count=1000'),
    all<Patient>(storeUrl, 'Patient?_count=1000'),
  ]);
  const consults = new Map<string, { count: number; ids: string[] }>();
  for (const sr of srs) {
    const key = sr.identifier?.find((i) => i.system === SYSTEMS.consult)?.value;
    if (key) {
      const entry = consults.get(key) ?? { count: 0, ids: [] };
      consults.set(key, { count: entry.count + 1, ids: [...entry.ids, sr.id ?? ''] });
    }
  }
  const questions = new Map<string, number>();
  for (const c of comms) {
    const value = c.identifier?.find((i) => i.system === SYSTEMS.message)?.value;
    if (value?.endsWith('/question')) {
      tally(questions, value.slice(0, -'/question'.length));
    }
  }
  const provenance = new Map<string, number>();
  for (const p of provs) {
    for (const t of p.target.filter((r) => r.reference?.startsWith('ServiceRequest/'))) {
      tally(provenance, t.reference?.slice('ServiceRequest/'.length) ?? '');
    }
  }
  const snapshots = new Map<string, number>();
  for (const p of patients) {
    const ehrId = p.identifier?.find((i) => i.system === `${ehrFhirUrl}/Patient`)?.value;
    if (ehrId) {
      tally(snapshots, ehrId);
    }
  }
  return { consults, questions, provenance, snapshots };
}
