import type { AnswerInput, ConsultSummary, DeclineInput, Directory, MessageInput, ProgrammeMetrics, QueuePage, QueueQuery, RedirectInput, SpecialistConsultDetail, SpecialistProfile } from './api-contract.ts';
import type { PostedMessage, ProxyApi } from './proxy-client.ts';
import { send as plainSend, type ProxySend } from './proxy-send.ts';

/** The specialist's half of the Curbside API (standalone sign-in, no patient). */
export interface SpecialistApi {
  getProfile(): Promise<SpecialistProfile>;
  getQueue(query: Partial<QueueQuery>): Promise<QueuePage>;
  getSpecialistConsult(id: string): Promise<SpecialistConsultDetail>;
  claimConsult(id: string): Promise<ConsultSummary>;
  declineConsult(id: string, input: DeclineInput): Promise<PostedMessage>;
  redirectConsult(id: string, input: RedirectInput): Promise<PostedMessage>;
  askRequester(id: string, input: MessageInput): Promise<PostedMessage>;
  answerConsult(id: string, input: AnswerInput): Promise<PostedMessage>;
  getSpecialistDirectory(): Promise<Directory>;
  getProgrammeMetrics(): Promise<ProgrammeMetrics>;
}

function queryOf(query: Partial<QueueQuery>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
}

export function specialistMethods(api: ProxyApi, send: ProxySend = plainSend): SpecialistApi {
  const consult = api.specialist.consults[':id'];
  return {
    getProfile: async () => (await send(() => api.specialist.me.$get())).json(),
    getQueue: async (query) => (await send(() => api.specialist.queue.$get({ query: queryOf(query) }))).json(),
    getSpecialistConsult: async (id) => {
      // hc's JSON typing widens FHIR's primitive extensions (`_display`) to JSONValue; the body is the FHIR the proxy built.
      const body = (await (await send(() => consult.$get({ param: { id } }))).json()) as unknown as { consult: SpecialistConsultDetail };
      return body.consult;
    },
    claimConsult: async (id) => (await (await send(() => consult.claim.$post({ param: { id } }))).json()).consult,
    declineConsult: async (id, input) => posted(await send(() => consult.decline.$post({ param: { id }, json: input }))),
    redirectConsult: async (id, input) => posted(await send(() => consult.redirect.$post({ param: { id }, json: input }))),
    askRequester: async (id, input) => posted(await send(() => consult.messages.$post({ param: { id }, json: input }))),
    answerConsult: async (id, input) => posted(await send(() => consult.answer.$post({ param: { id }, json: input }))),
    getSpecialistDirectory: async () => (await send(() => api.specialist.directory.$get())).json(),
    getProgrammeMetrics: async () => (await send(() => api.specialist.metrics.$get())).json(),
  };
}

async function posted(response: Response & { json(): Promise<{ message: PostedMessage['message'] }> }): Promise<PostedMessage> {
  return { message: (await response.json()).message, created: response.status === 201 };
}
