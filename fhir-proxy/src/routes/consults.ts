import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { consultRequestInputSchema } from '../api/consult-input.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { listConsults } from '../consults/list-consults.ts';
import { consultSummaryOf } from '../consults/read-consult.ts';
import { submitConsult } from '../consults/submit-consult.ts';
import { toOutcome } from '../lib/validation-hook.ts';
import type { ConsultEnv } from '../middleware/consult-access.ts';
import { smartAuth } from '../middleware/smart-auth.ts';

/**
 * POST /consults sends a consult for the launch's patient (201 new, 200 when the idempotency key was
 * already stored); GET /consults lists that patient's consults; GET /consults/:id reads one (the
 * app-level `consultAccess` guard has already checked it is this patient's). The patient always comes
 * from the verified launch, never from the body.
 */
export function consultRoutes(deps: ProxyDeps) {
  return new Hono<ConsultEnv>()
    .use(smartAuth(deps.verifier))
    .post('/', zValidator('json', consultRequestInputSchema, toOutcome), async (c) => {
      const { consult, created } = await submitConsult(deps, c.var.launch, c.req.valid('json'));
      c.set('auditEntities', [`ServiceRequest/${consult.id}`]);
      return created ? c.json({ consult }, 201) : c.json({ consult }, 200);
    })
    .get('/', async (c) => c.json({ consults: await listConsults(deps, c.var.launch) }, 200))
    .get('/:id', async (c) => c.json({ consult: await consultSummaryOf(deps, c.var.consult) }, 200));
}
