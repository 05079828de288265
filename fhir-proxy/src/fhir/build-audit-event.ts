import type { AuditEvent, AuditEventEntity, Reference } from 'fhir/r4';
import { parseFhirUser } from '../auth/launch-context.ts';
import { ehrSystem, userIdentifier } from './identifiers.ts';

export interface AuditParts {
  /** The request's id; also the AuditEvent's id, so writing it twice stores it once. */
  readonly requestId: string;
  readonly recorded: string;
  /** The EHR the caller came from, their fhirUser there, and the patient of their launch. */
  readonly iss: string;
  readonly fhirUser: string;
  readonly patient: string | undefined;
  readonly method: string;
  /** A call that only reads, whatever its method (a POST that checks chart items): action R. */
  readonly readOnly?: boolean;
  /** A POST that changes what is stored (a claim): action U. */
  readonly update?: boolean;
  /** The API route as declared (`GET /consults/:id`), never the raw URL. */
  readonly route: string;
  readonly status: number;
  /** Store references the request read or wrote (`ServiceRequest/123`); a `Patient/` one is recorded in the patient's role. */
  readonly entities: readonly string[];
}

const ACTIONS: Readonly<Record<string, AuditEvent['action']>> = { GET: 'R', HEAD: 'R', POST: 'C', PUT: 'U', PATCH: 'U', DELETE: 'D' };
const INTERACTIONS: Readonly<Record<string, string>> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';

/**
 * One API call as an AuditEvent: who (the EHR user, by their fhirUser), for which patient (the launch
 * patient, by EHR id), what (the route and the resources it touched) and the outcome. It names people
 * by identifiers only: the audit log holds no names or birth dates.
 * @see https://hl7.org/fhir/R4/auditevent.html
 */
export function buildAuditEvent(parts: AuditParts): AuditEvent {
  const user = parseFhirUser(parts.fhirUser);
  const who: Reference = {
    reference: parts.fhirUser,
    ...(user ? { identifier: userIdentifier(parts.iss, parts.fhirUser, user) } : {}),
  };
  const patient: AuditEventEntity[] = parts.patient
    ? [
        {
          what: { reference: `${parts.iss}/Patient/${parts.patient}`, identifier: { system: ehrSystem(parts.iss, 'Patient'), value: parts.patient } },
          type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
          role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
        },
      ]
    : [];
  // A specialist has no launch patient: the consult store's snapshot of each patient they saw is named instead.
  const data: AuditEventEntity[] = parts.entities.map((reference) =>
    reference.startsWith('Patient/')
      ? { what: { reference }, type: { system: ENTITY_TYPE, code: '1', display: 'Person' }, role: { system: OBJECT_ROLE, code: '1', display: 'Patient' } }
      : { what: { reference }, type: { system: ENTITY_TYPE, code: '2', display: 'System Object' }, role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' } },
  );
  const method = parts.update ? 'PUT' : parts.method;
  return {
    resourceType: 'AuditEvent',
    id: parts.requestId,
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [
      { system: 'http://hl7.org/fhir/restful-interaction', code: (parts.readOnly ? undefined : INTERACTIONS[method]) ?? (parts.route.includes('/:') ? 'read' : 'search-type') },
      { system: 'https://curbside.health/fhir/CodeSystem/api-route', code: parts.route },
    ],
    action: parts.readOnly ? 'R' : (ACTIONS[method] ?? 'E'),
    recorded: parts.recorded,
    outcome: parts.status < 400 ? '0' : parts.status < 500 ? '4' : '8',
    outcomeDesc: `HTTP ${parts.status}`,
    agent: [
      { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser', display: 'human user' }] }, who, requestor: true },
      { type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110153', display: 'Source Role ID' }] }, who: { display: 'Curbside proxy' }, requestor: false },
    ],
    source: { site: 'Curbside', observer: { display: 'Curbside proxy' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity: [...patient, ...data],
  } satisfies AuditEvent;
}
