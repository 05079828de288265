import type { Bundle, BundleEntry, Communication, FhirResource, HealthcareService, Practitioner, PractitionerRole, ServiceRequest, Task } from 'fhir/r4';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { CODES, MESSAGE_CATEGORIES } from '../fhir/identifiers.ts';
import { auditHandler, pool, searchset, STORE } from './upstream.ts';

// A consult store for the specialist routes' unit tests: specialist spec-1 answers from the nephrology
// pool; consult sr-1 waits in that pool with its question and Task; sr-other is another pool's.
export const specialistPractitioner = { resourceType: 'Practitioner', id: 'spec-1', active: true, name: [{ prefix: ['Dr.'], given: ['Ada'], family: 'Okoro' }] } satisfies Practitioner;
export const specialistRole = { resourceType: 'PractitionerRole', id: 'role-1', active: true, practitioner: { reference: 'Practitioner/spec-1' }, specialty: pool.specialty, healthcareService: [{ reference: `HealthcareService/${pool.id}` }] } satisfies PractitionerRole;
export const otherPool = { ...pool, id: 'pool-cardiology', name: 'Cardiology eConsult', specialty: [{ coding: [{ system: 'http://snomed.info/sct', code: '394579002' }], text: 'Cardiology' }] } satisfies HealthcareService;

export function consult(id = 'sr-1', performer = `HealthcareService/${pool.id}`): ServiceRequest & { id: string } {
  return {
    resourceType: 'ServiceRequest', id, meta: { versionId: 'v1' }, status: 'active', intent: 'order', priority: 'urgent',
    category: [{ coding: [CODES.econsultCategory] }], subject: { reference: 'Patient/snap-1' }, authoredOn: '2026-11-20T08:00:00.000Z',
    requester: { reference: 'Practitioner/req-1', display: 'Dr. Maya Chen' }, performerType: pool.specialty[0], performer: [{ reference: performer, display: 'Nephrology eConsult' }],
  };
}

export function taskFor(sr: ServiceRequest & { id: string }): Task {
  return { resourceType: 'Task', id: `task-${sr.id}`, meta: { versionId: 't1' }, status: 'requested', intent: 'order', basedOn: [{ reference: `ServiceRequest/${sr.id}` }], focus: { reference: `ServiceRequest/${sr.id}` }, owner: sr.performer?.[0] };
}

export function question(sr: ServiceRequest & { id: string }): Communication {
  return { resourceType: 'Communication', id: `q-${sr.id}`, status: 'completed', basedOn: [{ reference: `ServiceRequest/${sr.id}` }], category: [{ coding: [MESSAGE_CATEGORIES.question] }], sent: sr.authoredOn, sender: sr.requester, recipient: sr.performer, payload: [{ contentString: 'Should I stop metformin?' }] };
}

export interface StoreOptions {
  /** Offer Task in the CapabilityStatement (default true). */
  readonly tasks?: boolean;
  /** System interactions the CapabilityStatement lists (default transaction and batch). */
  readonly systemInteractions?: readonly ('transaction' | 'batch')[];
  /** Answer every transaction with 412: this specialist wrote first to the consult (the store now holds it claimed by them). */
  readonly staleBecause?: { readonly performer: string; readonly display: string };
  readonly consults?: readonly (ServiceRequest & { id: string })[];
}

/** The store as the specialist routes see it; every transaction it is sent is pushed to `posted`. */
export function specialistStoreHandlers(posted: Bundle[], options: StoreOptions = {}): HttpHandler[] {
  const tasks = options.tasks ?? true;
  let consults = options.consults ?? [consult(), consult('sr-other', `HealthcareService/${otherPool.id}`)];
  const interaction = ['read', 'create', 'update', 'search-type'].map((code) => ({ code }));
  return [
    auditHandler(),
    http.get(`${STORE}/metadata`, () => HttpResponse.json({ resourceType: 'CapabilityStatement', status: 'active', date: '2026-11-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], rest: [{ mode: 'server', resource: ['ServiceRequest', 'Communication', ...(tasks ? ['Task'] : [])].map((type) => ({ type, interaction })), interaction: (options.systemInteractions ?? ['transaction', 'batch']).map((code) => ({ code })) }] })),
    http.get(`${STORE}/PractitionerRole`, ({ request }) => {
      const practitioner = new URL(request.url).searchParams.get('practitioner');
      return HttpResponse.json(searchset(practitioner === 'Practitioner/spec-1' ? [specialistRole, specialistPractitioner, pool] : []));
    }),
    http.get(`${STORE}/HealthcareService/:id`, ({ params }) => HttpResponse.json([pool, otherPool].find((p) => p.id === params.id) ?? {}, { status: [pool, otherPool].some((p) => p.id === params.id) ? 200 : 404 })),
    http.get(`${STORE}/Communication`, () => HttpResponse.json(searchset([]))),
    http.get(`${STORE}/Patient/:id`, () => HttpResponse.json({ resourceType: 'Patient', id: 'snap-1', name: [{ given: ['Rosa'], family: 'Delgado' }] })),
    http.get(`${STORE}/ServiceRequest`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const subject = params.get('subject');
      const found = consults.filter((sr) => sr.id === params.get('_id') && (!subject || sr.subject.reference === subject));
      const extra: FhirResource[] = found.flatMap((sr) => [question(sr), ...(tasks ? [taskFor(sr)] : [])]);
      return HttpResponse.json({ ...searchset(found), entry: [...(searchset(found).entry ?? []), ...extra.map((resource) => ({ resource, search: { mode: 'include' as const } }))] });
    }),
    http.post(STORE, async ({ request }) => {
      const bundle = (await request.json()) as Bundle;
      posted.push(bundle);
      const winner = options.staleBecause;
      if (winner) {
        consults = consults.map((sr) => ({ ...sr, meta: { versionId: 'v2' }, performer: [{ reference: winner.performer, display: winner.display }] }));
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', details: { text: 'Precondition Failed' } }] }, { status: 412 });
      }
      const entry: BundleEntry[] = (bundle.entry ?? []).map((e, i) => ({ resource: { ...(e.resource as FhirResource), id: e.resource?.id ?? `written-${i}` }, response: { status: e.request?.method === 'PUT' ? '200 OK' : '201 Created' } }));
      return HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry });
    }),
  ];
}
