import type { Reference, Task } from 'fhir/r4';
import type { Urgency } from '../api/consult-input.ts';
import type { ConsultOutcome } from '../api/consult-summary.ts';
import { BUSINESS_STATUSES, CODES, OUTCOMES, SYSTEMS, type BusinessStatus } from './identifiers.ts';

export interface ConsultTaskParts {
  readonly consultKey: string;
  readonly serviceRequest: Reference;
  readonly patient: Reference;
  readonly requester: Reference;
  /** The pool (HealthcareService) or the named specialist (PractitionerRole), as on ServiceRequest.performer. */
  readonly owner: Reference;
  readonly priority: Urgency;
  readonly now: string;
}

/**
 * The consult's workflow Task, in the spirit of BSeR's referral Task and CA:eReC's "process request"
 * Task: `basedOn` and `focus` the ServiceRequest, `owner` who has it now, `status` the FHIR task state
 * (requested → accepted → in-progress → completed, or rejected) and `businessStatus` the e-consult
 * state that FHIR's status cannot say (clarification requested, consult provided).
 * @see https://hl7.org/fhir/R4/task.html
 * @see https://hl7.org/fhir/us/bser/
 */
export function buildConsultTask(parts: ConsultTaskParts): Task {
  return {
    resourceType: 'Task',
    identifier: [{ system: SYSTEMS.task, value: parts.consultKey }],
    basedOn: [parts.serviceRequest],
    status: 'requested',
    businessStatus: business('submitted'),
    intent: 'order',
    priority: parts.priority,
    code: { coding: [CODES.fulfill], text: 'Answer the e-consult' },
    focus: parts.serviceRequest,
    for: parts.patient,
    authoredOn: parts.now,
    lastModified: parts.now,
    requester: parts.requester,
    owner: parts.owner,
  } satisfies Task;
}

/** A specialist takes the consult: accepted, and theirs. */
export function claimTask(task: Task, owner: Reference, now: string): Task {
  return { ...task, status: 'accepted', businessStatus: business('accepted'), owner, lastModified: now };
}

/**
 * A message moved the consult on. The specialist's clarifying question puts the Task in progress (and
 * makes a named specialist its owner); the requester's reply only changes the business status.
 */
export function progressTask(task: Task, businessStatus: 'clarification-requested' | 'information-provided', now: string, owner?: Reference): Task {
  const status = businessStatus === 'clarification-requested' ? 'in-progress' : task.status;
  return { ...task, status, businessStatus: business(businessStatus), ...(owner ? { owner } : {}), lastModified: now };
}

/**
 * Declined, with the specialist's reason. R4's `rejected` is a decision made "prior to performing any
 * action" (so from requested or accepted); once the specialist has started (asked the requester, so the
 * Task is in progress) the work stops as `failed`, as the CH UMZH Connect IG models a fulfiller who
 * accepted and then could not complete. Either way the business status says "declined".
 * @see https://hl7.org/fhir/R4/codesystem-task-status.html
 * @see https://fhir.ch/ig/ch-umzh-connect/workflow-states.html
 */
export function declineTask(task: Task, reason: string, owner: Reference, now: string): Task {
  const status = task.status === 'in-progress' ? 'failed' : 'rejected';
  return { ...task, status, statusReason: { text: reason }, businessStatus: business('declined'), owner, lastModified: now };
}

/**
 * Withdrawn by the requesting physician, with their reason: `cancelled`, R4's "no longer needed" for a
 * Task whose request the placer revoked (the placer owns the request's status; the Task follows it).
 * @see https://hl7.org/fhir/R4/codesystem-task-status.html
 */
export function withdrawTask(task: Task, reason: string, now: string): Task {
  return { ...task, status: 'cancelled', statusReason: { text: reason }, businessStatus: business('withdrawn'), lastModified: now };
}

/** Redirected to another specialty: back to requested, owned by that specialty's pool. */
export function redirectTask(task: Task, pool: Reference, now: string): Task {
  return { ...task, status: 'requested', businessStatus: business('redirected'), owner: pool, lastModified: now };
}

/** Answered: completed, with the answer and its coded outcome as outputs. */
export function completeTask(task: Task, answer: Reference, outcome: ConsultOutcome, now: string): Task {
  return {
    ...task,
    status: 'completed',
    businessStatus: business('consult-provided'),
    lastModified: now,
    output: [
      { type: { text: 'Consult answer' }, valueReference: answer },
      { type: { text: 'Consult outcome' }, valueCodeableConcept: { coding: [OUTCOMES[outcome]], text: OUTCOMES[outcome].display } },
    ],
  };
}

function business(code: BusinessStatus): NonNullable<Task['businessStatus']> {
  return { coding: [BUSINESS_STATUSES[code]], text: BUSINESS_STATUSES[code].display };
}

/** The Task's business status code, if it is one of ours. */
export function businessStatusOf(task: Task | undefined): BusinessStatus | undefined {
  const code = task?.businessStatus?.coding?.find((c) => c.system === BUSINESS_STATUSES.submitted.system)?.code;
  return Object.keys(BUSINESS_STATUSES).find((k) => k === code) as BusinessStatus | undefined;
}
