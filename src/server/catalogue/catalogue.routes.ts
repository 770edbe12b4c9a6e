// The class catalogue (GB/T 47678.5-2026 plus local classes) with filing conditions and limits.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { requireUser } from '../http';
import { listClasses, listFilingConditions } from './catalogue.repository';

export async function catalogueRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/catalogue', {
    preHandler: requireUser,
    schema: { tags: ['catalogue'], summary: 'All classes with their filing conditions and handling limits' },
    handler: async (req) => {
      requireAccess(req.user, 'catalogue.read');
      const [classes, conditions] = await Promise.all([listClasses(ctx.db), listFilingConditions(ctx.db)]);
      const byClass = new Map<string, typeof conditions>();
      for (const fc of conditions) {
        const k = `${fc.kind}:${fc.classCode}`;
        byClass.set(k, [...(byClass.get(k) ?? []), fc]);
      }
      return {
        classes: classes.map((c) => ({
          ...c,
          filingConditions: (byClass.get(`${c.kind}:${c.code}`) ?? []).map((f) => ({
            code: f.code,
            nameZh: f.nameZh,
            nameEn: f.nameEn,
            limit: { amount: f.limitAmount, unit: f.limitUnit },
            closeConditionZh: f.closeConditionZh,
            closeConditionEn: f.closeConditionEn,
          })),
        })),
      };
    },
  });
  r.get('/api/catalogue/:kind/:code/filing-conditions', {
    preHandler: requireUser,
    schema: { tags: ['catalogue'], params: z.object({ kind: z.enum(['component', 'matter']), code: z.string().regex(/^\d{5,8}$/) }) },
    handler: async (req) => {
      requireAccess(req.user, 'catalogue.read');
      return listFilingConditions(ctx.db, req.params.kind, req.params.code);
    },
  });
}
