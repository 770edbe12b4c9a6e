// Petitions API (信访) for staff: the register and its queues, intake from every channel with 诉访分离 screening,
// detail with timeline, one endpoint per workflow action, conversion into a case, limits; reception days, their
// appointments and visits, and follow-up tasks.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONSOLE_ACTIONS, PETITION_ACTION_RULES, PetitionActionInputSchemas, PetitionLimitsSchema } from '../../domain/petition';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import {
  AppointmentCreateSchema,
  AppointmentStatusSchema,
  ConvertToCaseSchema,
  PetitionCreatedSchema,
  PetitionCreateSchema,
  PetitionDetailSchema,
  PetitionListQuerySchema,
  PetitionListSchema,
  PetitionStatsSchema,
  ReceptionDayCreateSchema,
  ReceptionDayDetailSchema,
  ReceptionDaySchema,
  ReceptionDaysQuerySchema,
  ReceptionTaskCreateSchema,
  ReceptionTaskDoneSchema,
  ReceptionTaskSchema,
  ReceptionTasksQuerySchema,
} from './petitions.schema';
import * as service from './petitions.service';
import * as reception from './reception.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const tags = ['petitions'];
const receptionTags = ['reception days'];
const Id = z.object({ id: z.string().uuid() });
const IdemHeader = z.object({ 'idempotency-key': z.string().min(8).max(128).optional() });

export async function petitionRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/petitions', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Register an item from any channel, screened for 诉访分离 (petition staff)',
      description:
        'A matter screened as litigation, arbitration or administrative review is registered and routed out at once with its guidance reply. ' +
        'The receipt (number and query code) is for the petitioner. Send an `Idempotency-Key` so that a retry never registers twice.',
      headers: IdemHeader,
      body: PetitionCreateSchema,
      response: { 200: PetitionCreatedSchema, 201: PetitionCreatedSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await service.createPetition(ctx, req.user!, req.body, req.headers['idempotency-key']);
      if (res.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(res.replayed ? 200 : 201).send({ petition: res.petition, receipt: res.receipt });
    },
  });

  r.get('/api/petitions', {
    preHandler: requireUser,
    schema: { tags, summary: 'The register: list and search, by queue (step)', querystring: PetitionListQuerySchema, response: { 200: PetitionListSchema, ...errors } },
    handler: (req) => service.listPetitions(ctx, req.user!, req.query),
  });

  r.get('/api/petitions/stats', {
    preHandler: requireUser,
    schema: { tags, summary: 'Counts per queue, channel and rating', response: { 200: PetitionStatsSchema, ...errors } },
    handler: (req) => service.petitionStats(ctx, req.user!),
  });

  r.get('/api/petitions/settings', {
    preHandler: requireUser,
    schema: { tags, summary: 'The petition limits (natural days)', response: { 200: PetitionLimitsSchema, ...errors } },
    handler: (req) => service.readLimits(ctx, req.user!),
  });

  r.put('/api/petitions/settings', {
    preHandler: requireUser,
    schema: { tags, summary: 'Change the petition limits (administrators, petition staff)', body: PetitionLimitsSchema, response: { 200: PetitionLimitsSchema, ...errors } },
    handler: (req) => service.writeLimits(ctx, req.user!, req.body),
  });

  r.get('/api/petitions/by-case/:caseId', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'The item a case was made from, if the user may read it (else null)',
      params: z.object({ caseId: z.string().uuid() }),
      response: { 200: z.object({ petition: z.object({ id: z.string(), number: z.string(), state: z.string(), subject: z.string() }).nullable() }), ...errors },
    },
    handler: (req) => service.petitionOfCase(ctx, req.user!, req.params.caseId),
  });

  r.get('/api/petitions/:id', {
    preHandler: requireUser,
    schema: { tags, summary: 'An item with its timeline (by id or number)', params: z.object({ id: z.string().min(1).max(64) }), response: { 200: PetitionDetailSchema, ...errors } },
    handler: (req) => service.getPetition(ctx, req.user!, req.params.id),
  });

  r.post('/api/petitions/:id/convert', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Make a city-management case from the item (转为城管案件), linked both ways',
      params: Id,
      body: ConvertToCaseSchema,
      response: { 201: z.object({ petition: PetitionDetailSchema, case: z.object({ id: z.string(), number: z.string() }) }), ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await service.convertToCase(ctx, req.user!, req.params.id, req.body)),
  });

  for (const action of CONSOLE_ACTIONS) {
    const rule = PETITION_ACTION_RULES[action];
    r.post(`/api/petitions/:id/${action}`, {
      preHandler: requireUser,
      schema: {
        tags: ['petition workflow'],
        summary: `${rule.labelEn} (${rule.labelZh})`,
        description: `Roles: ${rule.roles.join(', ')}. From states: ${rule.from.join(', ')}.`,
        params: Id,
        querystring: z.object({ expectedVersion: z.coerce.number().int().positive().optional() }),
        body: PetitionActionInputSchemas[action],
        response: { 200: PetitionDetailSchema, ...errors },
      },
      handler: (req) => service.actOnPetition(ctx, req.user!, req.params.id, action, req.body, req.query.expectedVersion),
    });
  }

  // ---- reception days

  r.get('/api/reception/days', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Reception days between two days', querystring: ReceptionDaysQuerySchema, response: { 200: z.object({ items: z.array(ReceptionDaySchema) }), ...errors } },
    handler: (req) => reception.listDays(ctx, req.user!, req.query.from, req.query.to),
  });

  r.post('/api/reception/days', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Schedule a reception day (petition staff)', body: ReceptionDayCreateSchema, response: { 201: ReceptionDayDetailSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await reception.createDay(ctx, req.user!, req.body)),
  });

  r.get('/api/reception/days/:id', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'A reception day: appointments, visits recorded, follow-up tasks', params: Id, response: { 200: ReceptionDayDetailSchema, ...errors } },
    handler: (req) => reception.getDay(ctx, req.user!, req.params.id),
  });

  r.post('/api/reception/days/:id/cancel', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Cancel a reception day', params: Id, body: z.object({ reason: z.string().trim().min(2).max(500) }).strict(), response: { 200: ReceptionDayDetailSchema, ...errors } },
    handler: (req) => reception.cancelDay(ctx, req.user!, req.params.id, req.body.reason),
  });

  r.post('/api/reception/days/:id/appointments', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Book a place for a caller (petition staff)', params: Id, body: AppointmentCreateSchema, response: { 200: ReceptionDayDetailSchema, ...errors } },
    handler: (req) => reception.bookByStaff(ctx, req.user!, req.params.id, req.body),
  });

  r.post('/api/reception/appointments/:id/status', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Mark an appointment as not attended or cancelled', params: Id, body: AppointmentStatusSchema, response: { 200: ReceptionDayDetailSchema, ...errors } },
    handler: (req) => reception.setAppointmentStatus(ctx, req.user!, req.params.id, req.body.status),
  });

  r.get('/api/reception/tasks', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Follow-up tasks (a department sees its own)', querystring: ReceptionTasksQuerySchema, response: { 200: z.object({ items: z.array(ReceptionTaskSchema) }), ...errors } },
    handler: (req) => reception.listTasks(ctx, req.user!, req.query.status),
  });

  r.post('/api/reception/tasks', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Give a follow-up task with a deadline (交办事项)', body: ReceptionTaskCreateSchema, response: { 201: ReceptionTaskSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await reception.createTask(ctx, req.user!, req.body)),
  });

  r.post('/api/reception/tasks/:id/done', {
    preHandler: requireUser,
    schema: { tags: receptionTags, summary: 'Report a follow-up task done', params: Id, body: ReceptionTaskDoneSchema, response: { 200: ReceptionTaskSchema, ...errors } },
    handler: (req) => reception.completeTask(ctx, req.user!, req.params.id, req.body.note),
  });
}
