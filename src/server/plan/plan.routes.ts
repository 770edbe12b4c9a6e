// Supervision of the plan (督查督办) API: plans and the board, task detail, progress reports, 督办, import, monthly export.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, requireUser } from '../http';
import * as s from './plan.schema';
import * as service from './plan.service';

const tags = ['plan'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema };
const Id = z.object({ id: z.string().uuid() });
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export async function planRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: requireUser };

  r.get('/api/plan/plans', {
    ...opts,
    schema: { tags, summary: 'Work plans with their roll-up', response: { 200: z.object({ items: z.array(s.PlanSummarySchema), canImport: z.boolean() }), ...errors } },
    handler: (req) => service.listPlans(ctx, req.user!),
  });

  r.get('/api/plan/plans/:id/board', {
    ...opts,
    schema: {
      tags,
      summary: 'The plan board: sections and tasks with progress and status (done, on track, lagging against the milestone curve, overdue)',
      params: Id,
      querystring: s.BoardQuerySchema,
      response: { 200: s.BoardSchema, ...errors },
    },
    handler: (req) => service.planBoard(ctx, req.user!, req.params.id, req.query),
  });

  r.get('/api/plan/measures', {
    ...opts,
    schema: { tags, summary: 'Live measures a task can be linked to', response: { 200: z.array(s.MeasureSchema), ...errors } },
    handler: async (req) => service.listMeasures(req.user!),
  });

  r.get('/api/plan/tasks/:id', {
    ...opts,
    schema: { tags, summary: 'A task: target, milestones, live figure, progress reports with evidence, 督办 history', params: Id, response: { 200: s.TaskDetailSchema, ...errors } },
    handler: (req) => service.taskDetail(ctx, req.user!, req.params.id),
  });

  r.post('/api/plan/tasks/:id/reports', {
    ...opts,
    schema: {
      tags,
      summary: 'Report progress on a task (its lead department): figure, text, evidence photos/scans',
      description: 'A task linked to a live measure takes no figure (TASK_MEASURED_LIVE); evidence must be photos the reporter uploaded via POST /api/photos and attached nowhere else.',
      params: Id,
      body: s.ReportInputSchema,
      response: { 201: s.TaskDetailSchema, ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await service.reportProgress(ctx, req.user!, req.params.id, req.body)),
  });

  r.post('/api/plan/tasks/:id/urges', {
    ...opts,
    schema: { tags, summary: 'Send a 督办 notice on a task (leaders): the lead and co-departments are notified', params: Id, body: s.UrgeInputSchema, response: { 201: s.TaskDetailSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.urgeTask(ctx, req.user!, req.params.id, req.body)),
  });

  for (const thumb of [false, true]) {
    r.get(thumb ? '/api/plan/tasks/:id/evidence/:photoId/thumb' : '/api/plan/tasks/:id/evidence/:photoId', {
      ...opts,
      schema: { tags, summary: thumb ? 'Evidence of a report, thumbnail' : 'Evidence of a report', params: z.object({ id: z.string().uuid(), photoId: z.string().uuid() }) },
      handler: async (req, reply) => {
        const file = await service.evidencePath(ctx, req.user!, req.params.id, req.params.photoId, thumb);
        reply.header('cache-control', 'private, max-age=86400').type('image/jpeg');
        return reply.send(fs.createReadStream(file));
      },
    });
  }

  r.get('/api/plan/plans/:id/report.xlsx', {
    ...opts,
    schema: { tags, summary: 'Monthly progress report of a plan (xlsx)', params: Id, querystring: s.ExportQuerySchema, response: { 200: z.any().describe('xlsx'), ...errors } },
    handler: async (req, reply) => {
      const res = await service.monthlyReport(ctx, req.user!, req.params.id, req.query);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${res.name}"`)
        .header('cache-control', 'no-store');
      return reply.send(res.buffer);
    },
  });

  r.post('/api/plan/import', {
    onRequest: async (req) => {
      requireAccess(req.user, 'plan.manage');
    },
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      tags,
      summary: 'Import a plan from a JSON or xlsx/CSV file; all of it or nothing',
      description:
        'multipart/form-data: field `file`; text fields `dryRun` (true: check and preview only), and for spreadsheets `code`, `title`, `year`. ' +
        'Spreadsheet columns: 部分/section, 编号/code, 任务/text, 牵头单位/lead, 配合单位/co, 目标值/target, 单位/unit, 方向/direction (不少于|不超过), ' +
        '类型/kind (累计|水平), 完成时限/deadline, 节点目标/milestones ("2018-06-30: 50000; 2018-09-30: 完成"), 关联指标/measure. JSON: ' +
        '{ code, title, year, sections: [{ title, tasks: [{ code, text, lead, co: [], target: { value, unit, direction, kind }, deadline, milestones: [{ on, value, text }], measure }] }] }. ' +
        'Any problem: 400 VALIDATION_FAILED, each problem in `fields` as path "row/field" and message "zh / en"; nothing stored.',
      consumes: ['multipart/form-data'],
      response: { 200: s.ImportResultSchema, ...errors },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      const fields: Record<string, string> = {};
      let file: { name: string; data: Buffer } | null = null;
      try {
        for await (const part of req.parts({ limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 8 } })) {
          if (part.type === 'file') {
            file = { name: part.filename ?? '', data: await part.toBuffer() };
            if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (err) {
        if (err instanceof AppError || (err as { statusCode?: number }).statusCode === 413) throw err;
        if (err instanceof Error && !(err as { code?: string }).code?.startsWith('FST_')) throw new AppError('VALIDATION_FAILED', `unreadable upload: ${err.message}`);
        throw err;
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'the "file" field is missing', [{ path: '0/file', message: '请上传文件 / Upload a file' }]);
      return service.importPlan(ctx, req.user!, { ...file, code: fields.code, title: fields.title, year: fields.year }, { dryRun: fields.dryRun === 'true' });
    },
  });
}
