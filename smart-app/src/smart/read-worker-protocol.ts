import type { FhirResource } from 'fhir/r4';
import { readPages, ReadStatusError, type PagedRead } from './read-pages.ts';

/** What the page asks of the read worker: a read (with the token lent for it), or to stop one. */
export type WorkerRequest = { readonly kind: 'read'; readonly id: number; readonly read: Omit<PagedRead, 'signal'> } | { readonly kind: 'abort'; readonly id: number };

/** The worker's answer to one read: its result, or what went wrong (an error's name and HTTP status; never a body). */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: FhirResource | FhirResource[] }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly status?: number } };

/** The worker's side of the protocol, apart from the worker global so it can be tested in the page's thread. */
export function createReadHandler(reply: (message: WorkerReply) => void, fetchFn: typeof fetch = fetch): (request: WorkerRequest) => void {
  const running = new Map<number, AbortController>();
  const send = (message: WorkerReply): void => {
    running.delete(message.id);
    reply(message);
  };
  return (request) => {
    if (request.kind === 'abort') {
      running.get(request.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    readPages({ ...request.read, signal: controller.signal }, fetchFn).then(
      (result) => send({ id: request.id, ok: true, result }),
      (error: unknown) => {
        const name = error instanceof Error ? error.name : 'Error';
        send({ id: request.id, ok: false, error: error instanceof ReadStatusError ? { name, status: error.status } : { name } });
      },
    );
  };
}
