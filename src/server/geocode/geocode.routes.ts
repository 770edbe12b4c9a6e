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

  r.post('/api/geocode/gazetteer/import', {
    onRequest: async (req) => {
      requireAccess(req.user, 'basedata.write');
    },
    bodyLimit: 256 * 1024 * 1024,
    schema: {
      tags,
      summary: 'Import gazetteer entries (CSV/xlsx or GeoJSON points); entries with the same kind and code are replaced',
      description: 'multipart/form-data: field `file`; optional `crs`, `centralMeridian`. Columns: kind (街道/社区/道路/地名/门牌), name, code, road, houseNumber, lng, lat.',
      consumes: ['multipart/form-data'],
      response: { 200: z.object({ rows: z.number(), saved: z.number() }), ...errors },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      const fields: Record<string, string> = {};
      let file: { data: Buffer; filename: string } | null = null;
      for await (const part of req.parts({ limits: { files: 1, fileSize: 256 * 1024 * 1024, fields: 10 } })) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
          file = { data, filename: part.filename || 'gazetteer' };
        } else fields[part.fieldname] = String(part.value);
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'the "file" field is missing');
      return service.importGazetteer(ctx, req.user!, file, s.GazetteerImportOptionsSchema.parse(fields));
    },
  });
}
