import { hc } from 'hono/client';
import { ID_TOKEN_HEADER, ISSUER_HEADER, PATIENT_HEADER } from './api-contract.ts';
import type { AppType, ConsultRequestInput, ConsultSummary, Directory, EhrRecordItem } from './api-contract.ts';
import { outcomeMessages } from './operation-outcome.ts';
import type { OutcomeMessage } from './operation-outcome.ts';

/** What every proxy call proves the caller with: the launch's SMART tokens and the EHR that issued them. */
export interface ProxyCredentials {
  readonly accessToken: string;
  /** The FHIR base URL of the launch (`client.state.serverUrl`). */
  readonly issuer: string;
  readonly idToken: string | undefined;
  readonly patientId: string;
}

export interface SubmitConsultResult {
  readonly consult: ConsultSummary;
  /** false when the proxy already had this idempotencyKey (a retry of a consult that did arrive). */
  readonly created: boolean;
  /** What happened to the optional copy in the EHR (empty when this EHR is not set up for one). */
  readonly ehr: readonly EhrRecordItem[];
}

/** The Curbside API as the app uses it. */
export interface ProxyClient {
  submitConsult(input: ConsultRequestInput): Promise<SubmitConsultResult>;
  listConsults(): Promise<readonly ConsultSummary[]>;
  getDirectory(): Promise<Directory>;
}

/** A failed proxy call. `status` 0 means the proxy could not be reached at all. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly status: number;
  readonly messages: readonly OutcomeMessage[];

  constructor(status: number, messages: readonly OutcomeMessage[], fallback: string) {
    super(messages.map((m) => m.text).join('; ') || fallback);
    this.status = status;
    this.messages = messages.length > 0 ? messages : [{ field: undefined, text: fallback }];
  }
}

export interface CreateProxyClientOptions {
  readonly baseUrl: string;
  /** Called per request, so a refreshed access token is always the one sent. */
  readonly getCredentials: () => Promise<ProxyCredentials>;
}

function credentialHeaders(credentials: ProxyCredentials): Record<string, string> {
  return {
    Authorization: `Bearer ${credentials.accessToken}`,
    [ISSUER_HEADER]: credentials.issuer,
    [PATIENT_HEADER]: credentials.patientId,
    ...(credentials.idToken ? { [ID_TOKEN_HEADER]: credentials.idToken } : {}),
  };
}

async function send<R extends Response>(call: () => Promise<R>): Promise<R> {
  let response: R;
  try {
    response = await call();
  } catch {
    throw new ProxyError(0, [], 'Curbside could not reach its server. Check your connection and try again.');
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new ProxyError(response.status, outcomeMessages(body), `The Curbside server answered ${response.status}.`);
  }
  return response;
}

/** A typed client for the proxy (`hc<AppType>`), sending the SMART credentials with every call. */
export function createProxyClient({ baseUrl, getCredentials }: CreateProxyClientOptions): ProxyClient {
  const api = hc<AppType>(baseUrl, {
    headers: async () => credentialHeaders(await getCredentials()),
    // Looked up per call rather than captured, so test doubles of fetch installed later still apply.
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  });
  return {
    async submitConsult(input) {
      const response = await send(() => api.consults.$post({ json: input }));
      const { consult, ehr } = await response.json();
      return { consult, created: response.status === 201, ehr };
    },
    async listConsults() {
      const response = await send(() => api.consults.$get());
      const { consults } = await response.json();
      return consults;
    },
    async getDirectory() {
      const response = await send(() => api.directory.$get());
      return response.json();
    },
  };
}
