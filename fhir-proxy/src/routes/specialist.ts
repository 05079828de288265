import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { answerInputSchema, declineInputSchema, messageInputSchema, redirectInputSchema } from '../api/consult-thread.ts';
import { queueQuerySchema, type SpecialistProfile } from '../api/specialist.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import { directoryReader } from '../consults/read-directory.ts';
import { toConsultDetail } from '../consults/to-consult-detail.ts';
import { Problem } from '../lib/outcome.ts';
import { toOutcome } from '../lib/validation-hook.ts';
import { readProgrammeMetrics } from '../metrics/read-metrics.ts';
import { specialistAuth, type SpecialistEnv } from '../middleware/specialist-auth.ts';
import { claimConsult } from '../specialist/claim-consult.ts';
import { declineConsult, redirectConsult } from '../specialist/decline-consult.ts';
import { readPacket, readPatientIdentity } from '../specialist/read-packet.ts';
import { readQueue } from '../specialist/read-queue.ts';
import { claimableBy, ownRole, readForSpecialist } from '../specialist/specialist-access.ts';
import type { SpecialistContext } from '../specialist/specialist-context.ts';
import { answerConsult, askRequester } from '../specialist/write-to-requester.ts';

/**
 * The specialist's API (standalone SMART sign-in, no patient): who am I, my queue, one consult with its
 * packet and thread, claim / decline / redirect, a clarifying question, the final answer, the directory
 * (for redirects) and, for programme leads, the programme metrics. A consult not addressed to the
 * caller's roles or pools is 404, never 403.
 */
export function specialistRoutes(deps: ProxyDeps) {
  const readDirectory = directoryReader(deps.store);
  return new Hono<SpecialistEnv>()
    .use(specialistAuth(deps))
    .get('/me', (c) => c.json(profile(c.var.specialist), 200))
    .get('/queue', zValidator('query', queueQuerySchema, toOutcome), async (c) => c.json(await readQueue(deps, c.var.specialist, c.req.valid('query')), 200))
    .get('/directory', async (c) => c.json(await readDirectory(), 200))
    .get('/metrics', async (c) => {
      if (!c.var.specialist.programmeLead) {
        throw Problem.of(403, 'forbidden', 'The programme metrics are for e-consult programme leads. Ask the programme to add the role to your account.');
      }
      return c.json(await readProgrammeMetrics(deps), 200);
    })
    .get('/consults/:id', async (c) => {
      const record = await readForSpecialist(deps, c.var.specialist, c.req.param('id'));
      const [packet, patient] = await Promise.all([readPacket(deps, record), readPatientIdentity(deps, record)]);
      const detail = toConsultDetail(record, deps.now(), deps.sla);
      const reason = detail.reason ?? packet.problems.find((p) => record.sr.reasonReference?.some((r) => r.reference === `Condition/${p.id}`))?.code?.text;
      return c.json({ consult: { ...detail, reason, patient, packet, mine: !!ownRole(record, c.var.specialist), claimable: claimableBy(record, c.var.specialist) } }, 200);
    })
    .post('/consults/:id/claim', async (c) => {
      const { consult, changed } = await claimConsult(deps, c.var.specialist, c.req.param('id'));
      return c.json({ consult, changed }, 200);
    })
    .post('/consults/:id/decline', zValidator('json', declineInputSchema, toOutcome), async (c) => {
      const { message, created } = await declineConsult(deps, c.var.specialist, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    })
    .post('/consults/:id/redirect', zValidator('json', redirectInputSchema, toOutcome), async (c) => {
      const { message, created } = await redirectConsult(deps, c.var.specialist, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    })
    .post('/consults/:id/messages', zValidator('json', messageInputSchema, toOutcome), async (c) => {
      const { message, created } = await askRequester(deps, c.var.specialist, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    })
    .post('/consults/:id/answer', zValidator('json', answerInputSchema, toOutcome), async (c) => {
      const { message, created } = await answerConsult(deps, c.var.specialist, c.req.param('id'), c.req.valid('json'));
      return created ? c.json({ message }, 201) : c.json({ message }, 200);
    });
}

function profile(specialist: SpecialistContext): SpecialistProfile {
  return {
    practitionerId: specialist.practitionerId,
    name: specialist.name,
    roles: specialist.roles.map((r) => ({ id: r.id, specialties: r.specialties })),
    pools: specialist.pools.map((p) => ({ id: p.id, name: p.name })),
    programmeLead: specialist.programmeLead,
  };
}
