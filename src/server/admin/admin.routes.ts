// Administration API (应用维护): users, departments, responsibility list, catalogue, working calendar, beats, audit.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireUser } from '../http';
import * as s from './admin.schema';
import * as service from './admin.service';

const Id = z.object({ id: z.string().uuid() });
const tags = ['administration'];

export async function adminRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: requireUser };

  r.post('/api/admin/users', { ...opts, schema: { tags, summary: 'Create a user', body: s.UserCreateSchema } }, async (req, reply) =>
    reply.status(201).send(await service.createUser(ctx, req.user!, req.body)),
  );
  r.patch('/api/admin/users/:id', { ...opts, schema: { tags, summary: 'Change a user (roles, department, password, active)', params: Id, body: s.UserPatchSchema } }, (req) =>
    service.updateUser(ctx, req.user!, req.params.id, req.body),
  );
  r.post('/api/admin/departments', { ...opts, schema: { tags, summary: 'Create a department', body: s.DepartmentCreateSchema } }, async (req, reply) =>
    reply.status(201).send(await service.createDepartment(ctx, req.user!, req.body)),
  );
  r.patch('/api/admin/departments/:id', { ...opts, schema: { tags, summary: 'Rename or deactivate a department', params: Id, body: s.DepartmentPatchSchema } }, (req) =>
    service.updateDepartment(ctx, req.user!, req.params.id, req.body),
  );
  r.get('/api/admin/responsibility', { ...opts, schema: { tags, summary: 'The responsibility list (权责清单)' } }, (req) => service.listResponsibility(ctx, req.user!));
  r.post('/api/admin/responsibility', { ...opts, schema: { tags, summary: 'Add a responsibility rule', body: s.RuleSchema } }, async (req, reply) =>
    reply.status(201).send(await service.createRule(ctx, req.user!, req.body)),
  );
  r.put('/api/admin/responsibility/:id', { ...opts, schema: { tags, summary: 'Change a responsibility rule', params: Id, body: s.RuleSchema } }, (req) =>
    service.updateRule(ctx, req.user!, req.params.id, req.body),
  );
  r.delete('/api/admin/responsibility/:id', { ...opts, schema: { tags, summary: 'Remove a responsibility rule', params: Id } }, (req) =>
    service.deleteRule(ctx, req.user!, req.params.id),
  );
  r.post('/api/admin/catalogue/classes', { ...opts, schema: { tags, summary: 'Add a local sub-class', body: s.LocalClassSchema } }, async (req, reply) =>
    reply.status(201).send(await service.createLocalClass(ctx, req.user!, req.body)),
  );
  r.patch(
    '/api/admin/catalogue/classes/:kind/:code',
    { ...opts, schema: { tags, summary: 'Change a class', params: z.object({ kind: z.enum(['component', 'matter']), code: z.string().regex(/^\d{5,8}$/) }), body: s.ClassPatchSchema } },
    (req) => service.updateClass(ctx, req.user!, req.params.kind, req.params.code, req.body),
  );
  r.patch(
    '/api/admin/catalogue/filing-conditions/:code',
    { ...opts, schema: { tags, summary: 'Change a filing condition (limit, close condition)', params: z.object({ code: z.string().max(40) }), body: s.FilingConditionPatchSchema } },
    (req) => service.updateFilingCondition(ctx, req.user!, req.params.code, req.body),
  );
  r.get('/api/admin/settings/workflow', { ...opts, schema: { tags, summary: 'Working calendar, step limits, warning share' } }, (req) =>
    service.getWorkflowSettings(ctx, req.user!),
  );
  r.put('/api/admin/settings/workflow', { ...opts, schema: { tags, summary: 'Change the working calendar, step limits or warning share', body: s.WorkflowSettingsSchema } }, (req) =>
    service.putWorkflowSettings(ctx, req.user!, req.body),
  );
  r.get('/api/admin/beats', { ...opts, schema: { tags, summary: 'Inspector beats (责任网格)' } }, (req) => service.listBeats(ctx, req.user!));
  r.post('/api/admin/beats', { ...opts, schema: { tags, summary: 'Create a beat', body: s.BeatSchema } }, async (req, reply) =>
    reply.status(201).send(await service.createBeat(ctx, req.user!, req.body)),
  );
  r.patch('/api/admin/beats/:id', { ...opts, schema: { tags, summary: 'Change a beat (inspector, grids)', params: Id, body: s.BeatPatchSchema } }, (req) =>
    service.updateBeat(ctx, req.user!, req.params.id, req.body),
  );
  r.get('/api/admin/audit', { ...opts, schema: { tags, summary: 'Audit trail of administrative changes', querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) } }, (req) =>
    service.auditTrail(ctx, req.user!, req.query.limit),
  );
}
