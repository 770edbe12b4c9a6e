// Cases API: intake, lists and queues, detail, and one endpoint per workflow action.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTION_NAMES, ACTION_RULES, ActionInputSchemas } from '../../domain/workflow';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import { ActionQuerySchema, CaseCreateSchema, CaseDetailSchema, CaseListQuerySchema, CaseListSchema, QUEUES } from './case.schema';
import * as service from './case.service';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

export async function caseRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/cases', {
    preHandler: requireUser,
    schema: {
      tags: ['cases'],
      summary: 'Report a case (any channel)',
      description: 'Send an `Idempotency-Key` header so that a retry after a lost answer never makes two cases.',
      headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }),
      body: CaseCreateSchema,
      response: { 200: CaseDetailSchema, 201: CaseDetailSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.createCase(ctx, req.user!, req.body, req.headers['idempotency-key']);
      if (res.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(res.replayed ? 200 : 201).send(res.case);
    },
  });

  r.get('/api/cases', {
    preHandler: requireUser,
    schema: { tags: ['cases'], summary: 'List and search cases', querystring: CaseListQuerySchema, response: { 200: CaseListSchema, ...errors } },
    handler: (req) => service.listCases(ctx, req.user!, req.query),
  });

  r.get('/api/cases/queues', {
    preHandler: requireUser,
    schema: { tags: ['cases'], summary: "Counts of the current user's work queues", response: { 200: z.record(z.enum(QUEUES), z.number()), ...errors } },
    handler: (req) => service.queueCounts(ctx, req.user!),
  });

  r.get('/api/cases/:id', {
    preHandler: requireUser,
    schema: { tags: ['cases'], summary: 'Case detail with timeline (by id or case number)', params: IdParams, response: { 200: CaseDetailSchema, ...errors } },
    handler: (req) => service.getCase(ctx, req.user!, req.params.id),
  });

  for (const action of ACTION_NAMES) {
    const rule = ACTION_RULES[action];
    r.post(`/api/cases/:id/${action}`, {
      preHandler: requireUser,
      schema: {
        tags: ['workflow'],
        summary: `${rule.labelEn} (${rule.labelZh})`,
        description: `Roles: ${rule.roles.join(', ')}. From states: ${rule.from.join(', ')}.`,
        params: z.object({ id: z.string().uuid() }),
        querystring: ActionQuerySchema,
        body: ActionInputSchemas[action],
        response: { 200: CaseDetailSchema, ...errors },
      },
      handler: (req) => service.actOnCase(ctx, req.user!, req.params.id, action, req.body, req.query.expectedVersion),
    });
  }
}
