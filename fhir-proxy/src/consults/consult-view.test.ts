import type { Communication, Task } from 'fhir/r4';
import { describe, expect, test } from 'vitest';
import { buildThreadMessage } from '../fhir/build-thread-message.ts';
import { claimTask, declineTask, progressTask } from '../fhir/build-task.ts';
import { consult, question, taskFor } from '../test/specialist-store.ts';
import type { ConsultRecord } from './consult-record.ts';
import { consultState, toThreadMessage } from './consult-view.ts';

const sr = consult();
const role = { reference: 'PractitionerRole/role-1', display: 'Dr. Ada Okoro' };
const at = (minutes: number): string => new Date(Date.UTC(2026, 10, 20, 9, minutes)).toISOString();
const message = (kind: Parameters<typeof buildThreadMessage>[0]['kind'], minutes: number, sender = role): Communication =>
  ({ ...buildThreadMessage({ kind, key: `${kind}-${minutes}`, text: kind, serviceRequest: { reference: `ServiceRequest/${sr.id}` }, patient: sr.subject, sender, recipient: [], now: at(minutes) }), id: `m-${minutes}` });
const record = (messages: Communication[], task?: Task, status: 'active' | 'completed' | 'revoked' = 'active'): ConsultRecord => ({ sr: { ...sr, status }, messages: [question(sr), ...messages], task });

describe('where a consult is', () => {
  test('follows the Task when the store keeps one', () => {
    const task = taskFor(sr);
    expect(consultState(record([], task))).toBe('submitted');
    expect(consultState(record([], claimTask(task, role, at(1))))).toBe('accepted');
    expect(consultState(record([], progressTask(claimTask(task, role, at(1)), 'clarification-requested', at(2))))).toBe('clarification-requested');
    expect(consultState(record([], declineTask(task, 'not for us', role, at(1))))).toBe('declined');
  });

  test('without a Task, replays the thread: claim, question, reply', () => {
    const requester = { reference: 'Practitioner/req-1', display: 'Dr. Maya Chen' };
    expect(consultState(record([message('claim', 1)]))).toBe('accepted');
    expect(consultState(record([message('claim', 1), message('clarification-request', 2)]))).toBe('clarification-requested');
    expect(consultState(record([message('claim', 1), message('clarification-request', 2), message('reply', 3, requester)]))).toBe('information-provided');
    expect(consultState(record([message('reply', 3, requester)]))).toBe('submitted');
    expect(consultState(record([message('claim', 1), message('redirect', 2)]))).toBe('submitted');
  });

  test('a closed ServiceRequest decides, whatever the Task says', () => {
    expect(consultState(record([], taskFor(sr), 'completed'))).toBe('answered');
    expect(consultState(record([], taskFor(sr), 'revoked'))).toBe('declined');
  });

  test('a thread message says who wrote it, its kind and its outcome', () => {
    const answer = { ...buildThreadMessage({ kind: 'answer', key: 'a', text: 'No visit needed.', serviceRequest: { reference: 'ServiceRequest/sr-1' }, patient: sr.subject, sender: role, recipient: [], outcome: 'see-specialty', inResponseTo: { reference: 'Communication/m-2' }, now: at(5) }), id: 'a-1' };
    expect(toThreadMessage(answer)).toEqual({ id: 'a-1', kind: 'answer', from: 'specialist', senderName: 'Dr. Ada Okoro', text: 'No visit needed.', sentAt: at(5), inResponseTo: 'm-2', outcome: 'see-specialty' });
    expect(toThreadMessage(question(sr))).toMatchObject({ kind: 'question', from: 'requester', outcome: undefined });
  });
});
