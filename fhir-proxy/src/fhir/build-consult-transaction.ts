import type { Bundle, BundleEntry, FhirResource, Patient, Practitioner, Reference } from 'fhir/r4';
import type { ConsultRequestInput } from '../api/consult-input.ts';
import { buildQuestionCommunication, questionKey } from './build-communication.ts';
import { buildServiceRequest, type ResolvedTarget } from './build-service-request.ts';
import { buildSharedCopy, sharedCopyKey, type ShareableResource } from './build-shared-copy.ts';
import { buildConsultTask } from './build-task.ts';
import { buildPatientSnapshot, buildPractitionerSnapshot, snapshotQuery } from './build-snapshots.ts';
import { formatHumanName } from './human-name.ts';
import { SYSTEMS } from './identifiers.ts';

export interface ConsultTransactionParts {
  readonly input: ConsultRequestInput;
  readonly iss: string;
  readonly ehrPatient: Patient;
  readonly requesterId: string;
  readonly ehrRequester: Practitioner | undefined;
  readonly shared: readonly ShareableResource[];
  readonly target: ResolvedTarget;
  readonly now: string;
  readonly uuid: () => string;
  /** Add the workflow Task (when the store keeps Tasks; see consults/workflow-support.ts). */
  readonly withTask?: boolean;
}

/**
 * One transaction that writes a whole consult or nothing: the patient and requester snapshots, the
 * shared copies, the ServiceRequest, the question Communication and (where the store keeps Tasks) the
 * workflow Task. Every entry is a conditional create on an identifier, so the same request sent twice
 * resolves to the first write (all 200s).
 * @see https://hl7.org/fhir/R4/http.html#trules
 */
export function buildConsultTransaction(parts: ConsultTransactionParts): Bundle {
  const { input, iss } = parts;
  const key = input.idempotencyKey;
  const urn = (): string => `urn:uuid:${parts.uuid()}`;
  const patientUrl = urn();
  const requesterUrl = urn();
  const srUrl = urn();

  const local = new Map<string, string>([[`Patient/${parts.ehrPatient.id}`, patientUrl]]);
  const sharedUrls = parts.shared.map((resource) => {
    const url = urn();
    local.set(`${resource.resourceType}/${resource.id}`, url);
    return url;
  });
  const patient: Reference = { reference: patientUrl, display: formatHumanName(parts.ehrPatient.name) };
  const requester: Reference = { reference: requesterUrl, display: formatHumanName(parts.ehrRequester?.name) };
  const reasonUrl = input.reasonConditionId ? local.get(`Condition/${input.reasonConditionId}`) : undefined;

  const entries: BundleEntry[] = [
    conditional(patientUrl, buildPatientSnapshot(parts.ehrPatient, iss), snapshotQuery(iss, 'Patient', parts.ehrPatient.id ?? '')),
    conditional(requesterUrl, buildPractitionerSnapshot(iss, parts.requesterId, parts.ehrRequester), snapshotQuery(iss, 'Practitioner', parts.requesterId)),
    ...parts.shared.map((resource, i) =>
      conditional(sharedUrls[i] ?? urn(), buildSharedCopy(resource, { iss, consultKey: key, local }), byIdentifier(SYSTEMS.sharedCopy, sharedCopyKey(key, resource.resourceType, resource.id ?? ''))),
    ),
    conditional(
      srUrl,
      buildServiceRequest({
        input,
        target: parts.target,
        patient,
        requester,
        reason: reasonUrl ? { reference: reasonUrl } : undefined,
        supportingInfo: sharedUrls.map((reference) => ({ reference })),
        now: parts.now,
      }),
      byIdentifier(SYSTEMS.consult, key),
    ),
    // The Task before the question: a store without transactions gets the entries in this order, and the
    // question written last is what tells a first write from a replay (consults/submit-consult.ts).
    ...(parts.withTask
      ? [
          conditional(
            urn(),
            buildConsultTask({
              consultKey: key,
              serviceRequest: { reference: srUrl },
              patient,
              requester,
              owner: { reference: parts.target.reference, display: parts.target.display },
              priority: input.urgency,
              now: parts.now,
            }),
            byIdentifier(SYSTEMS.task, key),
          ),
        ]
      : []),
    conditional(
      urn(),
      buildQuestionCommunication({
        consultKey: key,
        question: input.question,
        urgency: input.urgency,
        serviceRequest: { reference: srUrl },
        patient,
        sender: requester,
        recipient: { reference: parts.target.reference, display: parts.target.display },
        now: parts.now,
      }),
      byIdentifier(SYSTEMS.message, questionKey(key)),
    ),
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

function conditional(fullUrl: string, resource: FhirResource, ifNoneExist: string): BundleEntry {
  return { fullUrl, resource, request: { method: 'POST', url: resource.resourceType, ifNoneExist } };
}

function byIdentifier(system: string, value: string): string {
  return `identifier=${encodeURIComponent(`${system}|${value}`)}`;
}
