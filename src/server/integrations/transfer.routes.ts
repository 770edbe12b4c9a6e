// Bulk import (CSV/xlsx), streamed export (CSV/xlsx/GeoJSON) and the 12345 hotline work-order adapter.
// Each takes an API key (x-api-key or Authorization: Bearer) or a signed-in session.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema } from '../http';
import { callerOf } from './caller';
import { EXPORT_FORMATS, exportCases, exportEvents, ExportRangeSchema, type ExportStream } from './export.service';
import { HotlineFeedbackSchema, HotlineReceiptSchema, HotlineWorkOrderSchema } from './hotline.schema';
import { submitWorkOrder, workOrderFeedback } from './hotline.service';
import { IMPORT_COLUMNS, importCases, MAX_IMPORT_ROWS } from './import.service';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema };
const KEY_NOTE = 'Authenticate with an API key (x-api-key header or Authorization: Bearer) or a signed-in session.';

const ImportResultSchema = z.object({
  total: z.number(),
  created: z.number(),
  replayed: z.number(),
  failed: z.number(),
  rows: z.array(z.object({ row: z.number(), ok: z.boolean(), number: z.string().optional(), replayed: z.boolean().optional(), error: z.string().optional() })),
});

export async function transferRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/integrations/import/cases', {
    schema: {
      tags: ['integrations'],
      summary: 'Bulk import of cases from a CSV or xlsx file (multipart field "file")',
      description: `${KEY_NOTE} Key action: cases.import. The first row names the columns: ${Object.entries(IMPORT_COLUMNS)
        .map(([k, v]) => `${k} (${v.slice(1).join('/')})`)
        .join(', ')}. Needed: description, and service_code (C01001/M09006) or kind + class_code, and lng + lat (crs WGS84, GCJ02 or BD09) or address_id or address. At most ${MAX_IMPORT_ROWS} rows. Rows with an external_id are imported once, however often the file is sent. Every row is answered.`,
      consumes: ['multipart/form-data'],
      response: { 200: ImportResultSchema, ...errors },
    },
    handler: async (req) => {
      const caller = await callerOf(ctx, req);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      let data: Buffer;
      try {
        const part = await req.file({ limits: { fileSize: ctx.config.maxUploadBytes, files: 1 } });
        if (!part) throw new AppError('VALIDATION_FAILED', 'the "file" field is missing');
        data = await part.toBuffer();
        if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
      } catch (err) {
        // A malformed multipart body (wrong boundary, cut short) is the client's mistake, not a server error.
        if (err instanceof AppError || (err as { statusCode?: number }).statusCode === 413) throw err;
        if (err instanceof Error && !(err as { code?: string }).code?.startsWith('FST_')) throw new AppError('VALIDATION_FAILED', `unreadable upload: ${err.message}`);
        throw err;
      }
      return importCases(ctx, caller, data, req.lang);
    },
  });

  const send = (reply: import('fastify').FastifyReply, res: ExportStream) =>
    reply.header('content-type', res.contentType).header('content-disposition', `attachment; filename="${res.filename}"`).header('cache-control', 'no-store').send(res.stream);

  r.get('/api/integrations/export/cases.:format', {
    schema: {
      tags: ['integrations'],
      summary: 'Streamed export of the cases reported in a time range (csv, xlsx or geojson)',
      description: `${KEY_NOTE} Key action: cases.export; a key with scope 'own' gets the cases it reported. People get what their role may export. Columns are machine keys (number, service_code, state …); times are ISO 8601 UTC; coordinates WGS84.`,
      params: z.object({ format: z.enum(EXPORT_FORMATS) }),
      querystring: ExportRangeSchema,
      response: { 200: z.any().describe('The file'), ...errors },
    },
    handler: async (req, reply) => send(reply, await exportCases(ctx, await callerOf(ctx, req), req.params.format, req.query)),
  });

  r.get('/api/integrations/export/events.:format', {
    schema: {
      tags: ['integrations'],
      summary: 'Streamed export of the case events (the audit trail) in a time range (csv or xlsx)',
      description: `${KEY_NOTE} Key action: cases.export.`,
      params: z.object({ format: z.enum(['csv', 'xlsx']) }),
      querystring: ExportRangeSchema,
      response: { 200: z.any().describe('The file'), ...errors },
    },
    handler: async (req, reply) => send(reply, await exportEvents(ctx, await callerOf(ctx, req), req.params.format, req.query)),
  });

  r.post('/api/integrations/hotline/12345/work-orders', {
    schema: {
      tags: ['integrations'],
      summary: '12345 hotline: receive a work order (工单)',
      description: `${KEY_NOTE} Key action: hotline.submit, channel hotline. The work order becomes a case (source hotline) through the ordinary intake; sending the same orderNo again returns the same case (200 instead of 201). Read the handling result back with GET …/work-orders/{orderNo}; or subscribe a webhook.`,
      body: HotlineWorkOrderSchema,
      response: { 200: HotlineReceiptSchema, 201: HotlineReceiptSchema, ...errors },
    },
    handler: async (req, reply) => {
      const res = await submitWorkOrder(ctx, await callerOf(ctx, req), req.body);
      return reply.status(res.replayed ? 200 : 201).send(res);
    },
  });

  r.get('/api/integrations/hotline/12345/work-orders/:orderNo', {
    schema: {
      tags: ['integrations'],
      summary: '12345 hotline: the state and handling result (办理结果) of a work order',
      description: KEY_NOTE,
      params: z.object({ orderNo: z.string().min(1).max(64) }),
      response: { 200: HotlineFeedbackSchema, ...errors },
    },
    handler: async (req) => workOrderFeedback(ctx, await callerOf(ctx, req), req.params.orderNo, req.lang),
  });
}
