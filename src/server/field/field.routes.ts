// Field inspector API (城管通): duty switch, patrol positions, the command map's inspector positions, tracks,
// my beat, recent classes, idempotent task answers and my monthly figures. Reports go through POST /api/cases.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseDetailSchema } from '../cases/case.schema';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import {
  BeatSchema,
  DutyInputSchema,
  DutySchema,
  FieldSettingsSchema,
  LatestPositionSchema,
  PositionsInputSchema,
  StatsSchema,
  TaskAnswerSchema,
  TrackQuerySchema,
} from './field.schema';
import * as service from './field.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const tags = ['field'];

export async function fieldRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/field/duty', {
    preHandler: requireUser,
    schema: { tags, summary: 'My duty state, last position and the field settings (position interval)', response: { 200: DutySchema, ...errors } },
    handler: (req) => service.getDuty(ctx, req.user!),
  });

  r.post('/api/field/duty', {
    preHandler: requireUser,
    schema: { tags, summary: 'Go on or off duty (上岗/下岗)', body: DutyInputSchema, response: { 200: DutySchema, ...errors } },
    handler: (req) => service.setDuty(ctx, req.user!, req.body.onDuty),
  });

  r.post('/api/field/positions', {
    preHandler: requireUser,
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Send patrol positions (while on duty)',
      description: 'A batch of positions taken by the phone; `crs` says the coordinate system (browsers give WGS84). Stored as WGS84.',
      body: PositionsInputSchema,
      response: { 200: z.object({ accepted: z.number() }), ...errors },
    },
    handler: (req) => service.recordPositions(ctx, req.user!, req.body),
  });

  r.get('/api/field/positions', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Latest positions of the inspectors on duty (command map)',
      description: 'Centre staff only. WGS84. `stale` when the last position is older than the configured staleAfterSeconds.',
      response: { 200: z.object({ items: z.array(LatestPositionSchema) }), ...errors },
    },
    handler: (req) => service.latestPositions(ctx, req.user!),
  });

  r.get('/api/field/track', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'A patrol track (default: the last 12 hours)',
      querystring: TrackQuerySchema,
      response: { 200: z.object({ userId: z.string(), points: z.array(z.object({ at: z.string(), lng: z.number(), lat: z.number(), accuracy: z.number().nullable() })) }), ...errors },
    },
    handler: (req) => service.getTrack(ctx, req.user!, req.query),
  });

  r.get('/api/field/beat', {
    preHandler: requireUser,
    schema: { tags, summary: 'My beat (责任网格): its unit grids as GeoJSON (WGS84)', response: { 200: BeatSchema, ...errors } },
    handler: (req) => service.myBeat(ctx, req.user!),
  });

  r.get('/api/field/recent-classes', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'The classes I reported most recently',
      response: { 200: z.object({ items: z.array(z.object({ kind: z.enum(['component', 'matter']), code: z.string(), nameZh: z.string(), nameEn: z.string() })) }), ...errors },
    },
    handler: (req) => service.recentClasses(ctx, req.user!),
  });

  r.post('/api/field/tasks/:id/answer', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Answer a verify (核实) or check (核查) task, once per Idempotency-Key',
      description: 'The same as POST /api/cases/:id/verify or /check, but a retry with the same `Idempotency-Key` returns the case instead of failing.',
      params: z.object({ id: z.string().uuid() }),
      headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }),
      body: TaskAnswerSchema,
      response: { 200: CaseDetailSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.answerTask(ctx, req.user!, req.params.id, req.body, req.headers['idempotency-key']);
      if (res.replayed) reply.header('idempotent-replayed', 'true');
      return res.case;
    },
  });

  r.get('/api/field/stats', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'My figures this month: reports, 有效上报率, 按时核实率, 按时核查率',
      querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() }),
      response: { 200: StatsSchema, ...errors },
    },
    handler: (req) => service.myStats(ctx, req.user!, req.query.month),
  });

  r.get('/api/field/settings', {
    preHandler: requireUser,
    schema: { tags, summary: 'Field settings (position interval, track retention)', response: { 200: FieldSettingsSchema, ...errors } },
    handler: () => service.fieldSettings(ctx),
  });

  r.put('/api/field/settings', {
    preHandler: requireUser,
    schema: { tags, summary: 'Change the field settings (administrators)', body: FieldSettingsSchema.partial().strict(), response: { 200: FieldSettingsSchema, ...errors } },
    handler: (req) => service.updateFieldSettings(ctx, req.user!, req.body),
  });
}
