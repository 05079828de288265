import type { Communication, ServiceRequest } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { messageKind } from '../consults/consult-view.ts';
import { memoryStore } from './memory-store.ts';
import { consult, specialistStoreHandlers } from './specialist-store.ts';
import { authHeaders, searchset, SPECIALIST_TOKEN, STORE, testApp } from './upstream.ts';

/**
 * A proxy over an in-memory store without transactions holding `consults` (the launch patient's
 * snapshot is `snap-1`), for workflow steps: `call` POSTs as a caller (the specialist by default),
 * `get` reads, `thread(kind)` lists the stored messages of a kind.
 */
export function workflowHarness(server: Pick<SetupServer, 'use'>, consults: readonly (ServiceRequest & { id: string })[] = [consult()], defaultToken = SPECIALIST_TOKEN) {
  const store = memoryStore({ consults });
  const snapshot = http.get(`${STORE}/Patient`, () => HttpResponse.json(searchset([{ resourceType: 'Patient', id: 'snap-1' }])));
  server.use(...store.handlers, snapshot, ...specialistStoreHandlers([]));
  const app = testApp();
  const call = (path: string, body: unknown = {}, token = defaultToken) => app.request(path, { method: 'POST', headers: authHeaders(token), body: JSON.stringify(body) });
  const get = (path: string, token = defaultToken) => app.request(path, { headers: authHeaders(token) });
  const thread = (kind: string) => store.all<Communication>('Communication').filter((m) => messageKind(m) === kind);
  return { store, call, get, thread };
}
