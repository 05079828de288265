import type { Bundle, Communication, FhirResource, ServiceRequest } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import type { EhrRecordItem } from '../api/ehr-record.ts';
import { allergy, authHeaders, capabilityStatement, condition, EHR, ehrHandlers, GOOD_TOKEN, INTROSPECT, PATIENT_ID, pool, storeHandlers, testApp } from '../test/upstream.ts';
import { grantsCreate } from './write-back-to-ehr.ts';

// The EHR as Epic documents it (create, no conditional create, no identifier search) or as Oracle Health
// does (Communication create only; ServiceRequest read/search): fhir-landscape.md §3–4.
const EPIC = capabilityStatement({ system: [], types: { ServiceRequest: { interactions: ['create', 'read', 'search-type', 'update'] }, Communication: { interactions: ['create', 'read', 'search-type'] } } });
const ORACLE = capabilityStatement({ system: ['batch'], types: { ServiceRequest: { interactions: ['read', 'search-type'] }, Communication: { interactions: ['create', 'read', 'search-type', 'patch'] } } });

const created: { resource: FhirResource; authorization: string | null; ifNoneExist: string | null }[] = [];
function ehrWith(statement: ReturnType<typeof capabilityStatement>, status = 201) {
  return [
    http.get(`${EHR}/metadata`, () => HttpResponse.json(statement)),
    http.post(`${EHR}/:type`, async ({ request, params }) => {
      if (status !== 201) {
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }, { status });
      }
      const resource = { ...((await request.json()) as FhirResource), id: `ehr-${String(params.type).toLowerCase()}-${created.length + 1}` } as FhirResource;
      created.push({ resource, authorization: request.headers.get('authorization'), ifNoneExist: request.headers.get('if-none-exist') });
      return HttpResponse.json(resource, { status: 201 });
    }),
  ];
}

const posted: Bundle[] = [];
const server = setupServer(...storeHandlers(posted), ...ehrHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  created.length = 0;
  posted.length = 0;
});
afterAll(() => server.close());

const input: ConsultRequestInput = {
  idempotencyKey: '9c8b7a6f-5e4d-4c3b-8a2f-1e0d9c8b7a6f',
  target: { kind: 'pool', healthcareServiceId: pool.id },
  question: 'Rising creatinine after starting an ARB: is this expected or should I stop it?',
  urgency: 'asap',
  reasonConditionId: condition.id,
  shared: [{ type: 'AllergyIntolerance', id: allergy.id }],
};
async function send(app: ReturnType<typeof testApp>): Promise<{ status: number; ehr: EhrRecordItem[] }> {
  const res = await app.request('/consults', { method: 'POST', headers: authHeaders(), body: JSON.stringify(input) });
  return { status: res.status, ehr: ((await res.json()) as { ehr: EhrRecordItem[] }).ehr };
}

describe('writing the consult into the EHR', () => {
  test('an EHR not set up for write-back is not contacted beyond the reads', async () => {
    const { status, ehr } = await send(testApp());
    expect(status).toBe(201);
    expect(ehr).toEqual([]);
    expect(created).toEqual([]);
  });

  test('an Epic-like EHR gets the ServiceRequest and a message based on it, with the user\'s token and no If-None-Exist', async () => {
    server.use(...ehrWith(EPIC));
    const { status, ehr } = await send(testApp({ vendor: 'epic', writeBack: { serviceRequest: true, communication: 'message' } }));
    expect(status).toBe(201);
    expect(ehr.map((i) => [i.resourceType, i.status])).toEqual([['ServiceRequest', 'written'], ['Communication', 'written']]);
    const [sr, message] = created.map((c) => c.resource) as [ServiceRequest, Communication];
    expect(sr.subject.reference).toBe(`Patient/${PATIENT_ID}`);
    expect(sr.requester?.reference).toBe('Practitioner/pcp-1');
    expect(sr.reasonReference?.[0]?.reference).toBe(`Condition/${condition.id}`);
    expect(sr.supportingInfo?.map((r) => r.reference)).toEqual([`AllergyIntolerance/${allergy.id}`, `Condition/${condition.id}`]);
    expect(sr.identifier?.[0]?.value).toBe(input.idempotencyKey);
    expect(message.basedOn?.[0]?.reference).toBe(`ServiceRequest/${sr.id}`);
    expect(message.payload?.[0]?.contentString).toBe(input.question);
    expect(created.every((c) => c.authorization === `Bearer ${GOOD_TOKEN}` && c.ifNoneExist === null)).toBe(true);
  });

  test('an Oracle Health-like EHR gets only the strict notification; its ServiceRequest is reported as not offered', async () => {
    server.use(...ehrWith(ORACLE));
    const { ehr } = await send(testApp({ vendor: 'oracle-health', writeBack: { serviceRequest: true, communication: 'notification' } }));
    expect(ehr.map((i) => [i.resourceType, i.status])).toEqual([['ServiceRequest', 'not-offered'], ['Communication', 'written']]);
    expect(created).toHaveLength(1);
    const note = created[0]?.resource as Communication;
    expect(note).toMatchObject({ status: 'completed', priority: 'urgent', subject: { reference: `Patient/${PATIENT_ID}` }, sender: { reference: 'Practitioner/pcp-1' }, recipient: [{ reference: 'Practitioner/pcp-1' }] });
    expect(note.category?.[0]?.coding?.[0]?.code).toBe('notification');
    expect(note.payload).toHaveLength(1);
    // The text is UTF-8 (a question may say "µg" or "≥"); a bare text/plain would mean US-ASCII (RFC 2046 §4.1.2).
    expect(note.payload?.[0]?.contentAttachment?.contentType).toBe('text/plain; charset=utf-8');
    expect(Buffer.from(note.payload?.[0]?.contentAttachment?.data ?? '', 'base64').toString('utf8')).toContain(input.question);
    expect(note.identifier).toBeUndefined();
  });

  test('a consult sent again does not file a second copy where the EHR cannot be asked whether it has one', async () => {
    server.use(...ehrWith(ORACLE), ...storeHandlers(posted, { replay: true }));
    const { status, ehr } = await send(testApp({ writeBack: { communication: 'notification' } }));
    expect(status).toBe(200);
    expect(ehr).toEqual([{ resourceType: 'Communication', status: 'not-repeated' }]);
    expect(created).toEqual([]);
  });

  test('a token without the create scope is not used to write', async () => {
    server.use(
      ...ehrWith(EPIC),
      http.post(INTROSPECT, () => HttpResponse.json({ active: true, scope: 'launch openid fhirUser patient/*.rs', patient: PATIENT_ID, fhirUser: `${EHR}/Practitioner/pcp-1`, aud: EHR })),
    );
    const { ehr } = await send(testApp({ writeBack: { serviceRequest: true, communication: 'message' } }));
    expect(ehr.map((i) => i.status)).toEqual(['not-permitted', 'not-permitted']);
    expect(created).toEqual([]);
  });

  test('an EHR that fails the write still leaves the consult sent', async () => {
    server.use(...ehrWith(EPIC, 500));
    const { status, ehr } = await send(testApp({ writeBack: { serviceRequest: true, communication: 'none' } }));
    expect(status).toBe(201);
    expect(posted).toHaveLength(1);
    expect(ehr).toEqual([{ resourceType: 'ServiceRequest', status: 'failed' }]);
  });
});

describe('grantsCreate', () => {
  test('reads SMART v2 and v1 create permissions, and nothing else', () => {
    expect(grantsCreate('user/Communication.c', 'Communication')).toBe(true);
    expect(grantsCreate('user/Communication.crus', 'Communication')).toBe(true);
    expect(grantsCreate('user/*.write', 'ServiceRequest')).toBe(true);
    expect(grantsCreate('patient/Communication.rs user/ServiceRequest.c', 'Communication')).toBe(false);
    expect(grantsCreate('user/Communication.read', 'Communication')).toBe(false);
  });
});
