import type { Bundle } from 'fhir/r4';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../fhir-proxy/src/app.ts';
import { createDeps } from '../../fhir-proxy/src/create-deps.ts';
import { silentLogger } from '../../fhir-proxy/src/lib/logger.ts';
import { listEndpoints } from '../../fhir-proxy/src/routes/endpoints.ts';
import { requestRecorder } from '../../fhir-proxy/src/test/serve.ts';
import { createRng, DEFAULT_EHR_USER_ID, HAROLD_WHITFIELD_ID, ROSA_DELGADO_ID } from '../../fixtures/data/index.ts';
import { startSandbox } from '../../fixtures/sandbox/sandbox.ts';
import { chartIds, consultInputFor } from '../../fixtures/sandbox/testing/consult-input.ts';
import { launchAs, proxyHeaders, signInStandalone } from '../../fixtures/sandbox/testing/smart-launch.ts';
import { generateRequest, type FuzzRequest, type FuzzTarget } from './generate.ts';

export interface FuzzOptions {
  readonly count: number;
  readonly seed: number;
  readonly concurrency?: number;
}

export interface FuzzFailure {
  readonly index: number;
  readonly kind: string;
  readonly request: string;
  readonly problem: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly sent: number;
  readonly endpoints: readonly string[];
  readonly byStatus: Readonly<Record<number, number>>;
  readonly byKind: Readonly<Record<string, number>>;
  /** 5xx answers, error answers that are not OperationOutcomes, and requests that got no answer. */
  readonly failures: readonly FuzzFailure[];
  /** Requests to the `/specialist` routes, as the specialist, answered 2xx: the fuzz reached past sign-in there. */
  readonly acceptedSpecialistRequests: number;
  /** Requests the bait server (a non-allow-listed issuer) received: must be 0. */
  readonly baitRequests: number;
  /** After the run: health, a real consult sent and listed. */
  readonly stillServes: boolean;
  readonly seconds: number;
}

const printable = (value: string): string => value.replace(/[^\x20-\x7e]/g, '?');

/**
 * Sends `count` generated malformed requests (seeded: the same seed sends the same requests) across
 * every endpoint of the proxy, read from the app, against the real sandbox; then checks the proxy
 * still serves a real consult. Every answer must be below 500 and every error an OperationOutcome.
 */
export async function runFuzz({ count, seed, concurrency = 16 }: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const sandbox = await startSandbox({ appDir: fileURLToPath(new URL('../../smart-app/public', import.meta.url)) });
  const bait = await requestRecorder();
  try {
    const user = `Practitioner/${DEFAULT_EHR_USER_ID}`;
    // A nephrologist (the consults below go to the nephrology pool), so the specialist routes act on real consults.
    const [rosa, harold, specialist] = await Promise.all([
      launchAs(sandbox, { patient: ROSA_DELGADO_ID, fhirUser: user }),
      launchAs(sandbox, { patient: HAROLD_WHITFIELD_ID, fhirUser: user }),
      signInStandalone(sandbox, `${sandbox.storeFhirUrl}/Practitioner/specialist-farah-haddad`),
    ]);
    const headers = proxyHeaders(sandbox, rosa);
    const send = async (h: Record<string, string>, patient: string): Promise<string> =>
      ((await (await fetch(`${sandbox.proxyUrl}/consults`, { method: 'POST', headers: h, body: JSON.stringify(consultInputFor(patient)) })).json()) as { consult: { id: string } }).consult.id;
    const endpoints = listEndpoints(createApp(createDeps(sandbox.proxyEnv, { logger: silentLogger })));
    const target: FuzzTarget = {
      endpoints,
      headers,
      specialistHeaders: proxyHeaders(sandbox, specialist),
      ownConsultId: await send(headers, ROSA_DELGADO_ID),
      otherConsultId: await send(proxyHeaders(sandbox, harold), HAROLD_WHITFIELD_ID),
      consult: consultInputFor(ROSA_DELGADO_ID),
      otherItems: [...chartIds(HAROLD_WHITFIELD_ID, 'Observation').slice(0, 3).map((id) => ({ type: 'Observation' as const, id })), ...chartIds(HAROLD_WHITFIELD_ID, 'Condition').map((id) => ({ type: 'Condition' as const, id }))],
      baitIss: `${bait.origin}/fhir`,
    };
    const rng = createRng(seed);
    const requests: FuzzRequest[] = Array.from({ length: count }, () => generateRequest(rng, target));
    const byStatus: Record<number, number> = {};
    const byKind: Record<string, number> = {};
    const failures: FuzzFailure[] = [];
    let acceptedSpecialistRequests = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < requests.length; index = next++) {
        const r = requests[index]!;
        byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
        const { status, problem } = await check(sandbox.proxyUrl, r, byStatus);
        if (status !== undefined && status < 300 && r.path.startsWith('/specialist') && r.headers.Authorization === target.specialistHeaders.Authorization) {
          acceptedSpecialistRequests++;
        }
        if (problem) {
          failures.push({ index, kind: r.kind, request: `${r.method} ${r.path.slice(0, 120)}`, problem });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const stillServes = await servesAfterwards(sandbox.proxyUrl, sandbox.storeFhirUrl, headers);
    return { seed, sent: count, endpoints: endpoints.map((e) => `${e.method} ${e.path}`), byStatus, byKind, failures, acceptedSpecialistRequests, baitRequests: bait.requests.length, stillServes, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await bait.close();
    await sandbox.stop();
  }
}

/** The answer's status (none when there was no answer) and what was wrong with it, if anything. */
async function check(proxyUrl: string, r: FuzzRequest, byStatus: Record<number, number>): Promise<{ status?: number; problem: string | undefined }> {
  let response: Response;
  try {
    const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, printable(v)]));
    response = await fetch(`${proxyUrl}${r.path}`, { method: r.method, headers, ...(r.body === undefined ? {} : { body: r.body }), signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return { problem: `no answer: ${err instanceof Error ? err.message : String(err)}${cause}` };
  }
  byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
  // A HEAD answer has no body by definition (HTTP), so only a GET stream is held to its first event.
  if (response.ok && r.method !== 'HEAD' && response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // GET /events is a long-lived stream: it never ends by itself. Its first event must be `ready`; then hang up.
    return { status: response.status, problem: await firstEventOf(response) };
  }
  const text = await response.text();
  if (response.status >= 500) {
    return { status: response.status, problem: `answered ${response.status}: ${text.slice(0, 300)}` };
  }
  // 431: Node's HTTP parser refuses a request line or headers over 16 KB before any application code
  // runs, with an empty body; there is no route to answer with an OperationOutcome.
  if (response.status >= 400 && response.status !== 431 && r.method !== 'HEAD') {
    const body = (() => {
      try {
        return JSON.parse(text) as { resourceType?: unknown; issue?: { details?: { text?: unknown } }[] };
      } catch {
        return undefined;
      }
    })();
    if (body?.resourceType !== 'OperationOutcome' || typeof body.issue?.[0]?.details?.text !== 'string') {
      return { status: response.status, problem: `answered ${response.status} without an OperationOutcome: ${text.slice(0, 200)}` };
    }
  }
  return { status: response.status, problem: undefined };
}

async function firstEventOf(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  let timer: number | undefined;
  try {
    const chunk = await Promise.race([reader?.read(), new Promise<undefined>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    const text = new TextDecoder().decode(chunk?.value);
    return text.startsWith('event: ready') ? undefined : `event stream began without a ready event: ${text.slice(0, 200)}`;
  } finally {
    clearTimeout(timer);
    await reader?.cancel().catch(() => undefined);
  }
}

async function servesAfterwards(proxyUrl: string, storeUrl: string, headers: Record<string, string>): Promise<boolean> {
  const input = consultInputFor(ROSA_DELGADO_ID);
  const health = await fetch(`${proxyUrl}/health`);
  const sent = await fetch(`${proxyUrl}/consults`, { method: 'POST', headers, body: JSON.stringify(input) });
  const list = (await (await fetch(`${proxyUrl}/consults`, { headers })).json()) as { consults?: { idempotencyKey?: string }[] };
  const stored = (await (await fetch(`${storeUrl}/ServiceRequest?identifier=${encodeURIComponent(`https://curbside.health/fhir/sid/consult-request|${input.idempotencyKey}`)}`)).json()) as Bundle;
  return health.status === 200 && sent.status === 201 && (list.consults ?? []).some((c) => c.idempotencyKey === input.idempotencyKey) && stored.total === 1;
}

/** The report as the fuzz command prints it. */
export function formatFuzzReport(report: FuzzReport): string {
  return [
    `Fuzz: ${report.sent} requests (seed ${report.seed}) across ${report.endpoints.length} endpoints (${report.endpoints.join(', ')}) in ${report.seconds} s`,
    `  by kind:   ${Object.entries(report.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  by status: ${Object.entries(report.byStatus).map(([s, n]) => `${s}×${n}`).join(', ')}`,
    `  5xx or non-OperationOutcome errors: ${report.failures.length}`,
    ...report.failures.slice(0, 20).map((f) => `    #${f.index} [${f.kind}] ${f.request} → ${f.problem}`),
    `  specialist-route requests accepted as the signed-in specialist: ${report.acceptedSpecialistRequests}`,
    `  requests that reached a non-allow-listed issuer: ${report.baitRequests}`,
    `  the proxy still serves a real consult afterwards: ${report.stillServes ? 'yes' : 'NO'}`,
  ].join('\n');
}
