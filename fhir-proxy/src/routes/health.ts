import type { HealthcareService } from 'fhir/r4';
import { Hono } from 'hono';
import type { ProxyDeps } from '../consults/deps.ts';
import { outcome, Problem } from '../lib/outcome.ts';

// A probe is asked every few seconds and gives up after a few: answer within that, retries included.
const READY_BUDGET_MS = 3_000;

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly text: string };

/**
 * Whether this instance can serve consults: the consult store answers a search made with the proxy's
 * own credentials (so its token, where it needs one, is obtained too), and holds a specialty pool to
 * address a consult to. The EHRs are not probed: there are many, and each call reaches them with the
 * physician's token.
 */
export async function storeReadiness(store: ProxyDeps['store']): Promise<Readiness> {
  try {
    const pools = await store.search<HealthcareService>('HealthcareService?active=true&_count=1', { signal: AbortSignal.timeout(READY_BUDGET_MS) });
    return pools.entry?.some((e) => e.resource?.resourceType === 'HealthcareService')
      ? { ready: true }
      : { ready: false, text: 'Not ready: the consult store holds no active specialty pool (HealthcareService). Load the specialist directory into it.' };
  } catch (err) {
    if (err instanceof Problem && err.outcome.issue[0]?.code === 'security') {
      return { ready: false, text: "Not ready: the consult store refused the proxy's own access. Check the store's credentials (CONSULT_STORE_AUTH) and its access rules." };
    }
    // The client's text is written for a physician ("Please try again…"); the operator needs only the cause.
    const cause = err instanceof Error ? err.message.replace(/ Please try again.*$/, '') : '';
    return { ready: false, text: `Not ready: the consult store did not answer. ${cause}`.trim() };
  }
}

/**
 * GET /health: the process answers (liveness). GET /health/ready: it can serve consults (readiness, for
 * a load balancer or orchestrator), else 503 with an OperationOutcome naming what to fix. Neither reads
 * patient data or is audited.
 */
export function healthRoutes(deps: ProxyDeps) {
  return new Hono()
    .get('/', (c) => c.json({ status: 'ok' as const }, 200))
    .get('/ready', async (c) => {
      const readiness = await storeReadiness(deps.store);
      return readiness.ready ? c.json({ status: 'ready' as const }, 200) : c.json(outcome('transient', readiness.text), 503);
    });
}
