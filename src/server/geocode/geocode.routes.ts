// Geocoding API: gazetteer search with Chinese text, reverse geocoding of a point, gazetteer import.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, requireUser } from '../http';
import * as s from './geocode.schema';
import * as service from './geocode.service';

const tags = ['geocoding'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema };

export async function geocodeRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: requireUser };

  r.get('/api/geocode/search', {
    ...opts,
    schema: {
      tags,
      summary: 'Find streets, communities, roads, places and addresses (门楼牌) by Chinese text',
      description: 'Matching uses character bigrams and whole house numbers: 正阳 finds 正阳街道, 青年路12 finds 青年路12号. Best first: exact name, then prefix, then broader kinds.',
      querystring: s.SearchQuerySchema,
      response: { 200: z.object({ items: z.array(s.GazetteerEntrySchema) }), ...errors },
    },
    handler: (req) => service.search(ctx, req.user!, req.query),
  });

  r.get('/api/geocode/reverse', {
    ...opts,
    schema: {
      tags,
      summary: 'A point → nearest address, unit grid, community, street and the 事发位置 text',
      querystring: s.ReverseQuerySchema,
      response: { 200: s.ReverseSchema, ...errors },
    },
    handler: (req) => service.reverse(ctx, req.user!, req.query),
  });

  r.get('/api/geocode/gazetteer', {
    ...opts,
    schema: {
      tags,
      summary: 'The gazetteer (地名地址库), one page: filter by kind, street, community, text',
      querystring: s.GazetteerListQuerySchema,
      response: { 200: z.object({ total: z.number(), items: z.array(s.GazetteerEntrySchema) }), ...errors },
    },
    handler: (req) => service.listGazetteer(ctx, req.user!, req.query),
  });

  r.get('/api/geocode/gazetteer/export.:format', {
    ...opts,
    schema: {
      tags,
      summary: 'Export the gazetteer as CSV (the import’s columns) or GeoJSON points; filters as in the list',
      params: z.object({ format: z.enum(['csv', 'geojson']) }),
      querystring: s.GazetteerListQuerySchema.omit({ limit: true, offset: true }).extend({ limit: z.any().optional(), offset: z.any().optional() }),
      response: { 200: z.any().describe('The file'), ...errors },
    },
    handler: async (req, reply) => {
      const { limit, offset, ...q } = req.query;
      void limit;
      void offset;
      const f = await service.exportGazetteer(ctx, req.user!, req.params.format, q);
      return reply.header('content-type', f.type).header('content-disposition', `attachment; filename="${f.filename}"`).header('cache-control', 'no-store').send(f.body);
    },
  });

  r.post('/api/geocode/gazetteer', {
    ...opts,
    schema: {
      tags,
      summary: 'Add a gazetteer entry (a place, road or door plate) inside the district',
      body: s.GazetteerInputSchema,
      response: { 201: s.GazetteerEntrySchema, ...errors, 404: ErrorSchema, 409: ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await service.createEntry(ctx, req.user!, req.body)),
  });

  r.patch('/api/geocode/gazetteer/:id', {
    ...opts,
    schema: {
      tags,
      summary: 'Change a gazetteer entry (name, road, house number, position)',
      params: z.object({ id: z.coerce.number().int().min(1) }),
      body: s.GazetteerPatchSchema,
      response: { 200: s.GazetteerEntrySchema, ...errors, 404: ErrorSchema },
    },
    handler: (req) => service.updateEntry(ctx, req.user!, req.params.id, req.body),
  });

  r.delete('/api/geocode/gazetteer/:id', {
    ...opts,
    schema: { tags, summary: 'Remove a gazetteer entry', params: z.object({ id: z.coerce.number().int().min(1) }), response: { 204: z.null(), ...errors, 404: ErrorSchema } },
    handler: async (req, reply) => {
      await service.deleteEntry(ctx, req.user!, req.params.id);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/geocode/gazetteer/import', {
    onRequest: async (req) => {
      requireAccess(req.user, 'basedata.write');
    },
    bodyLimit: 256 * 1024 * 1024,
    schema: {
      tags,
      summary: 'Import gazetteer entries (CSV/xlsx or GeoJSON points); entries with the same kind and code are replaced; all rows or none',
      description:
        'multipart/form-data: field `file`; optional `dryRun` (true: check only), `crs`, `centralMeridian`. Columns: kind (街道/社区/道路/地名/门牌), name, code, road, houseNumber, lng, lat. ' +
        'Any problem: 400 VALIDATION_FAILED with the problems per row, nothing stored.',
      consumes: ['multipart/form-data'],
      response: { 200: s.GazetteerImportResultSchema, ...errors },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      const fields: Record<string, string> = {};
      let file: { data: Buffer; filename: string } | null = null;
      try {
        for await (const part of req.parts({ limits: { files: 1, fileSize: 256 * 1024 * 1024, fields: 10 } })) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
            file = { data, filename: part.filename || 'gazetteer' };
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (err) {
        if (err instanceof AppError || (err as { statusCode?: number }).statusCode === 413) throw err;
        if (err instanceof Error && !(err as { code?: string }).code?.startsWith('FST_')) throw new AppError('VALIDATION_FAILED', `unreadable upload: ${err.message}`);
        throw err;
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'the "file" field is missing', [{ path: 'file', message: '请上传文件 / Upload a file' }]);
      return service.importGazetteer(ctx, req.user!, file, s.GazetteerImportOptionsSchema.parse(fields));
    },
  });
}
