// The specialist side's test data: a nephrologist, their queue and one consult with its shared packet.
import type { ConsultDetail, ProgrammeMetrics, QueueItem, SpecialistConsultDetail, SpecialistProfile } from '../lib/api-contract.ts';
import { diabetesProblem, hba1cResults, metforminOrder, penicillinAllergy } from './fixtures.ts';

export const SPECIALIST_USER = 'https://store.test/fhir/R4/Practitioner/spec-okafor';

export const specialistProfile = {
  practitionerId: 'spec-okafor',
  name: 'Dr. Chidi Okafor',
  roles: [{ id: 'role-nephro-okafor', specialties: ['394589003'] }],
  pools: [{ id: 'pool-nephrology', name: 'Nephrology e-consults' }],
  programmeLead: false,
} satisfies SpecialistProfile;

const HOUR = 3_600_000;

/** A queue row; `hoursAgo` sets when it was sent and its SLA due time (24 h target). */
export function queueItem(id: string, overrides: Partial<QueueItem> & { hoursAgo?: number } = {}): QueueItem {
  const { hoursAgo = 2, ...rest } = overrides;
  const sent = Date.now() - hoursAgo * HOUR;
  return {
    id,
    idempotencyKey: `key-${id}`,
    status: 'active',
    urgency: 'urgent',
    specialty: 'Nephrology',
    target: 'Nephrology e-consults',
    question: 'eGFR fell from 58 to 44 in a year on metformin: stop it, and refer?',
    authoredOn: new Date(sent).toISOString(),
    sharedCount: 4,
    state: 'submitted',
    outcome: undefined,
    lastSpecialistMessageAt: undefined,
    lastRequesterMessageAt: undefined,
    sla: { targetHours: 24, dueAt: new Date(sent + 24 * HOUR).toISOString(), overdue: hoursAgo > 24 },
    patientName: 'Rosa Delgado',
    claimable: true,
    ...rest,
  };
}

/** The requester's view of a consult: question, a clarification and its reply, then the answer. */
export function answeredConsult(id = 'sr-1'): ConsultDetail {
  const at = (hours: number): string => new Date(Date.UTC(2026, 10, 20, 8 + hours)).toISOString();
  return {
    ...queueItem(id),
    authoredOn: at(0),
    status: 'completed',
    state: 'answered',
    outcome: 'advice-only',
    target: 'Dr. Chidi Okafor',
    lastSpecialistMessageAt: at(5),
    lastRequesterMessageAt: at(3),
    requesterName: 'Dr. Maya Chen',
    reason: 'Chronic kidney disease stage 3A',
    note: undefined,
    messages: [
      { id: 'q-1', kind: 'question', from: 'requester', senderName: 'Dr. Maya Chen', text: 'eGFR fell from 58 to 44 in a year on metformin: stop it, and refer?', sentAt: at(0), inResponseTo: undefined, outcome: undefined },
      { id: 'c-1', kind: 'clarification-request', from: 'specialist', senderName: 'Dr. Chidi Okafor', text: 'What is the latest urine albumin-to-creatinine ratio?', sentAt: at(2), inResponseTo: undefined, outcome: undefined },
      { id: 'r-1', kind: 'reply', from: 'requester', senderName: 'Dr. Maya Chen', text: 'UACR 410 mg/g last month.', sentAt: at(3), inResponseTo: 'c-1', outcome: undefined },
      { id: 'a-1', kind: 'answer', from: 'specialist', senderName: 'Dr. Chidi Okafor', text: 'Reduce metformin to 500 mg twice daily; start an SGLT2 inhibitor. No visit needed.', sentAt: at(5), inResponseTo: undefined, outcome: 'advice-only' },
    ],
  };
}

/** The specialist's view of an open pool consult, with its packet. */
export function specialistConsult(id = 'sr-1', overrides: Partial<SpecialistConsultDetail> = {}): SpecialistConsultDetail {
  const detail = answeredConsult(id);
  return {
    ...detail,
    status: 'active',
    state: 'submitted',
    outcome: undefined,
    target: 'Nephrology e-consults',
    messages: detail.messages.slice(0, 1),
    patient: { name: 'Rosa Delgado', gender: 'female', birthDate: '1961-04-12' },
    packet: { allergies: [penicillinAllergy], medications: [metforminOrder], problems: [diabetesProblem], observations: [...hba1cResults] },
    mine: false,
    claimable: true,
    ...overrides,
  };
}

export const programmeMetrics = {
  generatedAt: '2026-11-21T10:00:00.000Z',
  total: 12,
  bySpecialty: [
    { specialty: 'Cardiology', total: 5, byState: { submitted: 1, accepted: 1, 'clarification-requested': 0, 'information-provided': 0, answered: 3, declined: 0, withdrawn: 0 } },
    { specialty: 'Nephrology', total: 7, byState: { submitted: 2, accepted: 0, 'clarification-requested': 1, 'information-provided': 0, answered: 2, declined: 1, withdrawn: 1 } },
  ],
  firstAnswerHours: { count: 7, median: 21, p90: 60.5 },
  resolvedWithoutVisit: { answered: 6, adviceOnly: 4, share: 4 / 6 },
  overdue: 2,
} satisfies ProgrammeMetrics;
