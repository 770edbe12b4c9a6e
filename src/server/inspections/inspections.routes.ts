// Hazard inspections and 双随机、一公开: the staff API (register, pool, conflicts, plans, draws, inspections, review) and
// the public API without personal data (draws with everything needed to recompute them, published results).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_CHECKLISTS, DRAW_PROTOCOL, SECTOR_LABELS, SECTORS } from '../../domain/inspections';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import * as draws from './draws.service';
import * as s from './inspections.schema';
import * as service from './inspections.service';
import * as results from './results.service';

const tags = ['inspections'];
const publicTags = ['public inspections'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema };
const Id = z.object({ id: z.string().uuid() });
const UserId = z.object({ userId: z.string().uuid() });
const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

export async function inspectionRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: requireUser };

  r.get('/api/inspections/sectors', {
    ...opts,
    schema: {
      tags,
      summary: 'Sectors with their default checklists',
      response: { 200: z.array(z.object({ code: s.SectorSchema, nameZh: z.string(), nameEn: z.string(), checklist: z.array(s.ChecklistItemSchema) })), ...errors },
    },
    handler: async () => SECTORS.map((code) => ({ code, nameZh: SECTOR_LABELS[code].zh, nameEn: SECTOR_LABELS[code].en, checklist: DEFAULT_CHECKLISTS[code] })),
  });

  // ---- register of inspectable entities
  r.get('/api/inspections/entities', {
    ...opts,
    schema: { tags, summary: 'The register of inspectable entities', querystring: s.EntityListQuerySchema, response: { 200: z.object({ total: z.number(), items: z.array(s.EntitySchema) }), ...errors } },
    handler: (req) => service.listEntities(ctx, req.user!, req.query),
  });
  r.get('/api/inspections/declarable', {
    ...opts,
    schema: {
      tags,
      summary: 'Registered entities by name or code, to declare a conflict of interest (no private data)',
      querystring: z.object({ q: z.string().trim().min(1).max(50) }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), address: z.string() })) }), ...errors },
    },
    handler: (req) => service.declarableEntities(ctx, req.user!, req.query.q),
  });
  r.post('/api/inspections/entities', {
    ...opts,
    schema: { tags, summary: 'Add an entity to the register', body: s.EntityCreateSchema, response: { 201: s.EntitySchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.createEntity(ctx, req.user!, req.body)),
  });
  r.patch('/api/inspections/entities/:id', {
    ...opts,
    schema: { tags, summary: 'Change an entity (name, address, contact, active)', params: Id, body: s.EntityPatchSchema, response: { 200: s.EntitySchema, ...errors } },
    handler: (req) => service.updateEntity(ctx, req.user!, req.params.id, req.body),
  });

  // ---- the qualified pool and conflicts of interest
  r.get('/api/inspections/inspectors', {
    ...opts,
    schema: { tags, summary: 'The qualified inspector pool', response: { 200: z.array(s.PoolMemberSchema), ...errors } },
    handler: (req) => service.listPool(ctx, req.user!),
  });
  r.get('/api/inspections/candidates', {
    ...opts,
    schema: {
      tags,
      summary: 'Staff accounts that could join the pool',
      response: { 200: z.array(z.object({ id: z.string(), displayName: z.string(), username: z.string(), departmentName: z.string().nullable() })), ...errors },
    },
    handler: (req) => service.poolCandidates(ctx, req.user!),
  });
  r.post('/api/inspections/inspectors', {
    ...opts,
    schema: { tags, summary: 'Add a user to the pool with sector qualifications', body: s.PoolAddSchema, response: { 201: s.PoolMemberSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.addPoolMember(ctx, req.user!, req.body)),
  });
  r.patch('/api/inspections/inspectors/:userId', {
    ...opts,
    schema: { tags, summary: "Change a pool member's qualifications or take them out of draws", params: UserId, body: s.PoolPatchSchema, response: { 200: s.PoolMemberSchema, ...errors } },
    handler: (req) => service.updatePoolMember(ctx, req.user!, req.params.userId, req.body),
  });
  r.get('/api/inspections/conflicts', {
    ...opts,
    schema: {
      tags,
      summary: 'Declared conflicts of interest (an inspector sees their own)',
      querystring: z.object({ userId: z.string().uuid().optional(), entityId: z.string().uuid().optional() }),
      response: { 200: z.array(s.ConflictSchema), ...errors },
    },
    handler: (req) => service.listConflicts(ctx, req.user!, req.query),
  });
  r.post('/api/inspections/conflicts', {
    ...opts,
    schema: { tags, summary: 'Declare a conflict of interest (回避): yourself, or anyone for the centre', body: s.ConflictCreateSchema, response: { 201: s.ConflictSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.declareConflict(ctx, req.user!, req.body)),
  });

  // ---- plans and draws
  r.get('/api/inspections/plans', {
    ...opts,
    schema: { tags, summary: 'Inspection plans with their draws and progress', response: { 200: z.array(s.PlanSchema), ...errors } },
    handler: (req) => service.listPlans(ctx, req.user!),
  });
  r.post('/api/inspections/plans', {
    ...opts,
    schema: { tags, summary: 'Create an inspection plan (the checklist defaults to the sector’s)', body: s.PlanCreateSchema, response: { 201: s.PlanSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.createPlan(ctx, req.user!, req.body)),
  });
  r.get('/api/inspections/plans/:id', {
    ...opts,
    schema: { tags, summary: 'A plan', params: Id, response: { 200: s.PlanSchema, ...errors } },
    handler: (req) => service.getPlan(ctx, req.user!, req.params.id),
  });
  r.post('/api/inspections/plans/:id/draws', {
    ...opts,
    schema: {
      tags,
      summary: 'Commit the next draw of a plan: freeze and publish the candidate lists and rules with the hash of a secret seed',
      description: `Protocol ${DRAW_PROTOCOL}: see src/domain/inspections/draw.ts.`,
      params: Id,
      body: s.DrawRulesSchema,
      response: { 201: s.PublicDrawSchema.extend({ inspectorNames: z.record(z.string(), z.string()) }), ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await draws.commitDraw(ctx, req.user!, req.params.id, req.body)),
  });
  r.get('/api/inspections/draws', {
    ...opts,
    schema: { tags, summary: 'All draws, newest first', response: { 200: z.array(s.DrawSummarySchema), ...errors } },
    handler: (req) => draws.listDraws(ctx, req.user!),
  });
  r.get('/api/inspections/draws/:id', {
    ...opts,
    schema: { tags, summary: 'A draw with the names behind the pool codes', params: Id, response: { 200: s.PublicDrawSchema.extend({ inspectorNames: z.record(z.string(), z.string()) }), ...errors } },
    handler: (req) => draws.getDraw(ctx, req.user!, req.params.id),
  });
  r.post('/api/inspections/draws/:id/draw', {
    ...opts,
    schema: {
      tags,
      summary: 'Make a committed draw with the witness value; creates one inspection per drawn target',
      params: Id,
      body: s.WitnessSchema,
      response: { 200: s.PublicDrawSchema.extend({ inspectorNames: z.record(z.string(), z.string()) }), ...errors },
    },
    handler: (req) => draws.executeDraw(ctx, req.user!, req.params.id, req.body.witness),
  });

  // ---- inspections
  r.get('/api/inspections', {
    ...opts,
    schema: { tags, summary: 'Inspections (an inspector sees their own)', querystring: s.InspectionListQuerySchema, response: { 200: z.object({ total: z.number(), items: z.array(s.InspectionSummarySchema) }), ...errors } },
    handler: (req) => results.listInspections(ctx, req.user!, req.query),
  });
  r.get('/api/inspections/:id', {
    ...opts,
    schema: { tags, summary: 'An inspection with its checklist, answers and findings', params: Id, response: { 200: s.InspectionDetailSchema, ...errors } },
    handler: (req) => results.getInspection(ctx, req.user!, req.params.id),
  });
  r.post('/api/inspections/:id/record', {
    ...opts,
    schema: { tags, summary: 'Record the checklist answers (every item, pass or fail)', params: Id, body: s.RecordSchema, response: { 200: s.InspectionDetailSchema, ...errors } },
    handler: (req) => results.recordInspection(ctx, req.user!, req.params.id, req.body),
  });
  r.post('/api/inspections/:id/review', {
    ...opts,
    schema: {
      tags,
      summary: 'Review: approve (failed items become rectification cases; the result is published) or return to the inspectors',
      params: Id,
      body: s.ReviewSchema,
      response: { 200: s.InspectionDetailSchema, ...errors },
    },
    handler: (req) => results.reviewInspection(ctx, req.user!, req.params.id, req.body),
  });

  // ---- public: 一公开 (no account, no personal data)
  r.get('/api/public/inspections/draws', {
    config: perMinute(120),
    schema: { tags: publicTags, summary: 'Every draw: its commitment (published before the draw) and status', response: { 200: z.array(s.DrawSummarySchema), ...errors } },
    handler: () => draws.listPublicDraws(ctx),
  });
  r.get('/api/public/inspections/draws/:id', {
    config: perMinute(120),
    schema: {
      tags: publicTags,
      summary: 'A draw with everything needed to recompute it: inputs, commitment, and after the draw the secret, witness and result',
      params: Id,
      response: { 200: s.PublicDrawSchema, ...errors },
    },
    handler: (req) => draws.publicDraw(ctx, req.params.id),
  });
  r.get('/api/public/inspections/draws/:id/verify', {
    config: perMinute(60),
    schema: { tags: publicTags, summary: "The server's recomputation of a draw, with each check", params: Id, response: { 200: s.VerificationSchema, ...errors } },
    handler: (req) => draws.verifyPublicDraw(ctx, req.params.id),
  });
  r.get('/api/public/inspections/results', {
    config: perMinute(120),
    schema: { tags: publicTags, summary: 'Published inspection results (一公开)', querystring: s.PublicResultsQuerySchema, response: { 200: z.object({ total: z.number(), items: z.array(s.PublicResultSchema) }), ...errors } },
    handler: (req) => results.publicResults(ctx, req.query),
  });
}
