// HTTP plumbing shared by all routes: request decorations, the auth guard, language choice and the error handler.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WorkflowError } from '../domain/workflow';
import type { CurrentUser } from './auth/auth.service';
import { AppError, errorBody, type ErrorCode } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
    lang: 'zh' | 'en';
  }
}

export const SESSION_COOKIE = 'wg_session';

/** preHandler: the route needs a signed-in user. */
export async function requireUser(req: FastifyRequest): Promise<void> {
  if (!req.user) throw new AppError('UNAUTHENTICATED');
}

export function languageOf(req: FastifyRequest): 'zh' | 'en' {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'zh') return q;
  const h = String(req.headers['accept-language'] ?? '');
  return /^en/i.test(h) ? 'en' : 'zh';
}

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messageZh: z.string(),
    messageEn: z.string(),
    detail: z.string().optional(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_FILES_LIMIT: 'VALIDATION_FAILED',
  FST_PARTS_LIMIT: 'VALIDATION_FAILED',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

/** What the multipart parser (busboy/dicer) throws, without a code, for a body that is not the multipart it claims. */
const BROKEN_MULTIPART = /^(Multipart: Boundary not found|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|Malformed part header)/;

const DB_DOWN = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|Connection terminated|terminating connection|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|timeout exceeded when trying to connect|^57P0[1-3]$|^08\d\d\d$/;

/** Whether the error, or anything it was caused by (Drizzle wraps the driver's error), says the database is away. */
function databaseUnavailable(err: unknown): boolean {
  let e = err as { message?: unknown; code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && DB_DOWN.test(e.code)) return true;
    if (typeof e.message === 'string' && DB_DOWN.test(e.message)) return true;
  }
  return false;
}

/** Turns anything thrown into the one error shape. Unknown errors are logged and become a 500 without internals. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowError) return new AppError(err.code, err.message);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => ({
      path: `${(err as FastifyError).validationContext ?? ''}${v.instancePath || ''}`.replace(/\//g, '.'),
      message: v.message ?? 'invalid',
    }));
    return new AppError('VALIDATION_FAILED', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields);
  }
  if (err instanceof z.ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new AppError('VALIDATION_FAILED', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields);
  }
  const fe = err as FastifyError & { statusCode?: number };
  if (fe && typeof fe.code === 'string' && FASTIFY_CODES[fe.code]) return new AppError(FASTIFY_CODES[fe.code], fe.message);
  if (fe && fe.statusCode === 429) return new AppError('RATE_LIMITED');
  if (fe && fe.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', fe.message);
  if (fe && fe.statusCode === 413) return new AppError('BODY_TOO_LARGE', fe.message);
  if (fe && fe.statusCode === 400 && fe.code?.startsWith('FST_')) return new AppError('VALIDATION_FAILED', fe.message);
  if (fe instanceof Error && !fe.code && BROKEN_MULTIPART.test(fe.message)) return new AppError('VALIDATION_FAILED', `unreadable multipart body: ${fe.message}`);
  if (databaseUnavailable(err)) return new AppError('DB_UNAVAILABLE');
  const db = databaseError(err);
  if (db) {
    // Input the route's schema let through but the database refuses: a client's mistake, named by the constraint.
    if (db.code === '23505') return new AppError('ALREADY_EXISTS', db.constraint);
    if (db.code === '23503') return new AppError('REFERENCE_NOT_FOUND', db.constraint);
    if (db.code.startsWith('22') || db.code === '23514') return new AppError('VALIDATION_FAILED', db.constraint ?? db.message);
  }
  return null;
}

/** The SQLSTATE of a database error (PGlite's or node-postgres', possibly wrapped by Drizzle), with its constraint. */
export function databaseError(err: unknown): { code: string; constraint?: string; message: string } | null {
  let e = err as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.message === 'string') {
      return { code: e.code, constraint: typeof e.constraint === 'string' ? e.constraint : undefined, message: e.message };
    }
  }
  return null;
}

/** Errors Fastify raises before routing (a malformed URL, a path segment over the length limit), in the one shape. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const lang = /^en/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'zh';
  const appErr = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new AppError('URL_TOO_LONG') : new AppError('BAD_URL');
  void reply.status(appErr.status).send(errorBody(appErr, lang));
}

/** JSON 404 for unknown API paths; with `spaShell`, other GET paths serve the web app's shell (client-side routes). */
export function installNotFoundHandler(app: FastifyInstance, spaShell: boolean): void {
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/docs') || req.url.startsWith('/open311/');
    if (spaShell && req.method === 'GET' && !isApi) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send(errorBody(new AppError('NOT_FOUND', `${req.method} ${req.url.split('?')[0]}`), req.lang ?? 'zh'));
  });
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err);
    if (appErr) {
      if (appErr.status >= 500) req.log.error({ err }, appErr.code);
      // A constraint caught what validation should have: worth knowing, but the client gets its 4xx.
      else if (!(err instanceof AppError) && databaseError(err)) req.log.warn({ err }, appErr.code);
      return reply.status(appErr.status).send(errorBody(appErr, req.lang ?? 'zh'));
    }
    if (isResponseSerializationError(err)) req.log.error({ issues: err.cause.issues }, 'response does not match its schema');
    else req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(new AppError('INTERNAL'), req.lang ?? 'zh'));
  });
}
