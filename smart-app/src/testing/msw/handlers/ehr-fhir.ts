import type { Bundle, CapabilityStatement, CodeableConcept, DocumentReference, FhirResource, Observation, OperationOutcome, Resource } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import { chartX, EHR_BASE } from '../../fixtures.ts';

/** What the test EHR holds for one patient. */
export interface EhrChart {
  readonly patient: FhirResource & { readonly id: string };
  readonly conditions: readonly FhirResource[];
  readonly medications: readonly FhirResource[];
  readonly allergies: readonly FhirResource[];
  readonly labs: readonly Observation[];
  readonly vitals: readonly Observation[];
}

export function operationOutcome(text: string, code: OperationOutcome['issue'][number]['code'] = 'exception'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] };
}

/**
 * A searchset page of `resources`, with a `next` link (`_page=n+1` on the request URL) while more remain,
 * the way a FHIR server pages a search. @see https://hl7.org/fhir/R4/http.html#paging
 */
export function searchPage(resources: readonly Resource[], requestUrl: URL, pageSize: number): Bundle {
  const page = Number(requestUrl.searchParams.get('_page') ?? '1');
  const slice = resources.slice((page - 1) * pageSize, page * pageSize);
  const link: Bundle['link'] = [{ relation: 'self', url: requestUrl.href }];
  if (page * pageSize < resources.length) {
    const next = new URL(requestUrl);
    next.searchParams.set('_page', String(page + 1));
    link.push({ relation: 'next', url: next.href });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link,
    entry: slice.map((resource) => ({ fullUrl: `${EHR_BASE}/${resource.resourceType}/${resource.id ?? ''}`, resource: resource as FhirResource, search: { mode: 'match' } })),
  };
}

function unauthorized(request: Request): HttpResponse<OperationOutcome> | undefined {
  return request.headers.get('Authorization') === 'Bearer test'
    ? undefined
    : HttpResponse.json(operationOutcome('missing or wrong bearer token', 'login'), { status: 401 });
}

function hasCode(concept: CodeableConcept | undefined, code: string | null): boolean {
  return code === null || (concept?.coding?.some((c) => c.code === code) ?? false);
}

function newestFirst(resources: readonly Observation[], url: URL): readonly Observation[] {
  const date = (o: Observation): string => o.effectiveDateTime ?? o.effectivePeriod?.start ?? '';
  return url.searchParams.get('_sort') === '-date' ? [...resources].sort((a, b) => date(b).localeCompare(date(a))) : resources;
}

/** Notes the app filed in the test EHR, with the If-None-Exist header each was sent with; cleared after each test. */
export const ehrWrites = {
  notes: [] as { resource: DocumentReference; ifNoneExist: string | null }[],
  /** What the test EHR's CapabilityStatement offers for DocumentReference. */
  documentReference: { create: true, conditionalCreate: true },
  reset(): void {
    this.notes = [];
    this.documentReference = { create: true, conditionalCreate: true };
  },
};

function capabilityStatement(): CapabilityStatement {
  const { create, conditionalCreate } = ehrWrites.documentReference;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{ mode: 'server', resource: [{ type: 'DocumentReference', conditionalCreate, interaction: [{ code: 'read' }, { code: 'search-type' }, ...(create ? [{ code: 'create' as const }] : [])] }] }],
  };
}

/**
 * Serves each chart's searches the way the app asks for them (`clinical-status`, `status`, `category`
 * and `_sort=-date` honoured), `pageSize` results per page.
 */
export function ehrFhirHandlers(charts: readonly EhrChart[] = [chartX], pageSize = 50): HttpHandler[] {
  const chartFor = (url: URL): EhrChart | undefined => charts.find((c) => c.patient.id === url.searchParams.get('patient'));
  const search = (path: string, pick: (chart: EhrChart, url: URL) => readonly Resource[]): HttpHandler =>
    http.get(`${EHR_BASE}/${path}`, ({ request }) => {
      const url = new URL(request.url);
      const chart = chartFor(url);
      return unauthorized(request) ?? HttpResponse.json(searchPage(chart ? pick(chart, url) : [], url, pageSize));
    });
  return [
    http.get(`${EHR_BASE}/metadata`, () => HttpResponse.json(capabilityStatement())),
    http.post(`${EHR_BASE}/DocumentReference`, async ({ request }) => {
      const resource = (await request.json()) as DocumentReference;
      ehrWrites.notes.push({ resource, ifNoneExist: request.headers.get('If-None-Exist') });
      return unauthorized(request) ?? HttpResponse.json({ ...resource, id: `doc-${ehrWrites.notes.length}` }, { status: 201 });
    }),
    search('DocumentReference', () => ehrWrites.notes.map((n, i) => ({ ...n.resource, id: `doc-${i + 1}` }))),
    http.get(`${EHR_BASE}/Patient/:id`, ({ request, params }) => {
      const chart = charts.find((c) => c.patient.id === params.id);
      return (
        unauthorized(request) ??
        (chart ? HttpResponse.json(chart.patient) : HttpResponse.json(operationOutcome('no such patient', 'not-found'), { status: 404 }))
      );
    }),
    search('Condition', (chart, url) =>
      chart.conditions.filter((c) => c.resourceType === 'Condition' && hasCode(c.clinicalStatus, url.searchParams.get('clinical-status'))),
    ),
    search('MedicationRequest', (chart, url) =>
      chart.medications.filter((m) => m.resourceType === 'MedicationRequest' && (url.searchParams.get('status') ?? m.status) === m.status),
    ),
    search('AllergyIntolerance', (chart) => chart.allergies),
    search('Observation', (chart, url) => newestFirst(url.searchParams.get('category') === 'vital-signs' ? chart.vitals : chart.labs, url)),
  ];
}

/** A search that fails with an OperationOutcome, for one resource type. */
export function failingSearch(resourceType: string, status = 500): HttpHandler {
  return http.get(`${EHR_BASE}/${resourceType}`, () => HttpResponse.json(operationOutcome('the search failed'), { status }));
}
