import type { AllergyIntolerance, AuditEvent, Bundle, BundleEntry, CapabilityStatement, Condition, FhirResource, HealthcareService, MedicationRequest, Patient, Practitioner } from 'fhir/r4';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createApp } from '../app.ts';
import type { IssuerConfigInput } from '../auth/issuers.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { withStoredReferences } from '../consults/write-to-store.ts';
import { createDeps } from '../create-deps.ts';
import { silentLogger } from '../lib/logger.ts';

export const EHR = 'https://ehr.test/fhir/R4';
export const STORE = 'https://store.test/fhir/R4';
export const INTROSPECT = 'https://ehr.test/auth/introspect';
export const GOOD_TOKEN = 'good-token';
/** Introspects as directory specialist `spec-1` (store Practitioner); OUTSIDER_TOKEN as `spec-none`. */
export const SPECIALIST_TOKEN = 'specialist-token';
export const OUTSIDER_TOKEN = 'outsider-token';
export const PATIENT_ID = 'pat-1';
/** What introspection says GOOD_TOKEN grants: chart reads, and creating the EHR copies of a consult. */
export const GRANTED_SCOPE = 'launch openid fhirUser patient/*.rs user/ServiceRequest.c user/Communication.c';

export const patient = { resourceType: 'Patient', id: PATIENT_ID, name: [{ given: ['Rosa'], family: 'Delgado' }], gender: 'female', birthDate: '1961-04-02', identifier: [{ system: 'http://sandbox-ehr.curbside.test/mrn', value: 'MRN-1' }] } satisfies Patient;
export const practitioner = { resourceType: 'Practitioner', id: 'pcp-1', name: [{ prefix: ['Dr.'], given: ['Maya'], family: 'Chen' }] } satisfies Practitioner;
export const condition = { resourceType: 'Condition', id: 'cond-ckd', subject: { reference: `Patient/${PATIENT_ID}` }, code: { text: 'Chronic kidney disease stage 3a' }, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] } } satisfies Condition;
export const allergy = { resourceType: 'AllergyIntolerance', id: 'allergy-pcn', patient: { reference: `Patient/${PATIENT_ID}` }, criticality: 'high', code: { text: 'Penicillin' }, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] } } satisfies AllergyIntolerance;
export const medication = { resourceType: 'MedicationRequest', id: 'med-metformin', status: 'active', intent: 'order', subject: { reference: `Patient/${PATIENT_ID}` }, medicationCodeableConcept: { text: 'Metformin 500 mg' }, requester: { reference: 'Practitioner/pcp-1' }, reasonReference: [{ reference: 'Condition/cond-ckd' }] } satisfies MedicationRequest;
export const pool = { resourceType: 'HealthcareService', id: 'pool-nephrology', active: true, name: 'Nephrology eConsult', specialty: [{ coding: [{ system: 'http://snomed.info/sct', code: '394589003', display: 'Nephrology' }], text: 'Nephrology' }] } satisfies HealthcareService;

const chart: FhirResource[] = [condition, allergy, medication];

export function searchset(resources: FhirResource[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) };
}

/** The EHR as the proxy sees it: discovery, introspection (only GOOD_TOKEN is active), reads and `_id` searches. */
export function ehrHandlers(): HttpHandler[] {
  return [
    http.get(`${EHR}/.well-known/smart-configuration`, () => HttpResponse.json({ issuer: 'https://ehr.test/auth', token_endpoint: 'https://ehr.test/auth/token', introspection_endpoint: INTROSPECT, jwks_uri: 'https://ehr.test/auth/jwks' })),
    http.post(INTROSPECT, async ({ request }) => {
      const token = new URLSearchParams(await request.text()).get('token');
      const exp = Math.floor(Date.now() / 1000) + 600;
      if (token === SPECIALIST_TOKEN || token === OUTSIDER_TOKEN) {
        // A specialist's standalone sign-in: no patient, fhirUser in the consult store's directory.
        return HttpResponse.json({ active: true, scope: 'openid fhirUser', fhirUser: `${STORE}/Practitioner/${token === SPECIALIST_TOKEN ? 'spec-1' : 'spec-none'}`, aud: EHR, exp });
      }
      return HttpResponse.json(token === GOOD_TOKEN ? { active: true, scope: GRANTED_SCOPE, patient: PATIENT_ID, fhirUser: `${EHR}/Practitioner/pcp-1`, aud: EHR, exp } : { active: false });
    }),
    http.get(`${EHR}/Patient/${PATIENT_ID}`, () => HttpResponse.json(patient)),
    http.get(`${EHR}/Practitioner/pcp-1`, () => HttpResponse.json(practitioner)),
    http.get(`${EHR}/:type`, ({ params, request }) => {
      const url = new URL(request.url);
      const ids = (url.searchParams.get('_id') ?? '').split(',');
      const patientParam = url.searchParams.get('patient');
      return HttpResponse.json(searchset(chart.filter((r) => r.resourceType === params.type && ids.includes(r.id ?? '') && patientParam === PATIENT_ID)));
    }),
  ];
}

/** AuditEvents the test store has been sent (by id, as the proxy PUTs them); cleared by the tests that read it. */
export const audits = new Map<string, AuditEvent>();
/**
 * The store's CapabilityStatement: transactions and batches, and Task offered (create, update, search)
 * unless `tasks` is false; `system` narrows the system interactions (`['batch']`: a store without transactions).
 */
export function storeMetadata(tasks = true, system: readonly ('transaction' | 'batch')[] = ['transaction', 'batch']): HttpHandler {
  const spec = { interactions: ['read', 'create', 'update', 'search-type'], conditionalCreate: true, searchParams: ['identifier'] };
  const types = Object.fromEntries(['ServiceRequest', 'Communication', ...(tasks ? ['Task'] : [])].map((type) => [type, spec]));
  return http.get(`${STORE}/metadata`, () => HttpResponse.json(capabilityStatement({ system, types })));
}

/** The store taking the proxy's AuditEvents (`PUT AuditEvent/<request id>`), kept in `audits`. */
export function auditHandler(): HttpHandler {
  return http.put(`${STORE}/AuditEvent/:id`, async ({ request, params }) => {
    const event = (await request.json()) as AuditEvent;
    audits.set(String(params.id), event);
    return HttpResponse.json(event, { status: 201 });
  });
}

/**
 * A consult store that records the transactions it is sent and answers them as created (or replayed),
 * each entry stored as `<type>/stored-<position>` with the Bundle's `urn:uuid` references pointing there,
 * as a FHIR server rewrites them. `stored` changes what it answers (a consult stored earlier by someone else).
 */
export function storeHandlers(posted: Bundle[], options: { replay?: boolean; stored?: (resource: FhirResource) => FhirResource } = {}): HttpHandler[] {
  return [
    storeMetadata(),
    auditHandler(),
    http.get(`${STORE}/HealthcareService/${pool.id}`, () => HttpResponse.json(pool)),
    http.post(STORE, async ({ request }) => {
      const bundle = (await request.json()) as Bundle;
      posted.push(bundle);
      const locations = new Map((bundle.entry ?? []).map((e, i) => [e.fullUrl ?? '', `${e.resource?.resourceType}/stored-${i}`]));
      const entry: BundleEntry[] = (bundle.entry ?? []).map((e, i) => {
        const resource = withStoredReferences({ ...(e.resource as FhirResource), id: `stored-${i}` }, locations);
        return { resource: options.stored?.(resource) ?? resource, response: { status: options.replay ? '200 OK' : '201 Created', location: `${resource.resourceType}/stored-${i}/_history/1` } };
      });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry });
    }),
  ];
}

/** The proxy's dependencies wired to the msw upstreams; `issuer` adds per-issuer settings (write-back, audRequired…), `overrides` swaps deps (the clock…). */
export function testDeps(issuer: Partial<IssuerConfigInput> = {}, overrides: Partial<ProxyDeps> = {}): ProxyDeps {
  return createDeps(
    { storeUrl: STORE, appOrigins: ['https://app.test'], timeoutMs: 2_000, issuers: [{ iss: EHR, clientId: 'curbside-app', introspection: { clientId: 'curbside-proxy', clientSecret: 'test-secret' }, ...issuer }] },
    {
      logger: silentLogger,
      uuid: (() => { let n = 0; return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`; })(),
      retry: { deadlineMs: 1_500, baseDelayMs: 5, maxDelayMs: 20 },
      ...overrides,
    },
  );
}

/** The proxy wired to the msw upstreams (pass `deps` from `testDeps` to reach its audit writer). */
export function testApp(issuer: Partial<IssuerConfigInput> = {}, deps: ProxyDeps = testDeps(issuer)) {
  return createApp(deps);
}

export function authHeaders(token = GOOD_TOKEN, iss = EHR): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'X-Curbside-Iss': iss, 'Content-Type': 'application/json' };
}

/** A small CapabilityStatement: the system interactions and, per type, its interactions (and conditional create). */
export function capabilityStatement(options: { system: readonly ('transaction' | 'batch')[]; types?: Readonly<Record<string, { interactions: readonly string[]; conditionalCreate?: boolean; searchParams?: readonly string[] }>> }): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        interaction: options.system.map((code) => ({ code })),
        resource: Object.entries(options.types ?? {}).map(([type, spec]) => ({
          type,
          interaction: spec.interactions.map((code) => ({ code: code as 'read' })),
          conditionalCreate: spec.conditionalCreate ?? false,
          searchParam: (spec.searchParams ?? []).map((name) => ({ name, type: 'token' as const })),
        })),
      },
    ],
  };
}
