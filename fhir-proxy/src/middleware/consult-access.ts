import { createMiddleware } from 'hono/factory';
import type { LaunchContext } from '../auth/launch-context.ts';
import type { ProxyDeps } from '../consults/deps.ts';
import type { ConsultRecord } from '../consults/consult-record.ts';
import { readForRequester } from '../consults/requester-access.ts';
import { verifyRequest } from './smart-auth.ts';

export interface ConsultEnv {
  Variables: { launch: LaunchContext; consult: ConsultRecord; auditEntities: readonly string[] };
}

/**
 * Guards every `/consults/:id` and `/consults/:id/…` route, present and future: the caller is verified
 * and the consult must be theirs to see (`mayAccessConsult`), else 404, before the route runs. The
 * route finds the consult in `c.var.consult`; the audit record names it. `except` lists requests
 * (`POST /consults/shared-check`, method and exact path) that name no consult and are let by.
 */
export function consultAccess(deps: ProxyDeps, options: { readonly except?: readonly string[] } = {}) {
  return createMiddleware<ConsultEnv>(async (c, next) => {
    // `/consults/:id/*` matches `/consults/:id` as well, so both registrations see that path: check once.
    // `POST /consults/shared-check` is a route of the collection, not a consult; its route verifies the caller.
    if ((c.get('consult') as ConsultRecord | undefined) || options.except?.includes(`${c.req.method} ${c.req.path}`)) {
      return next();
    }
    // Runs before the routes' own auth middleware, so it verifies the caller itself (they then skip it).
    const launch = (c.get('launch') as LaunchContext | undefined) ?? (await verifyRequest(c, deps.verifier));
    c.set('launch', launch);
    const consult = await readForRequester(deps, launch, c.req.param('id') ?? '');
    c.set('consult', consult);
    c.set('auditEntities', [`ServiceRequest/${consult.sr.id}`]);
    await next();
  });
}
