import type { ConsultRequestInput, SharedItem } from '../../fhir-proxy/src/api/consult-input.ts';
import type { Endpoint } from '../../fhir-proxy/src/routes/endpoints.ts';
import { chance, deepJson, garbageBytes, int, longString, nastyString, pick, randomJson, seededUuid, wrongValue, type Rng } from './values.ts';

/** What a generator may aim at: the real endpoints and a real launch, so requests get past the first check. */
export interface FuzzTarget {
  readonly endpoints: readonly Endpoint[];
  /** The headers of a valid launch (the requesting physician's app). */
  readonly headers: Readonly<Record<string, string>>;
  /** The headers of a signed-in specialist (standalone launch): the `/specialist` routes are theirs. */
  readonly specialistHeaders: Readonly<Record<string, string>>;
  readonly ownConsultId: string;
  readonly otherConsultId: string;
  /** A valid consult for the launch patient (its key is replaced per request). */
  readonly consult: ConsultRequestInput;
  /** Chart items of another patient, for requests that try to carry them. */
  readonly otherItems: readonly SharedItem[];
  /** A server no request may ever reach (counts what it gets): bait for server-side request forgery. */
  readonly baitIss: string;
}

export interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

type Generator = (rng: Rng, t: FuzzTarget, e: Endpoint) => Omit<FuzzRequest, 'kind'>;

const hasBody = (method: string): boolean => !['GET', 'HEAD'].includes(method);
/** Lone surrogates cannot be percent-encoded; they become U+FFFD first. */
const encode = (text: string): string => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
const fill = (rng: Rng, t: FuzzTarget, e: Endpoint, id = (): string => pick(rng, [t.ownConsultId, t.otherConsultId])): string => e.path.replace(/:\w+/g, () => encode(id()));
const validConsult = (rng: Rng, t: FuzzTarget): ConsultRequestInput => ({ ...t.consult, idempotencyKey: seededUuid(rng) });
const QUESTION = 'Is the eGFR trend a reason to stop metformin now?';

/**
 * A body the endpoint would accept, so mutations of it get past the first check: a consult for
 * `POST /consults`, and for the thread and specialist actions what their schemas ask (api/consult-thread.ts).
 */
function validBody(rng: Rng, t: FuzzTarget, e: Endpoint | undefined): Record<string, unknown> {
  const idempotencyKey = seededUuid(rng);
  const action = e?.method === 'POST' ? /\/(messages|answer|decline|redirect|claim)$/.exec(e.path)?.[1] : undefined;
  switch (action) {
    case 'messages':
      return { idempotencyKey, text: QUESTION, ...(chance(rng, 0.3) ? { inResponseTo: pick(rng, [t.ownConsultId, 'x']) } : {}) };
    case 'answer':
      return { idempotencyKey, text: QUESTION, outcome: pick(rng, ['advice-only', 'see-specialty', 'urgent-referral']) };
    case 'decline':
      return { idempotencyKey, reason: 'Not a nephrology question.' };
    case 'redirect':
      return { idempotencyKey, healthcareServiceId: 'pool-cardiology', reason: 'A cardiology question.' };
    case 'claim':
      return {};
    default:
      return { ...validConsult(rng, t) };
  }
}

/** Whose headers a request carries: the endpoint's own user, now and then the other role (which must be refused). */
const headersFor = (rng: Rng, t: FuzzTarget, e: Endpoint): Readonly<Record<string, string>> =>
  e.path.startsWith('/specialist') !== chance(rng, 0.1) ? t.specialistHeaders : t.headers;
const json = (value: unknown): string => JSON.stringify(value);

/** The endpoint's request with `body` (as JSON) when the method carries one. */
function request(rng: Rng, t: FuzzTarget, e: Endpoint, body: unknown, headers: Record<string, string> = {}): Omit<FuzzRequest, 'kind'> {
  return { method: e.method, path: fill(rng, t, e), headers: { ...headersFor(rng, t, e), ...headers }, ...(hasBody(e.method) ? { body: typeof body === 'string' ? body : json(body) } : {}) };
}

const CONSULT_PATHS = ['target', 'target.kind', 'target.healthcareServiceId', 'question', 'urgency', 'reasonConditionId', 'reasonText', 'note', 'shared', 'shared.0', 'shared.0.id', 'shared.0.type'];

function withField(rng: Rng, t: FuzzTarget, e: Endpoint, value: () => unknown): Record<string, unknown> {
  const body = validBody(rng, t, e);
  const fields = 'question' in body ? CONSULT_PATHS : Object.keys(body);
  const path = pick(rng, ['idempotencyKey', ...fields, nastyString(rng)]);
  const [head = '', ...rest] = path.split('.');
  if (rest.length === 0) {
    body[head] = value();
  } else {
    const inner = structuredClone(body[head]) as Record<string, unknown> | unknown[] | undefined;
    if (inner && typeof inner === 'object') {
      const [key = '', leaf] = rest;
      const target = (Array.isArray(inner) ? inner[Number(key)] : inner) as Record<string, unknown> | undefined;
      if (leaf && target && typeof target === 'object') {
        target[leaf] = value();
      } else if (!leaf) {
        (inner as Record<string, unknown>)[key] = value();
      }
    }
    body[head] = inner ?? value();
  }
  return body;
}

const GENERATORS: Readonly<Record<string, readonly [weight: number, Generator]>> = {
  valid: [5, (rng, t, e) => request(rng, t, e, validBody(rng, t, e))],
  'wrong-type': [15, (rng, t, e) => request(rng, t, e, withField(rng, t, e, () => wrongValue(rng)))],
  'huge-string': [8, (rng, t, e) => request(rng, t, e, withField(rng, t, e, () => longString(rng, pick(rng, [4_001, 70_000, 300_000]))))],
  'deep-nesting': [7, (rng, t, e) => {
    const depth = pick(rng, [100, 5_000, 60_000]);
    const body = chance(rng, 0.5) ? deepJson(rng, depth) : json(validBody(rng, t, e)).replace(/"shared":\[[^\]]*\]/, `"shared":${deepJson(rng, depth)}`);
    return request(rng, t, e, body);
  }],
  'broken-json': [10, (rng, t, e) => {
    const text = json(validBody(rng, t, e));
    const broken = pick(rng, [text.slice(0, int(rng, 0, text.length - 1)), `${text},`, text.replace(':', ''), `\ufeff${text}`, "{'a':1}", 'NaN', '', '{"question": "\\x00"}', `[${text}`]);
    return chance(rng, 0.3) && hasBody(e.method) ? { ...request(rng, t, e, ''), body: garbageBytes(rng) } : request(rng, t, e, broken);
  }],
  'content-type': [8, (rng, t, e) => {
    const type = pick(rng, ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/fhir+xml', 'text/html', '', 'application/jsonx']);
    const body = type.startsWith('multipart') ? '--x\r\nContent-Disposition: form-data; name="question"\r\n\r\nhi\r\n--x--' : type.includes('urlencoded') ? 'question=hi&urgency=stat' : json(validBody(rng, t, e));
    return request(rng, t, e, body, { 'Content-Type': type });
  }],
  'fhir-ish': [12, (rng, t, e) => {
    const other = pick(rng, t.otherItems);
    const body = pick<() => unknown>(rng, [
      () => ({ resourceType: 'ServiceRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/patient-harold-whitfield' } }),
      () => ({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient', id: 'x' }, request: { method: 'DELETE', url: 'Patient/x' } }] }),
      () => ({ ...validBody(rng, t, e), shared: [other] }),
      () => ({ ...validBody(rng, t, e), shared: [{ type: other.type, id: pick(rng, [`Patient/${other.id}`, `../${other.id}`, `urn:uuid:${seededUuid(rng)}`, `http://evil.test/${other.id}`, `${other.id}?_include=*`]) }] }),
      () => ({ ...validBody(rng, t, e), reasonConditionId: pick(rng, [other.id, 'Condition/x', '#contained']) }),
      () => ({ ...validBody(rng, t, e), target: { kind: 'pool', healthcareServiceId: pick(rng, [t.otherConsultId, t.ownConsultId, 'does-not-exist', seededUuid(rng)]) } }),
      () => ({ ...validBody(rng, t, e), target: { kind: 'specialist', practitionerRoleId: pick(rng, ['pool-nephrology', t.otherConsultId, 'x']) } }),
      () => ({ ...validBody(rng, t, e), shared: Array.from({ length: 501 }, () => other) }),
      () => ({ ...validBody(rng, t, e), subject: { reference: 'Patient/patient-harold-whitfield' }, patientId: 'patient-harold-whitfield' }),
    ])();
    return request(rng, t, e, body);
  }],
  unicode: [5, (rng, t, e) => request(rng, t, e, { ...validBody(rng, t, e), question: `Question ${nastyString(rng)} ${nastyString(rng)} is this ok?`, note: nastyString(rng) })],
  auth: [10, (rng, t, e) => {
    const headers: Record<string, string> = pick<() => Record<string, string>>(rng, [
      () => ({ Authorization: '' }),
      () => ({ Authorization: `Bearer ${longString(rng, 6_000)}` }),
      () => ({ Authorization: pick(rng, ['Basic YTpi', 'Bearer', 'bearer  x y', 'Bearer null', `Bearer ${t.headers.Authorization?.slice(7, -3)}abc`]) }),
      () => ({ 'X-Curbside-Iss': pick(rng, [t.baitIss, `${t.baitIss}/`, `${t.headers['X-Curbside-Iss']}@${new URL(t.baitIss).host}`, `${t.headers['X-Curbside-Iss']}.evil.test`, 'file:///etc/passwd', 'http://169.254.169.254/', nastyString(rng)]) }),
      () => ({ 'X-Curbside-Id-Token': pick(rng, ['a.b.c', 'eyJhbGciOiJub25lIn0.e30.', longString(rng, 4_000)]) }),
      () => ({ 'X-Curbside-Patient': pick(rng, ['../../Patient', 'patient-harold-whitfield', '%00', nastyString(rng).replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '')]) }),
    ])();
    return request(rng, t, e, validBody(rng, t, e), headers);
  }],
  path: [10, (rng, t, e) => {
    const weirdId = (): string => pick(rng, [seededUuid(rng), nastyString(rng), longString(rng, 3_000), '..', '%2e%2e', `${t.otherConsultId}/..`, ''].map(String));
    const queueQuery = (): string => `status=${pick(rng, ['open', 'all', 'mine', '', encode(nastyString(rng))])}&urgency=${pick(rng, ['stat', 'soon', ''])}&cursor=${pick(rng, ['1.20', '4.1', '0.99999999', encode(nastyString(rng))])}&pageSize=${pick(rng, ['0', '51', '-1', '1e3', '20'])}`;
    const path = pick(rng, [fill(rng, t, e, weirdId), `${e.path.replace(/:\w+/g, 'x')}/${nastyString(rng)}`, `/${nastyString(rng)}`, `${fill(rng, t, e)}?_count=-1&_include=*&${encode(nastyString(rng))}=1`, `${fill(rng, t, e)}?${queueQuery()}`, `${fill(rng, t, e)}//`]).replace(/[\s#]/g, (c) => encode(c));
    const method = pick(rng, [e.method, 'PUT', 'DELETE', 'PATCH', 'POST', 'GET', 'HEAD']);
    return { method, path: path.startsWith('/') ? path : `/${path}`, headers: { ...headersFor(rng, t, e) }, ...(hasBody(method) ? { body: json(validBody(rng, t, e)) } : {}) };
  }],
  mutation: [10, (rng, t, e) => request(rng, t, e, randomJson(rng))],
};

const TABLE = Object.entries(GENERATORS).flatMap(([kind, [weight, generate]]) => Array.from({ length: weight }, () => [kind, generate] as const));

/** One malformed (now and then well-formed) request to one of the endpoints, chosen by the generator. */
export function generateRequest(rng: Rng, target: FuzzTarget): FuzzRequest {
  const endpoint = pick(rng, target.endpoints);
  const [kind, generate] = pick(rng, TABLE);
  return { kind, ...generate(rng, target, endpoint) };
}
