// Liveness and readiness, and facts about this deployment the web app needs before sign-in.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema } from '../http';
import { getSetting } from '../settings/settings.repository';
import { VERSION } from '../version';

export interface DemoInfo {
  accounts: { username: string; password: string; roles: string[]; displayName: string }[];
  open311Key?: string;
}

export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/health', {
    schema: {
      tags: ['meta'],
      summary: 'Health check',
      response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() }), 503: ErrorSchema },
    },
    handler: async () => {
      try {
        await ctx.db.execute(sql`select 1`);
      } catch {
        throw new AppError('DB_UNAVAILABLE');
      }
      return { status: 'ok' as const, db: ctx.database.kind, version: VERSION };
    },
  });

  r.get('/api/meta', {
    schema: {
      tags: ['meta'],
      summary: 'Deployment facts for the web app (district, demo accounts on the demo deployment)',
      response: {
        200: z.object({
          version: z.string(),
          district: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
          demo: z.boolean(),
          demoAccounts: z.array(z.object({ username: z.string(), password: z.string(), roles: z.array(z.string()), displayName: z.string() })),
        }),
      },
    },
    handler: async () => {
      const demo = await getSetting<DemoInfo>(ctx.db, 'demo');
      return {
        version: VERSION,
        district: { code: ctx.config.districtCode, name: '绿园区', nameEn: 'Lvyuan District' },
        demo: !!demo,
        demoAccounts: demo?.accounts ?? [],
      };
    },
  });
}
