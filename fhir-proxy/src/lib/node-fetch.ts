import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

const readWhole = new WeakMap<Response, Buffer>();

/**
 * The body of an answer `nodeFetch` has already read whole, or undefined for any other Response. Its
 * readers (the retry loop, the FHIR client) take the bytes from here instead of through the Response's
 * web stream: re-reading and re-wrapping every store answer that way cost ~0.1 ms of CPU per call
 * (a CPU profile of GET /consults/:id, then two proxies side by side on one store).
 */
export function bufferedBody(response: Response): Buffer | undefined {
  return readWhole.get(response);
}

/**
 * `fetch` over node:http(s) with keep-alive connections, for the proxy's calls to the consult store
 * (one or more per API call): the subset the FHIR client uses (method, headers, a string body,
 * `signal`), the whole body read before the Response is returned. Measured on loopback it costs
 * ~0.3 ms less per call than the built-in fetch (undici's WHATWG layers: Request, Headers, streams),
 * the largest piece of what the proxy adds to a cached read. No redirects and no decompression (the
 * proxy asks for neither); an aborted `signal` rejects with its reason, as fetch does. Not the `undici`
 * package's faster `request()` (~0.1 ms per call): importing it installs its Agent as the process's
 * global dispatcher, under the built-in fetch the proxy's EHR calls use; and msw would not see it.
 */
export function nodeFetch(options: { readonly maxSockets?: number } = {}): typeof fetch {
  const maxSockets = options.maxSockets ?? 64;
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets }), https: new https.Agent({ keepAlive: true, maxSockets }) };
  return ((input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== 'string') {
      return Promise.reject(new TypeError('nodeFetch sends string bodies only'));
    }
    const headers: Record<string, string> = Object.fromEntries(new Headers(init.headers).entries());
    if (body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const secure = url.protocol === 'https:';
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      const fail = (err: unknown): void => reject(signal?.aborted ? signal.reason : err);
      // Looked up on the module at each call (not a bound import), so test doubles that patch it (msw) see the call.
      const request = (secure ? https.request : http.request)(url, { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http, ...(signal ? { signal } : {}) }, (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) {
            fail(new TypeError('The connection closed before the whole answer arrived'));
          }
        });
        response.on('end', () => {
          const status = response.statusCode ?? 502;
          const answerHeaders = new Headers();
          for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
            answerHeaders.append(response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string);
          }
          const noBody = status === 204 || status === 304 || init.method === 'HEAD';
          const bytes = noBody ? Buffer.alloc(0) : Buffer.concat(chunks);
          const answer = new Response(noBody ? null : bytes, { status, statusText: response.statusMessage ?? '', headers: answerHeaders });
          readWhole.set(answer, bytes);
          resolve(answer);
        });
      });
      request.on('error', fail);
      request.end(body);
    });
  }) as typeof fetch;
}
