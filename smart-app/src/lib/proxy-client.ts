import { hc } from 'hono/client';
import { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from './api-contract.ts';
import type { AppType, ConsultDetail, ConsultRequestInput, ConsultSummary, Directory, EhrRecordItem, MessageInput, SharedCheckInput, SharedCheckResult, ThreadMessage, WithdrawInput } from './api-contract.ts';
import { readConsultEvents, type ConsultEventHandlers } from './live/consult-event-stream.ts';
import { sendReportingSessionEnd } from './proxy-send.ts';
import { specialistMethods, type SpecialistApi } from './specialist-client.ts';

export { ProxyError } from './proxy-send.ts';

/** What every proxy call proves the caller with: the launch's SMART tokens and the EHR that issued them. */
export interface ProxyCredentials {
  readonly accessToken: string;
  /** The FHIR base URL of the launch (`client.state.serverUrl`). */
  readonly issuer: string;
  readonly idToken: string | undefined;
  /** The launch's patient; absent for a specialist's standalone sign-in. */
  readonly patientId: string | undefined;
}

export interface SubmitConsultResult {
  readonly consult: ConsultSummary;
  /** false when the proxy already had this idempotencyKey (a retry of a consult that did arrive). */
  readonly created: boolean;
  /** What happened to the optional copy in the EHR (empty when this EHR is not set up for one). */
  readonly ehr: readonly EhrRecordItem[];
}

/** A message the proxy stored; `created` is false when its idempotency key had already arrived (a double click). */
export interface PostedMessage {
  readonly message: ThreadMessage;
  readonly created: boolean;
}

/** The Curbside API as the app uses it. */
export interface ProxyClient extends SpecialistApi {
  submitConsult(input: ConsultRequestInput): Promise<SubmitConsultResult>;
  /** Asks whether the ticked chart items can be sent (`POST /consults/shared-check`); the proxy keeps what it read for the send. */
  checkShared(input: SharedCheckInput): Promise<SharedCheckResult>;
  listConsults(): Promise<readonly ConsultSummary[]>;
  getConsult(id: string): Promise<ConsultDetail>;
  replyToSpecialist(id: string, input: MessageInput): Promise<PostedMessage>;
  /** Closes a consult the physician no longer needs; the reason goes to the specialist. */
  withdrawConsult(id: string, input: WithdrawInput): Promise<PostedMessage>;
  getDirectory(): Promise<Directory>;
  /** Reads `GET /events` until `signal` aborts or the server ends the stream; throws when it cannot connect. */
  streamEvents(handlers: ConsultEventHandlers, signal: AbortSignal): Promise<void>;
}

export interface CreateProxyClientOptions {
  readonly baseUrl: string;
  /** Called per request, so a refreshed access token is always the one sent; throws a 401 ProxyError when the session is over. */
  readonly getCredentials: () => Promise<ProxyCredentials>;
  /** Called when a call fails because the SMART session has ended (401), so the app can ask for a relaunch. */
  readonly onSessionEnded?: () => void;
}

function credentialHeaders(credentials: ProxyCredentials): Record<string, string> {
  return {
    Authorization: `Bearer ${credentials.accessToken}`,
    [ISSUER_HEADER]: credentials.issuer,
    ...(credentials.patientId ? { [PATIENT_HEADER]: credentials.patientId } : {}),
    ...(credentials.idToken ? { [ID_TOKEN_HEADER]: credentials.idToken } : {}),
  };
}

/** The typed `hc` client for the proxy's routes. */
export type ProxyApi = ReturnType<typeof hc<AppType>>;

/** A typed client for the proxy (`hc<AppType>`), sending the SMART credentials with every call. */
export function createProxyClient({ baseUrl, getCredentials, onSessionEnded }: CreateProxyClientOptions): ProxyClient {
  const send = sendReportingSessionEnd(onSessionEnded);
  const api: ProxyApi = hc<AppType>(baseUrl, {
    headers: async () => credentialHeaders(await getCredentials()),
    // Looked up per call rather than captured, so test doubles of fetch installed later still apply.
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  });
  return {
    ...specialistMethods(api, send),
    async submitConsult(input) {
      const response = await send(() => api.consults.$post({ json: input }));
      const { consult, ehr } = await response.json();
      return { consult, created: response.status === 201, ehr };
    },
    async checkShared(input) {
      const response = await send(() => api.consults['shared-check'].$post({ json: input }));
      return response.json();
    },
    async listConsults() {
      const response = await send(() => api.consults.$get());
      const { consults } = await response.json();
      return consults;
    },
    async getConsult(id) {
      const response = await send(() => api.consults[':id'].$get({ param: { id } }));
      return (await response.json()).consult;
    },
    async replyToSpecialist(id, input) {
      const response = await send(() => api.consults[':id'].messages.$post({ param: { id }, json: input }));
      return { message: (await response.json()).message, created: response.status === 201 };
    },
    async withdrawConsult(id, input) {
      const response = await send(() => api.consults[':id'].withdraw.$post({ param: { id }, json: input }));
      return { message: (await response.json()).message, created: response.status === 201 };
    },
    async getDirectory() {
      const response = await send(() => api.directory.$get());
      return response.json();
    },
    async streamEvents(handlers, signal) {
      // fetch, not EventSource: EventSource cannot send the Authorization header every other call sends.
      // The stream is ended by cancelling its body on abort (not by a fetch signal, which test DOMs cannot pass on).
      const credentials = await getCredentials();
      const response = await send(() => fetch(`${baseUrl}/events`, { headers: { ...credentialHeaders(credentials), Accept: 'text/event-stream' } }));
      await readConsultEvents(response, handlers, signal);
    },
  };
}
