import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { consultRequestInputSchema } from '../api/consult-input.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { listConsults } from '../consults/list-consults.ts';
import { submitConsult } from '../consults/submit-consult.ts';
import { toOutcome } from '../lib/validation-hook.ts';
import { smartAuth, type AuthEnv } from '../middleware/smart-auth.ts';

/**
 * POST /consults sends a consult for the launch's patient (201 new, 200 when the idempotency key was
 * already stored); GET /consults lists that patient's consults. The patient always comes from the
 * verified launch, never from the body.
 */
export function consultRoutes(deps: ProxyDeps) {
  return new Hono<AuthEnv>()
    .use(smartAuth(deps.verifier))
    .post('/', zValidator('json', consultRequestInputSchema, toOutcome), async (c) => {
      const { consult, created, ehr } = await submitConsult(deps, c.var.launch, c.req.valid('json'));
      return created ? c.json({ consult, ehr }, 201) : c.json({ consult, ehr }, 200);
    })
    .get('/', async (c) => c.json({ consults: await listConsults(deps, c.var.launch) }, 200));
}
