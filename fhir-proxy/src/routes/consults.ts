import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { consultRequestInputSchema } from '../api/consult-input.ts';
import { messageInputSchema, withdrawInputSchema } from '../api/consult-thread.ts';
import { sharedCheckInputSchema } from '../api/shared-check.ts';
import { ChartCache } from '../consults/chart-cache.ts';
import { checkSharedItems } from '../consults/check-shared-items.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { listConsults } from '../consults/list-consults.ts';
import { replyToSpecialist } from '../consults/reply-to-specialist.ts';
import { targetResolver } from '../consults/resolve-target.ts';
import { submitConsult, type ConsultCaches } from '../consults/submit-consult.ts';
import { toConsultDetail } from '../consults/to-consult-detail.ts';
import { withdrawConsult } from '../consults/withdraw-consult.ts';
import { toOutcome } from '../lib/validation-hook.ts';
import type { ConsultEnv } from '../middleware/consult-access.ts';
import { smartAuth } from '../middleware/smart-auth.ts';

/** The one path under `/consults/` that names no consult (the app-level `consultAccess` guard lets it by). */
export const SHARED_CHECK_PATH = 'shared-check';

/**
 * POST /consults sends a consult for the launch's patient (201 new, 200 when the idempotency key was
 * already stored); POST /consults/shared-check checks the items the physician has ticked while they
 * write, so sending reads nothing again; GET /consults/:id reads one with its thread;
 * POST /consults/:id/messages replies to the specialist; POST /consults/:id/withdraw closes a consult the
 * physician no longer needs, with the reason for the specialist. The app-level `consultAccess` guard has
 * already checked the consult is this patient's (else 404); the patient always comes from the
 * verified launch, never from the body.
 */
export function consultRoutes(deps: ProxyDeps) {
  // Kept by this process for a few minutes, per verified session (chart-cache.ts): another instance
  // behind a load balancer simply reads the EHR again when the consult is sent.
  const clock = (): number => deps.now().getTime();
  const caches: ConsultCaches = { chart: new ChartCache({ now: clock }), resolveTarget: targetResolver(deps.store, clock) };
  return new Hono<ConsultEnv>()
    .use(smartAuth(deps.verifier))
    .post(`/${SHARED_CHECK_PATH}`, zValidator('json', sharedCheckInputSchema, toOutcome), async (c) => c.json(await checkSharedItems(deps, caches.chart, c.var.launch, c.req.valid('json')), 200))
    .post('/', zValidator('json', consultRequestInputSchema, toOutcome), async (c) => {
      const { consult, created, ehr } = await submitConsult(deps, c.var.launch, c.req.valid('json'), caches);
      c.set('auditEntities', [`ServiceRequest/${consult.id}`]);
      return created ? c.json({ consult, ehr }, 201) : c.json({ consult, ehr }, 200);
    })
    .get('/', async (c) => c.json({ consults: await listConsults(deps, c.var.launch) }, 200))
    .get('/:id', async (c) => c.json({ consult: toConsultDetail(c.var.consult, deps.now(), deps.sla) }, 200))
    .post('/:id/messages', zValidator('json', messageInputSchema, toOutcome), async (c) => {
      const { message, created } = await replyToSpecialist(deps, c.var.launch, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    })
    .post('/:id/withdraw', zValidator('json', withdrawInputSchema, toOutcome), async (c) => {
      const { message, created } = await withdrawConsult(deps, c.var.launch, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    });
}
