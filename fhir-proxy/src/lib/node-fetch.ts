import { Agent } from 'undici';

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
 * `fetch` for the proxy's calls to the consult store (one or more per API call), over undici's
 * `request()` with a keep-alive pool per origin: the subset the FHIR client uses (method, headers, a
 * string body, `signal`), the whole body read before the Response is returned. The built-in fetch is
 * undici too, under WHATWG layers (Request, Headers, streams) that cost ~0.3 ms more per call on loopback;
 * node:http with keep-alive agents, used before, ~0.1 ms more (two proxies side by side on one store).
 * No redirects and no decompression (the proxy asks for neither); an aborted `signal` rejects with its
 * reason, as fetch does. msw does not see these calls: unit tests give the proxy the built-in fetch.
 */
export function nodeFetch(options: { readonly maxSockets?: number } = {}): typeof fetch {
  const agent = new Agent({ connections: options.maxSockets ?? 64 });
  return (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== 'string') {
      throw new TypeError('nodeFetch sends string bodies only');
    }
    const method = init.method ?? 'GET';
    const signal = init.signal ?? undefined;
    try {
      const answer = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: method as 'GET',
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        body: body ?? null,
        ...(signal ? { signal } : {}),
      });
      const status = answer.statusCode;
      const bytes = Buffer.from(await answer.body.arrayBuffer());
      const headers = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        for (const one of [value ?? []].flat()) {
          headers.append(name, one);
        }
      }
      const noBody = status === 204 || status === 304 || method === 'HEAD';
      const response = new Response(noBody ? null : bytes, { status, statusText: answer.statusText ?? '', headers });
      readWhole.set(response, noBody ? Buffer.alloc(0) : bytes);
      return response;
    } catch (err) {
      throw signal?.aborted ? signal.reason : err;
    }
  }) as typeof fetch;
}
