import { randomUUID } from 'node:crypto';
import type { Bundle, CapabilityStatement, FhirResource, HealthcareService, Patient, Practitioner } from 'fhir/r4';
import type { ConsultRequestInput, SharedItem } from '../../fhir-proxy/src/api/consult-input.ts';
import { supportsInteraction } from '../../fhir-proxy/src/api/fhir-capabilities.ts';
import { PATIENT_HEADER } from '../../fhir-proxy/src/api/headers.ts';
import type { SharedCheckInput } from '../../fhir-proxy/src/api/shared-check.ts';
import { buildConsultTransaction } from '../../fhir-proxy/src/fhir/build-consult-transaction.ts';
import { withProvenance } from '../../fhir-proxy/src/fhir/build-provenance.ts';
import type { ShareableResource } from '../../fhir-proxy/src/fhir/build-shared-copy.ts';
import { DEFAULT_EHR_USER_ID, ehrPatients, poolFor } from '../../fixtures/data/index.ts';
import type { Sandbox } from '../../fixtures/sandbox/sandbox.ts';
import { launchAs, proxyHeaders } from '../../fixtures/sandbox/testing/smart-launch.ts';

/** One physician's session with the proxy: the headers the app would send. */
export interface Session {
  readonly headers: Record<string, string>;
}

/** What parts 2 and 3 send: the same consult through the proxy and, built by the proxy's own builder, straight to the store. */
export interface ConsultFixture {
  readonly patientId: string;
  /** A fresh consult (new idempotency key) as the app sends it. */
  input(): ConsultRequestInput;
  /** The transaction the proxy's builder makes for `input`, without the Task and the Provenance the proxy adds (the reference used before). */
  bundle(input: ConsultRequestInput): Bundle;
  /**
   * What the proxy writes for `input`, entry for entry: the builder's transaction with the workflow Task
   * (when the store's CapabilityStatement offers Task, as the proxy decides) and the Provenance its store
   * client adds to every transaction.
   */
  bundleAsWritten(input: ConsultRequestInput): Bundle;
  /** What the composer sends to `POST /consults/shared-check` while the physician writes `input`. */
  sharedCheck(input: ConsultRequestInput): SharedCheckInput;
  /** A new SMART launch for this patient (a new physician session, a new token). */
  session(): Promise<Session>;
  /**
   * The reads the proxy makes before it can write `input` when nothing was checked beforehand: the patient and the requester from the
   * EHR, one search per shared type (scoped to the patient), and the pool from the store.
   */
  proxyReads(input: ConsultRequestInput, session: Session): readonly { readonly url: string; readonly headers: Record<string, string> }[];
}

export const BENCH_USER = `Practitioner/${DEFAULT_EHR_USER_ID}`;

/**
 * A consult about a cast patient to the nephrology pool, sharing what a physician typically shares:
 * the reason's Condition, every allergy, the active medications and the three latest labs.
 */
export async function consultFixture(sandbox: Sandbox, storeUrl: string, patientIndex = 0): Promise<ConsultFixture> {
  const record = ehrPatients[patientIndex];
  if (!record?.patient.id) {
    throw new Error(`No cast patient at index ${patientIndex}`);
  }
  const patientId = record.patient.id;
  const of = <T extends FhirResource['resourceType']>(type: T): Extract<FhirResource, { resourceType: T }>[] =>
    record.resources.filter((r): r is Extract<FhirResource, { resourceType: T }> => r.resourceType === type);
  const reason = of('Condition')[0];
  const sharedResources: ShareableResource[] = [
    ...of('AllergyIntolerance'),
    ...of('MedicationRequest').filter((m) => m.status === 'active'),
    ...of('Observation').slice(-3),
  ];
  const shared: SharedItem[] = sharedResources.map((r) => ({ type: r.resourceType, id: r.id ?? '' }));
  const pool = poolFor('nephrology');
  const service = (await (await fetch(`${storeUrl}/HealthcareService/${pool.id}`)).json()) as HealthcareService;
  const specialty = service.specialty?.[0];
  if (!specialty) {
    throw new Error('The nephrology pool has no specialty in the store');
  }
  const statement = (await (await fetch(`${storeUrl}/metadata`)).json()) as CapabilityStatement;
  const withTask = (['create', 'update', 'search-type'] as const).every((code) => supportsInteraction(statement, 'Task', code));
  const requester = (await sandbox.ehr.repo.readResource('Practitioner', DEFAULT_EHR_USER_ID)) as unknown as Practitioner;
  const ehrPatient = (await sandbox.ehr.repo.readResource('Patient', patientId)) as unknown as Patient;
  const build = (input: ConsultRequestInput, task: boolean): Bundle =>
    buildConsultTransaction({
      input,
      iss: sandbox.ehrFhirUrl,
      ehrPatient,
      requesterId: DEFAULT_EHR_USER_ID,
      ehrRequester: requester,
      shared: reason ? [...sharedResources, reason] : sharedResources,
      target: { reference: `HealthcareService/${pool.id}`, display: service.name ?? 'Nephrology', specialty },
      now: new Date().toISOString(),
      uuid: randomUUID,
      withTask: task,
    });
  return {
    patientId,
    input: () => ({
      idempotencyKey: randomUUID(),
      target: { kind: 'pool', healthcareServiceId: pool.id },
      question: 'eGFR has fallen to the mid-30s with potassium 5.3 on an ACE inhibitor. Add finerenone, or refer? (bench)',
      urgency: 'urgent',
      ...(reason?.id ? { reasonConditionId: reason.id } : { reasonText: 'Falling eGFR' }),
      shared,
    }),
    bundle: (input) => build(input, false),
    bundleAsWritten: (input) => withProvenance(build(input, withTask), { iss: sandbox.ehrFhirUrl, fhirUser: `${sandbox.ehrFhirUrl}/${BENCH_USER}` }, new Date().toISOString(), randomUUID),
    sharedCheck: (input) => ({ shared: input.shared, ...(input.reasonConditionId ? { reasonConditionId: input.reasonConditionId } : {}) }),
    proxyReads: (input, session) => {
      const ehr = { Authorization: session.headers.Authorization ?? '', Accept: 'application/fhir+json' };
      const byType = new Map<string, string[]>();
      for (const item of [...input.shared, ...(input.reasonConditionId ? [{ type: 'Condition', id: input.reasonConditionId }] : [])]) {
        byType.set(item.type, [...(byType.get(item.type) ?? []), item.id]);
      }
      return [
        { url: `${sandbox.ehrFhirUrl}/Patient/${patientId}`, headers: ehr },
        { url: `${sandbox.ehrFhirUrl}/Practitioner/${DEFAULT_EHR_USER_ID}`, headers: ehr },
        ...[...byType].map(([type, ids]) => ({ url: `${sandbox.ehrFhirUrl}/${type}?${new URLSearchParams({ _id: ids.join(','), patient: patientId, _count: String(ids.length) })}`, headers: ehr })),
        { url: `${storeUrl}/HealthcareService/${pool.id}`, headers: { Accept: 'application/fhir+json' } },
      ];
    },
    session: async () => {
      const token = await launchAs(sandbox, { patient: patientId, fhirUser: BENCH_USER });
      return { headers: { ...proxyHeaders(sandbox, token), [PATIENT_HEADER]: patientId } };
    },
  };
}

/** POSTs JSON and reads the whole answer; throws on an unexpected status so a broken run never passes for a fast one. */
export async function postJson(url: string, body: unknown, headers: Record<string, string>, expected: readonly number[]): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return text.length;
}

/** GETs and reads the whole answer; returns the body's length in bytes. */
export async function getText(url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { headers });
  const body = await response.arrayBuffer();
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
  }
  return body.byteLength;
}
