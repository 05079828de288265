import { createMiddleware } from 'hono/factory';
import type { ProxyDeps } from '../consults/deps.ts';
import { verifyUserRequest } from './smart-auth.ts';
import { resolveSpecialist } from '../specialist/resolve-specialist.ts';
import type { SpecialistContext } from '../specialist/specialist-context.ts';

export interface SpecialistEnv {
  Variables: { specialist: SpecialistContext };
}

const TTL_MS = 60_000;

/**
 * Specialist routes: the caller is verified with the issuer exactly as on the requester's routes (no
 * patient needed), then found in the consult store's directory. The directory lookup is cached for a
 * minute per issuer and user (the verification itself is cached per token by the verifier), so a busy
 * queue page costs no directory reads; every instance keeps its own cache, nothing is shared.
 */
export function specialistAuth(deps: ProxyDeps) {
  const cache = new Map<string, { context: Omit<SpecialistContext, 'user'>; until: number }>();
  return createMiddleware<SpecialistEnv>(async (c, next) => {
    const user = await verifyUserRequest(c, deps.verifier);
    const key = `${user.iss}\n${user.fhirUser}`;
    const now = deps.now().getTime();
    const cached = cache.get(key);
    let context: Omit<SpecialistContext, 'user'>;
    if (cached && cached.until > now) {
      context = cached.context;
    } else {
      const { user: _user, ...resolved } = await resolveSpecialist(deps, user);
      context = resolved;
      if (cache.size > 5_000) {
        cache.clear();
      }
      cache.set(key, { context, until: now + TTL_MS });
    }
    c.set('specialist', { ...context, user });
    await next();
  });
}
