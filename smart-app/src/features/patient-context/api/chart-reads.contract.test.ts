import type { Bundle } from 'fhir/r4';
import { http, passthrough } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { generateLargePatient, recordResources, toBatchBundle } from '../../../../../fixtures/data/index.ts';
import { spawnFhirServer } from '../../../../../fixtures/sandbox/fhir-server/spawn-server.ts';
import { FHIR } from '../../../smart/fhirclient.ts';
import { server as msw } from '../../../testing/msw/server.ts';
import { sectionLoaders } from './load-patient-context.ts';

// What the app needs from an EHR's FHIR API to show a chart, checked with the app's own section
// loaders over HTTP. By default against the sandbox FHIR server in its HAPI-like mode (pages of at most
// 500) holding a generated patient of 2,400 Observations, so labs and vitals each span pages.
// `CONTRACT_EHR_URL=<FHIR base> CONTRACT_PATIENT_ID=<id> [CONTRACT_EHR_TOKEN=<bearer>] npm run contract`
// runs the same checks against any server and patient (public HAPI with a Synthea patient, an EHR
// sandbox with a token), reading only. The reference is the server's own count of each search
// (`_summary=count`): the app must read as many as the server says match, every page of them.
const external = process.env.CONTRACT_EHR_URL;
const token = process.env.CONTRACT_EHR_TOKEN;

/** The requests to this server go out for real (msw answers everything else in the app project). */
const passThrough = (baseUrl: string): void => msw.use(http.all(`${new URL(baseUrl).origin}/*`, () => passthrough()));

interface ChartServer {
  readonly baseUrl: string;
  readonly patientId: string;
  stop(): Promise<void>;
}

async function sandboxWithGeneratedPatient(): Promise<ChartServer> {
  const fhir = await spawnFhirServer(['--hapi-like']);
  passThrough(fhir.baseUrl);
  const record = generateLargePatient({ id: 'patient-chart-contract', observationCount: 2_400, seed: 11 });
  const resources = recordResources(record);
  for (let i = 0; i < resources.length; i += 1_000) {
    const res = await fetch(fhir.baseUrl, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(toBatchBundle(resources.slice(i, i + 1_000))) });
    expect(res.status).toBe(200);
  }
  return { baseUrl: fhir.baseUrl, patientId: record.patient.id ?? '', stop: () => fhir.stop() };
}

describe(`reading a chart from ${external ?? 'the sandbox FHIR server (HAPI-like)'}`, () => {
  let chart: ChartServer;
  beforeAll(async () => {
    chart = external ? { baseUrl: external.replace(/\/$/, ''), patientId: process.env.CONTRACT_PATIENT_ID ?? '', stop: async () => undefined } : await sandboxWithGeneratedPatient();
    expect(chart.patientId, 'CONTRACT_PATIENT_ID names the patient whose chart to read').not.toBe('');
  }, 120_000);
  afterAll(() => chart?.stop());
  beforeEach(() => passThrough(chart.baseUrl));

  const loaders = () => sectionLoaders(FHIR.client({ serverUrl: chart.baseUrl, tokenResponse: { patient: chart.patientId, ...(token ? { access_token: token } : {}) } }), chart.patientId);
  const signal = () => new AbortController().signal;
  /** How many resources the server says match a search (`_summary=count`). */
  async function serverCount(search: string): Promise<number> {
    const res = await fetch(`${chart.baseUrl}/${search}&_summary=count`, { headers: { accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    expect(res.status).toBe(200);
    const total = ((await res.json()) as Bundle).total;
    expect(total, `${search}: the server must report a total for _summary=count`).toEqual(expect.any(Number));
    return total ?? Number.NaN;
  }
  const patient = () => encodeURIComponent(chart.patientId);

  test('reads the patient of the launch', async () => {
    expect((await loaders().patient(signal())).id).toBe(chart.patientId);
  });

  test('reads as many labs and vitals as the server counts, every page of them', async () => {
    const { labs, vitals } = loaders();
    const read = async (load: typeof labs) => (await load(signal())).reduce((n, group) => n + group.observations.length, 0);
    expect(await read(labs)).toBe(await serverCount(`Observation?patient=${patient()}&category=laboratory`));
    expect(await read(vitals)).toBe(await serverCount(`Observation?patient=${patient()}&category=vital-signs`));
  }, 120_000);

  test('reads as many active medications as the server counts', async () => {
    expect(await loaders().medications(signal())).toHaveLength(await serverCount(`MedicationRequest?patient=${patient()}&status=active`));
  }, 60_000);

  test('reads no more problems and allergies than the server has for the patient', async () => {
    const { problems, allergies } = loaders();
    expect((await problems(signal())).length).toBeLessThanOrEqual(await serverCount(`Condition?patient=${patient()}&clinical-status=active`));
    expect((await allergies(signal())).length).toBeLessThanOrEqual(await serverCount(`AllergyIntolerance?patient=${patient()}`));
  }, 60_000);
});
