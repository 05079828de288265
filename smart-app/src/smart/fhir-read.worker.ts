// A dedicated worker that reads FHIR for the page (worker-reads.ts). Its fetches are received and parsed
// on this thread, so the chart's responses are read while the page's thread is busy rendering.
import { createReadHandler, type WorkerRequest } from './read-worker-protocol.ts';

const handle = createReadHandler((message) => self.postMessage(message));
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => handle(event.data));
