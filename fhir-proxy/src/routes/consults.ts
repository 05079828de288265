import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { consultRequestInputSchema } from '../api/consult-input.ts';
import { messageInputSchema } from '../api/consult-thread.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { listConsults } from '../consults/list-consults.ts';
import { replyToSpecialist } from '../consults/reply-to-specialist.ts';
import { readForRequester } from '../consults/requester-access.ts';
import { submitConsult } from '../consults/submit-consult.ts';
import { toConsultDetail } from '../consults/to-consult-detail.ts';
import { toOutcome } from '../lib/validation-hook.ts';
import { smartAuth, type AuthEnv } from '../middleware/smart-auth.ts';

/**
 * POST /consults sends a consult for the launch's patient (201 new, 200 when the idempotency key was
 * already stored); GET /consults lists that patient's consults; GET /consults/:id reads one with its
 * thread; POST /consults/:id/messages replies to the specialist. The patient always comes from the
 * verified launch, never from the body, and a consult about anyone else is 404.
 */
export function consultRoutes(deps: ProxyDeps) {
  return new Hono<AuthEnv>()
    .use(smartAuth(deps.verifier))
    .post('/', zValidator('json', consultRequestInputSchema, toOutcome), async (c) => {
      const { consult, created, ehr } = await submitConsult(deps, c.var.launch, c.req.valid('json'));
      return created ? c.json({ consult, ehr }, 201) : c.json({ consult, ehr }, 200);
    })
    .get('/', async (c) => c.json({ consults: await listConsults(deps, c.var.launch) }, 200))
    .get('/:id', async (c) => {
      const record = await readForRequester(deps, c.var.launch, c.req.param('id'));
      return c.json({ consult: toConsultDetail(record, deps.now(), deps.sla) }, 200);
    })
    .post('/:id/messages', zValidator('json', messageInputSchema, toOutcome), async (c) => {
      const { message, created } = await replyToSpecialist(deps, c.var.launch, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    });
}
