// Who is calling an integration endpoint: an API key (x-api-key or Authorization: Bearer), or a signed-in person.
// API-key requests carry no session cookie, so the CSRF check of cookie sessions does not apply to them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { logUsage } from './api-key.repository';
import { authenticateApiKey, type Caller, type KeyCaller } from './api-key.service';

const keyOfRequest = new WeakMap<FastifyRequest, string>();

/** Marks the request as made with the key, for the usage log written when the answer has gone out. */
export function noteKeyUse(req: FastifyRequest, caller: KeyCaller): void {
  keyOfRequest.set(req, caller.key.id);
}

export function presentedKey(req: FastifyRequest): string | undefined {
  const h = req.headers['x-api-key'];
  if (typeof h === 'string' && h.trim()) return h.trim();
  const auth = req.headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim() || undefined;
  return undefined;
}

/** The caller of an endpoint open to both keys and people. */
export async function callerOf(ctx: AppContext, req: FastifyRequest): Promise<Caller> {
  const raw = presentedKey(req);
  if (raw) {
    const caller = await authenticateApiKey(ctx, raw);
    noteKeyUse(req, caller);
    return caller;
  }
  if (req.user) return { kind: 'user', actor: req.user };
  throw new AppError('UNAUTHENTICATED');
}

/** Writes one usage row per request made with a key, after the answer (it never delays or fails the request). */
export function installUsageLog(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onResponse', async (req, reply) => {
    const keyId = keyOfRequest.get(req);
    if (!keyId) return;
    try {
      await logUsage(ctx.db, { keyId, at: ctx.now(), method: req.method, path: req.url.split('?')[0].slice(0, 300), status: reply.statusCode, ip: req.ip ?? null });
    } catch (err) {
      req.log.warn({ err }, 'could not log API key usage');
    }
  });
}
