import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { consultRequestInputSchema } from '../api/consult-input.ts';
import { messageInputSchema } from '../api/consult-thread.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { listConsults } from '../consults/list-consults.ts';
import { replyToSpecialist } from '../consults/reply-to-specialist.ts';
import { submitConsult } from '../consults/submit-consult.ts';
import { toConsultDetail } from '../consults/to-consult-detail.ts';
import { toOutcome } from '../lib/validation-hook.ts';
import type { ConsultEnv } from '../middleware/consult-access.ts';
import { smartAuth } from '../middleware/smart-auth.ts';

/**
 * POST /consults sends a consult for the launch's patient (201 new, 200 when the idempotency key was
 * already stored); GET /consults/:id reads one with its thread; POST /consults/:id/messages replies to
 * the specialist. The app-level `consultAccess` guard has already checked the consult is this
 * patient's (else 404); the patient always comes from the verified launch, never from the body.
 */
export function consultRoutes(deps: ProxyDeps) {
  return new Hono<ConsultEnv>()
    .use(smartAuth(deps.verifier))
    .post('/', zValidator('json', consultRequestInputSchema, toOutcome), async (c) => {
      const { consult, created, ehr } = await submitConsult(deps, c.var.launch, c.req.valid('json'));
      c.set('auditEntities', [`ServiceRequest/${consult.id}`]);
      return created ? c.json({ consult, ehr }, 201) : c.json({ consult, ehr }, 200);
    })
    .get('/', async (c) => c.json({ consults: await listConsults(deps, c.var.launch) }, 200))
    .get('/:id', async (c) => c.json({ consult: toConsultDetail(c.var.consult, deps.now(), deps.sla) }, 200))
    .post('/:id/messages', zValidator('json', messageInputSchema, toOutcome), async (c) => {
      const { message, created } = await replyToSpecialist(deps, c.var.launch, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    });
}
