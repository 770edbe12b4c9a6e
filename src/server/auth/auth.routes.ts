// Sign-in, sign-out and the current user.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/workflow';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, SESSION_COOKIE } from '../http';
import * as service from './auth.service';

export const CurrentUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  departmentNameEn: z.string().nullable(),
  streetCode: z.string().nullable(),
  csrfToken: z.string().describe('Send as the x-csrf-token header on every POST/PUT/PATCH/DELETE'),
});

export async function authRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/auth/login', {
    // Ten tries a minute per account and client address: guessing one account's password stays slow, while a whole
    // office signing in from behind one NAT address at the change of shift is not refused.
    config: {
      rateLimit: {
        max: 10,
        timeWindow: '1 minute',
        hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').trim().toLowerCase()}`,
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Sign in',
      body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }).strict(),
      response: { 200: z.object({ user: CurrentUserSchema }), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
    },
    handler: async (req, reply) => {
      const { token, user, expiresAt } = await service.login(ctx, req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        expires: expiresAt,
      });
      return { user };
    },
  });

  r.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out', response: { 200: z.object({ ok: z.literal(true) }) } },
    handler: async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await service.logout(ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  r.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: z.object({ user: CurrentUserSchema }), 401: ErrorSchema } },
    handler: async (req) => {
      if (!req.user) throw new AppError('UNAUTHENTICATED');
      return { user: req.user };
    },
  });
}
