import type { Bundle, FhirResource, Observation } from 'fhir/r4';
import { http, passthrough } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { generateLargePatient, listSyntheaBundles, loadSyntheaBundle, recordResources, toBatchBundle } from '../../../../../fixtures/data/index.ts';
import { spawnFhirServer, type SpawnedFhirServer } from '../../../../../fixtures/sandbox/fhir-server/spawn-server.ts';
import { FHIR } from '../../../smart/fhirclient.ts';
import { server as msw } from '../../../testing/msw/server.ts';
import { sectionLoaders } from './load-patient-context.ts';

// The app's chart loader against a real FHIR server on 127.0.0.1 (Medplum engine, HAPI-like: pages
// capped at 500 whatever the app asks for, so the large patient's sections span many pages), with
// real-world-shaped Synthea patients and a generated patient of 10,000 Observations. Counts are checked against the bundles that were loaded.
// The server runs in its own Node process: jsdom's globals (AbortSignal) cannot host an HTTP server.
let fhir: SpawnedFhirServer;

beforeAll(async () => {
  fhir = await spawnFhirServer(['--hapi-like']);
});
afterAll(() => fhir.stop());
beforeEach(() => msw.use(http.all(`${new URL(fhir.baseUrl).origin}/*`, () => passthrough())));

async function load(bundle: Bundle): Promise<string> {
  // Like HAPI, the server answers a transaction with the written resources only when asked.
  const res = await fetch(fhir.baseUrl, { method: 'POST', headers: { 'content-type': 'application/fhir+json', prefer: 'return=representation' }, body: JSON.stringify(bundle) });
  const body = (await res.json()) as Bundle;
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
  const patient = body.entry?.map((e) => e.resource).find((r) => r?.resourceType === 'Patient');
  return patient?.id ?? '';
}

function readChart(patientId: string) {
  // No access token: like public HAPI, this server refuses any bearer token.
  const client = FHIR.client({ serverUrl: fhir.baseUrl, tokenResponse: { patient: patientId } });
  const loaders = sectionLoaders(client, patientId);
  const signal = new AbortController().signal;
  return Promise.all([loaders.labs(signal), loaders.vitals(signal), loaders.medications(signal)]);
}

const categoryOf = (o: Observation): string[] => (o.category ?? []).flatMap((c) => c.coding?.map((x) => x.code ?? '') ?? []);
const count = (groups: readonly { observations: readonly Observation[] }[]): number => groups.reduce((n, g) => n + g.observations.length, 0);

describe('reading a whole chart from a real FHIR server', () => {
  test('reads every page of a generated patient with 10,000 Observations', async () => {
    const record = generateLargePatient({ id: 'patient-loader-large', observationCount: 10_000, seed: 7 });
    const resources = recordResources(record);
    for (let i = 0; i < resources.length; i += 2000) {
      const res = await fetch(fhir.baseUrl, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(toBatchBundle(resources.slice(i, i + 2000))) });
      expect(res.status).toBe(200);
    }
    const observations = record.resources.filter((r): r is Observation => r.resourceType === 'Observation');
    const [labs, vitals] = await readChart(record.patient.id ?? '');
    expect(count(labs)).toBe(observations.filter((o) => categoryOf(o).includes('laboratory')).length);
    expect(count(vitals)).toBe(observations.filter((o) => categoryOf(o).includes('vital-signs')).length);
    expect(count(labs) + count(vitals)).toBeGreaterThanOrEqual(10_000);
  }, 120_000);

  // Yulanda554 comes from Synthea 2.2, written before R4 was final (Condition.clinicalStatus is a bare
  // code): a validating server rightly refuses it, so it is left out here.
  const synthea = listSyntheaBundles().filter((b) => b.kind === 'patient' && !b.name.startsWith('Yulanda554'));
  test('finds the Synthea bundles of the shared data where they are present', () => {
    // CI and developers have ../shared/data/synthea; a checkout without it lists none, and the next test then checks nothing.
    expect(synthea.length === 0 || synthea.length === 5).toBe(true);
  });

  test.each(synthea.map((b) => [b.name, b.path] as const))('reads every lab, vital and active medication of Synthea patient %s', async (_name, path) => {
    const bundle = loadSyntheaBundle(path);
    const patientId = await load(bundle);
    const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r);
    const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
    const [labs, vitals, meds] = await readChart(patientId);
    expect(count(labs)).toBe(observations.filter((o) => categoryOf(o).includes('laboratory')).length);
    expect(count(vitals)).toBe(observations.filter((o) => categoryOf(o).includes('vital-signs')).length);
    expect(meds).toHaveLength(resources.filter((r) => r.resourceType === 'MedicationRequest' && r.status === 'active').length);
  }, 120_000);
});
