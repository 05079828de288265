import { Hono } from 'hono';
import type { ProxyDeps } from '../consults/deps.ts';
import { directoryReader } from '../consults/read-directory.ts';
import { smartAuth, type AuthEnv } from '../middleware/smart-auth.ts';

/** GET /directory: the specialties (pools) and named specialists a consult can go to. */
export function directoryRoutes(deps: ProxyDeps) {
  const readDirectory = directoryReader(deps.store);
  return new Hono<AuthEnv>().use(smartAuth(deps.verifier)).get('/', async (c) => c.json(await readDirectory(), 200));
}
