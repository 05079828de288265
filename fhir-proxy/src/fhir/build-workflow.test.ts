import { describe, expect, test } from 'vitest';
import { consult, taskFor } from '../test/specialist-store.ts';
import { buildConsultTask, claimTask, completeTask, declineTask, progressTask, redirectTask } from './build-task.ts';
import { buildThreadMessage } from './build-thread-message.ts';
import { buildWorkflowTransaction, closeServiceRequest, reassignServiceRequest } from './build-workflow-transaction.ts';
import { OUTCOME_EXTENSION, SYSTEMS } from './identifiers.ts';
import { validateR4 } from './r4.ts';

const sr = consult();
const role = { reference: 'PractitionerRole/role-1', display: 'Dr. Ada Okoro' };
const now = '2026-11-20T10:00:00.000Z';
const task = buildConsultTask({ consultKey: 'k-1', serviceRequest: { reference: 'urn:uuid:sr' }, patient: sr.subject, requester: sr.requester ?? {}, owner: { reference: 'HealthcareService/pool-nephrology' }, priority: 'urgent', now });
const answer = buildThreadMessage({ kind: 'answer', key: 'k-answer', text: 'Start finerenone.', serviceRequest: { reference: 'ServiceRequest/sr-1' }, patient: sr.subject, sender: role, recipient: [sr.requester ?? {}], outcome: 'advice-only', now });

describe('workflow builders', () => {
  test('every Task state and thread message they build validates against FHIR R4', () => {
    const steps = [task, claimTask(task, role, now), progressTask(task, 'clarification-requested', now, role), progressTask(task, 'information-provided', now), declineTask(task, 'Refer in person.', role, now), redirectTask(task, { reference: 'HealthcareService/pool-cardiology' }, now), completeTask(task, { reference: 'Communication/a-1' }, 'advice-only', now)];
    for (const resource of [...steps, answer, reassignServiceRequest(sr, role), closeServiceRequest(sr, 'completed')]) {
      expect(validateR4(resource), `${resource.resourceType} ${'status' in resource ? resource.status : ''}`).toEqual([]);
    }
  });

  test('the consult Task is based on and focused on the ServiceRequest, requested, owned by the pool', () => {
    expect(task).toMatchObject({ status: 'requested', intent: 'order', basedOn: [{ reference: 'urn:uuid:sr' }], focus: { reference: 'urn:uuid:sr' }, owner: { reference: 'HealthcareService/pool-nephrology' }, identifier: [{ system: SYSTEMS.task, value: 'k-1' }] });
    expect(task.businessStatus?.text).toBe('Case submitted');
  });

  test('a decline before any work is rejected; after the specialist has asked the requester it is failed, both with the reason', () => {
    expect(declineTask(claimTask(task, role, now), 'Refer in person.', role, now)).toMatchObject({ status: 'rejected', statusReason: { text: 'Refer in person.' }, businessStatus: { text: expect.any(String) } });
    const asked = progressTask(claimTask(task, role, now), 'clarification-requested', now, role);
    expect(declineTask(asked, 'Needs an in-person exam.', role, now)).toMatchObject({ status: 'failed', statusReason: { text: 'Needs an in-person exam.' } });
  });

  test('a requester\'s reply changes the business status but not who has the Task', () => {
    const claimed = claimTask(task, role, now);
    expect(progressTask(claimed, 'information-provided', now)).toMatchObject({ status: 'accepted', owner: role, businessStatus: { text: 'More information provided' } });
  });

  test('the answer carries its outcome as a coded extension', () => {
    expect(answer.extension).toEqual([{ url: OUTCOME_EXTENSION, valueCodeableConcept: { coding: [expect.objectContaining({ code: 'advice-only' })], text: 'Advice only: no visit needed' } }]);
  });

  test('updates go with If-Match on the version read; messages are conditional creates on their key', () => {
    const bundle = buildWorkflowTransaction({ updates: [{ resource: closeServiceRequest(sr, 'completed'), readVersion: 'v7' }, { resource: taskFor(sr), readVersion: 't3' }], messages: [{ fullUrl: 'urn:uuid:answer', resource: answer }] });
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => [e.request?.method, e.request?.url, e.request?.ifMatch ?? e.request?.ifNoneExist])).toEqual([
      ['POST', 'Communication', `identifier=${encodeURIComponent(`${SYSTEMS.message}|k-answer`)}`],
      ['PUT', 'ServiceRequest/sr-1', 'W/"v7"'],
      ['PUT', 'Task/task-sr-1', 'W/"t3"'],
    ]);
    expect(bundle.entry?.[1]?.resource?.meta).toBeUndefined();
  });
});
