// Mechanised sweeping API (机械化清扫): road segments, sweeping records (entry and CSV/xlsx import), the board, the target.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, requireUser } from '../http';
import * as s from './sweeping.schema';
import * as service from './sweeping.service';

const tags = ['sweeping'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema };
const Id = z.object({ id: z.string().uuid() });
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export async function sweepingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: requireUser };

  r.get('/api/sweeping/board', {
    ...opts,
    schema: {
      tags,
      summary: 'The mechanised sweeping rate of a month by street against the target, the 12-month trend and the segments with their gaps',
      description: service.RATE_DEFINITION,
      querystring: s.BoardQuerySchema,
      response: { 200: s.BoardSchema, ...errors },
    },
    handler: (req) => service.sweepingBoard(ctx, req.user!, req.query),
  });

  r.get('/api/sweeping/target', {
    ...opts,
    schema: { tags, summary: 'The target rate (default 0.85)', response: { 200: z.object({ target: z.number() }), ...errors } },
    handler: async (req) => {
      requireAccess(req.user, 'sweeping.read');
      return { target: await service.sweepingTarget(ctx) };
    },
  });

  r.post('/api/sweeping/target', {
    ...opts,
    schema: { tags, summary: 'Set the target rate (administrators)', body: s.TargetSchema, response: { 200: z.object({ target: z.number() }), ...errors } },
    handler: (req) => service.setSweepingTarget(ctx, req.user!, req.body.target),
  });

  r.get('/api/sweeping/segments', {
    ...opts,
    schema: { tags, summary: 'Road segments to sweep', querystring: s.SegmentListQuerySchema, response: { 200: z.array(s.SegmentSchema), ...errors } },
    handler: (req) => service.listSegments(ctx, req.user!, req.query),
  });

  r.post('/api/sweeping/segments', {
    ...opts,
    schema: { tags, summary: 'Add a road segment (administrators)', body: s.SegmentCreateSchema, response: { 201: s.SegmentSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.createSegment(ctx, req.user!, req.body)),
  });

  r.patch('/api/sweeping/segments/:id', {
    ...opts,
    schema: { tags, summary: 'Change a road segment (administrators)', params: Id, body: s.SegmentPatchSchema, response: { 200: s.SegmentSchema, ...errors } },
    handler: (req) => service.updateSegment(ctx, req.user!, req.params.id, req.body),
  });

  r.get('/api/sweeping/records', {
    ...opts,
    schema: { tags, summary: 'Sweeping records, newest first', querystring: s.RecordListQuerySchema, response: { 200: z.object({ total: z.number(), items: z.array(s.RecordSchema) }), ...errors } },
    handler: (req) => service.listRecords(ctx, req.user!, req.query),
  });

  r.post('/api/sweeping/records', {
    ...opts,
    schema: {
      tags,
      summary: 'Enter what was swept on a segment on a day by one method (replaces an earlier entry of the same segment, day and method)',
      body: s.RecordInputSchema,
      response: { 200: z.object({ record: s.RecordSchema, replaced: z.boolean() }), ...errors },
    },
    handler: (req) => service.enterRecord(ctx, req.user!, req.body),
  });

  r.post('/api/sweeping/records/import', {
    onRequest: async (req) => {
      requireAccess(req.user, 'sweeping.record');
    },
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      tags,
      summary: 'Import sweeping records (CSV or xlsx); all rows or none',
      description:
        'multipart/form-data: field `file`, text field `dryRun` (true: check only). Columns: 路段编码/segment_code, 日期/date (2026-03-01, 2026/3/1, 2026年3月1日 or a date cell), ' +
        '清扫方式/method (机械 or 人工, machine or manual), 清扫面积/area_m2 (m²), optional 备注/note. Any problem: 400 VALIDATION_FAILED with the problems per row, nothing stored.',
      consumes: ['multipart/form-data'],
      response: { 200: s.ImportResultSchema, ...errors },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      const fields: Record<string, string> = {};
      let file: Buffer | null = null;
      try {
        for await (const part of req.parts({ limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 5 } })) {
          if (part.type === 'file') {
            file = await part.toBuffer();
            if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (err) {
        if (err instanceof AppError || (err as { statusCode?: number }).statusCode === 413) throw err;
        if (err instanceof Error && !(err as { code?: string }).code?.startsWith('FST_')) throw new AppError('VALIDATION_FAILED', `unreadable upload: ${err.message}`);
        throw err;
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'the "file" field is missing', [{ path: 'file', message: '请上传文件 / Upload a file' }]);
      return service.importRecords(ctx, req.user!, file, { dryRun: fields.dryRun === 'true' });
    },
  });
}
