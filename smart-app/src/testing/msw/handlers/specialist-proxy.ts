import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { ProgrammeMetrics, QueueItem, SpecialistConsultDetail, SpecialistProfile } from '../../../lib/api-contract.ts';
import { directory, PROXY_BASE } from '../../fixtures.ts';
import { programmeMetrics, specialistProfile } from '../../specialist-fixtures.ts';
import { operationOutcome } from './ehr-fhir.ts';

/** What the test proxy holds for the specialist's routes; cleared after each test. */
export const specialistStore = {
  profile: specialistProfile as SpecialistProfile | undefined,
  queue: [] as QueueItem[],
  details: {} as Record<string, SpecialistConsultDetail>,
  /** Every queue query, as sent. */
  queueQueries: [] as URLSearchParams[],
  /** Every action posted: `<action> <consult id>` and its body. */
  actions: [] as { action: string; consultId: string; body: unknown }[],
  /** Set: the next claim loses to this colleague (409). */
  claimedBy: undefined as string | undefined,
  metrics: undefined as ProgrammeMetrics | undefined,
  reset(): void {
    this.profile = specialistProfile;
    this.queue = [];
    this.details = {};
    this.queueQueries = [];
    this.actions = [];
    this.claimedBy = undefined;
    this.metrics = undefined;
  },
};

const notFound = () => HttpResponse.json(operationOutcome('There is no such consult for you.', 'not-found'), { status: 404 });

export const specialistHandlers: HttpHandler[] = [
  http.get(`${PROXY_BASE}/specialist/me`, () =>
    specialistStore.profile ? HttpResponse.json(specialistStore.profile) : HttpResponse.json(operationOutcome('Curbside does not know you as a specialist.', 'forbidden'), { status: 403 }),
  ),
  http.get(`${PROXY_BASE}/specialist/queue`, ({ request }) => {
    const query = new URL(request.url).searchParams;
    specialistStore.queueQueries.push(query);
    const urgency = query.get('urgency');
    // Pages as the proxy does: `pageSize` at a time, `next` a cursor in the proxy's form (here the part after
    // the dot is where the next page starts).
    const matching = specialistStore.queue.filter((i) => !urgency || i.urgency === urgency);
    const start = Number(query.get('cursor')?.split('.')[1] ?? 0);
    const end = start + Number(query.get('pageSize') ?? 20);
    return HttpResponse.json({ items: matching.slice(start, end), next: end < matching.length ? `0.${end}` : undefined });
  }),
  http.get(`${PROXY_BASE}/specialist/directory`, () => HttpResponse.json(directory)),
  http.get(`${PROXY_BASE}/specialist/metrics`, () =>
    specialistStore.metrics ? HttpResponse.json(specialistStore.metrics) : HttpResponse.json(operationOutcome('The programme metrics are for e-consult programme leads.', 'forbidden'), { status: 403 }),
  ),
  http.get(`${PROXY_BASE}/specialist/consults/:id`, ({ params }) => {
    const consult = specialistStore.details[String(params.id)];
    return consult ? HttpResponse.json({ consult }) : notFound();
  }),
  http.post(`${PROXY_BASE}/specialist/consults/:id/:action`, async ({ params, request }) => {
    const consultId = String(params.id);
    const action = String(params.action);
    const consult = specialistStore.details[consultId];
    const body: unknown = action === 'claim' ? undefined : await request.json();
    specialistStore.actions.push({ action, consultId, body });
    if (!consult) {
      return notFound();
    }
    if (action === 'claim') {
      if (specialistStore.claimedBy) {
        return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict', details: { text: `This consult was already claimed by ${specialistStore.claimedBy}. It is no longer in your queue.` } }] }, { status: 409 });
      }
      specialistStore.details[consultId] = { ...consult, mine: true, claimable: false, state: 'accepted', target: specialistProfile.name };
      return HttpResponse.json({ consult: specialistStore.details[consultId], changed: true });
    }
    const { text, reason } = body as { text?: string; reason?: string };
    return HttpResponse.json({ message: { id: `${action}-${specialistStore.actions.length}`, kind: action === 'messages' ? 'clarification-request' : action, from: 'specialist', senderName: specialistProfile.name, text: text ?? reason ?? '', sentAt: new Date().toISOString(), inResponseTo: undefined, outcome: undefined } }, { status: 201 });
  }),
];
