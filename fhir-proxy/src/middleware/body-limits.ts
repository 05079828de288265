import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ATTACHMENT_REQUEST_MAX_BYTES } from '../api/attachment.ts';
import type { Context } from 'hono';
import { outcome } from '../lib/outcome.ts';

/** A consult (≤500 shared item ids, ≤4,000-character texts) is well under 64 KB; 256 KB leaves room, not a door. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

export interface BodyLimitRule {
  readonly method: string;
  readonly path: RegExp;
  readonly maxBytes: number;
}

/**
 * Routes that accept more than the default, each named here. A route that carries attachments adds
 * one line, e.g. `{ method: 'POST', path: /^\/consults\/[^/]+\/messages$/, maxBytes: ATTACHMENT_REQUEST_MAX_BYTES }`.
 */
export const BODY_LIMIT_RULES: readonly BodyLimitRule[] = [];

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;

/**
 * Refuses, before any route reads it, a body that is too large (413) or is not JSON (415), each as an
 * OperationOutcome. Applies to every route, including ones added later.
 */
export function bodyLimits(rules: readonly BodyLimitRule[] = BODY_LIMIT_RULES, defaultMax = DEFAULT_BODY_LIMIT) {
  const limiters = new Map<number, ReturnType<typeof bodyLimit>>();
  const limiterFor = (maxSize: number): ReturnType<typeof bodyLimit> => {
    const existing = limiters.get(maxSize);
    if (existing) {
      return existing;
    }
    const created = bodyLimit({
      maxSize,
      onError: (c) => refuse(c, 413, 'too-long', tooLong(maxSize)),
    });
    limiters.set(maxSize, created);
    return created;
  };
  return createMiddleware(async (c, next) => {
    // A GET or HEAD body has no meaning (RFC 9110 §9.3.1) and no route reads one. Asking for
    // `c.req.raw` below would make @hono/node-server build the WHATWG Request it otherwise never needs,
    // which cost every read about 0.08 ms of CPU (a CPU profile of GET /consults/:id).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      return next();
    }
    // Decided from the headers where they say it: touching `c.req.raw.body` makes @hono/node-server wrap
    // the body in a web stream instead of reading it straight off the socket, which cost every POST about
    // half a millisecond. Node's HTTP parser holds a body to its declared Content-Length.
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    // No body at all: a browser's POST without one (a claim) arrives as `Content-Length: 0`.
    if ((length === '0' && !chunked) || (length === undefined && !chunked && !c.req.raw.body)) {
      return next();
    }
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_TYPE.test(mediaType)) {
      return refuse(c, 415, 'not-supported', `Send the request body as application/json (got ${mediaType ? `"${mediaType.slice(0, 60)}"` : 'no content type'}).`);
    }
    const path = new URL(c.req.url).pathname;
    const rule = rules.find((r) => r.method === c.req.method && r.path.test(path));
    const maxBytes = rule?.maxBytes ?? defaultMax;
    if (length !== undefined && !chunked) {
      return Number(length) > maxBytes ? refuse(c, 413, 'too-long', tooLong(maxBytes)) : next();
    }
    // A body of undeclared length is counted as it arrives, and refused once it passes the limit.
    return limiterFor(maxBytes)(c, next);
  });
}

function tooLong(maxBytes: number): string {
  return `The request is larger than Curbside accepts (${Math.round(maxBytes / 1024)} KB). Share fewer items or shorten the text.`;
}

// The body is refused unread, so the connection is closed after the answer: a keep-alive client would
// otherwise reuse a socket the server is about to drop while the rest of that body is still arriving.
function refuse(c: Context, status: 413 | 415, code: 'too-long' | 'not-supported', text: string): Response {
  return c.json(outcome(code, text), status, { Connection: 'close' });
}
