import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { OperationOutcome } from 'fhir/r4';
import { consultRequestInputSchema, ISSUER_HEADER } from '../../../lib/api-contract.ts';
import type { ConsultDetail, ConsultRequestInput, ConsultSummary, EhrRecordItem, SharedCheckInput, SharedCheckResult, SharedItemCheck } from '../../../lib/api-contract.ts';
import { directory, EHR_BASE, PROXY_BASE } from '../../fixtures.ts';
import { operationOutcome } from './ehr-fhir.ts';

/** What the test proxy has stored and received; cleared after each test. */
export const proxyStore = {
  consults: [] as ConsultSummary[],
  /** What POST /consults reports about the EHR copy (set per test). */
  ehr: [] as EhrRecordItem[],
  /** Every POST /consults body, in order (including refused ones). */
  received: [] as unknown[],
  /** GET /consults/:id answers from here (404 otherwise). */
  details: {} as Record<string, ConsultDetail>,
  /** Every POST /consults/:id/messages body, with the consult id. */
  replies: [] as { consultId: string; body: unknown }[],
  /** Every POST /consults/:id/withdraw body, with the consult id. */
  withdrawals: [] as { consultId: string; body: unknown }[],
  /** Every POST /consults/shared-check body, in order. */
  checks: [] as SharedCheckInput[],
  /** What the check says of particular items (`Type/id`); every other item is shareable. */
  unsendable: {} as Record<string, Pick<SharedItemCheck, 'status' | 'text'>>,
  reset(): void {
    this.checks = [];
    this.unsendable = {};
    this.consults = [];
    this.received = [];
    this.details = {};
    this.replies = [];
    this.withdrawals = [];
    this.ehr = [];
  },
};

function unauthorized(request: Request): HttpResponse<OperationOutcome> | undefined {
  const ok = request.headers.get('Authorization') === 'Bearer test' && request.headers.get(ISSUER_HEADER) === EHR_BASE;
  return ok ? undefined : HttpResponse.json(operationOutcome('Your session with the EHR has ended.', 'login'), { status: 401 });
}

function summary(input: ConsultRequestInput, n: number): ConsultSummary {
  const specialty = directory.specialties.find((s) => input.target.kind === 'pool' && s.poolId === input.target.healthcareServiceId);
  const specialist = directory.specialists.find((s) => input.target.kind === 'specialist' && s.practitionerRoleId === input.target.practitionerRoleId);
  return {
    id: `sr-${n}`,
    idempotencyKey: input.idempotencyKey,
    status: 'active',
    urgency: input.urgency,
    specialty: specialty?.display ?? 'Nephrology',
    target: specialty?.poolName ?? specialist?.name ?? 'unknown',
    question: input.question,
    authoredOn: new Date(Date.UTC(2026, 1, n)).toISOString(),
    sharedCount: input.shared.length,
    state: 'submitted',
    outcome: undefined,
    lastSpecialistMessageAt: undefined,
    lastRequesterMessageAt: undefined,
  };
}

/** The proxy's API as the contract describes it: 201 new, 200 for a known idempotency key, 400 OperationOutcome naming the field. */
export const proxyHandlers: HttpHandler[] = [
  http.get(`${PROXY_BASE}/directory`, ({ request }) => unauthorized(request) ?? HttpResponse.json(directory)),
  http.get(`${PROXY_BASE}/consults`, ({ request }) => unauthorized(request) ?? HttpResponse.json({ consults: proxyStore.consults })),
  http.get(`${PROXY_BASE}/consults/:id`, ({ request, params }) => {
    const consult = proxyStore.details[String(params.id)];
    return unauthorized(request) ?? (consult ? HttpResponse.json({ consult }) : HttpResponse.json(operationOutcome('There is no such consult for you.', 'not-found'), { status: 404 }));
  }),
  http.post(`${PROXY_BASE}/consults/shared-check`, async ({ request }) => {
    const refused = unauthorized(request);
    if (refused) {
      return refused;
    }
    const body = (await request.json()) as SharedCheckInput;
    proxyStore.checks.push(body);
    const reason = body.reasonConditionId && !body.shared.some((i) => i.type === 'Condition' && i.id === body.reasonConditionId) ? [{ type: 'Condition' as const, id: body.reasonConditionId }] : [];
    const items = [...body.shared, ...reason].map((item): SharedItemCheck => ({ ...item, status: 'shareable', ...proxyStore.unsendable[`${item.type}/${item.id}`] }));
    return HttpResponse.json({ items, blockers: [], freshForSeconds: 300 } satisfies SharedCheckResult);
  }),
  http.post(`${PROXY_BASE}/consults/:id/messages`, async ({ request, params }) => {
    const body = (await request.json()) as { idempotencyKey: string; text: string; inResponseTo?: string };
    proxyStore.replies.push({ consultId: String(params.id), body });
    const message = { id: `reply-${proxyStore.replies.length}`, kind: 'reply', from: 'requester', senderName: 'Dr. Maya Chen', text: body.text, sentAt: new Date().toISOString(), inResponseTo: body.inResponseTo, outcome: undefined };
    return unauthorized(request) ?? HttpResponse.json({ message }, { status: 201 });
  }),
  // Like the proxy: the consult reads as withdrawn afterwards, the reason last in its thread.
  http.post(`${PROXY_BASE}/consults/:id/withdraw`, async ({ request, params }) => {
    const refused = unauthorized(request);
    if (refused) {
      return refused;
    }
    const body = (await request.json()) as { idempotencyKey: string; reason: string };
    const consultId = String(params.id);
    proxyStore.withdrawals.push({ consultId, body });
    const message = { id: `withdraw-${proxyStore.withdrawals.length}`, kind: 'withdraw' as const, from: 'requester' as const, senderName: 'Dr. Maya Chen', text: body.reason, sentAt: new Date().toISOString(), inResponseTo: undefined, outcome: undefined };
    const detail = proxyStore.details[consultId];
    if (detail) {
      proxyStore.details[consultId] = { ...detail, status: 'revoked', state: 'withdrawn', messages: [...detail.messages, message] };
    }
    return HttpResponse.json({ message }, { status: 201 });
  }),
  http.post(`${PROXY_BASE}/consults`, async ({ request }) => {
    const refused = unauthorized(request);
    if (refused) {
      return refused;
    }
    const body: unknown = await request.json();
    proxyStore.received.push(body);
    const parsed = consultRequestInputSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues.map((i) => ({
        severity: 'error' as const,
        code: 'invalid' as const,
        details: { text: `${i.path.join('.')}: ${i.message}` },
        expression: [i.path.join('.')],
      }));
      return HttpResponse.json({ resourceType: 'OperationOutcome', issue }, { status: 400 });
    }
    const existing = proxyStore.consults.find((c) => c.idempotencyKey === parsed.data.idempotencyKey);
    if (existing) {
      return HttpResponse.json({ consult: existing, ehr: proxyStore.ehr }, { status: 200 });
    }
    const consult = summary(parsed.data, proxyStore.consults.length + 1);
    proxyStore.consults.push(consult);
    return HttpResponse.json({ consult, ehr: proxyStore.ehr }, { status: 201 });
  }),
];
