// Base data API: imports with preview and apply, grid generation, edits, versions (changes, diff, revert) and exports.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BASE_LAYERS, type BaseLayer } from '../../domain/geo/basedata';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, requireUser } from '../http';
import * as s from './basedata.schema';
import * as service from './basedata.service';
import * as records from './records.service';

const tags = ['base data'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema };
const Id = z.object({ id: z.string().uuid() });
const VersionParam = z.object({ number: z.coerce.number().int().min(1) });
/** Official grid packages are large: 30,000 grids as a shapefile are tens of megabytes. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

async function readMultipart(req: FastifyRequest): Promise<{ files: service.UploadedFile[]; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data: one file per layer (fields streets, communities, grids, beats) or a zip of shapefiles (field file)');
  const files: service.UploadedFile[] = [];
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: { files: 8, fileSize: MAX_FILE_BYTES, fields: 20 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
        const layer = (BASE_LAYERS as readonly string[]).includes(part.fieldname) ? (part.fieldname as BaseLayer) : null;
        files.push({ layer, filename: part.filename || part.fieldname, data });
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    if (err instanceof AppError || (err as { statusCode?: number }).statusCode === 413) throw err;
    if (err instanceof Error && !(err as { code?: string }).code?.startsWith('FST_')) throw new AppError('VALIDATION_FAILED', `unreadable upload: ${err.message}`);
    throw err;
  }
  // A single layer may also be named in a `layer` field.
  if (fields.layer && (BASE_LAYERS as readonly string[]).includes(fields.layer)) for (const f of files) f.layer ??= fields.layer as BaseLayer;
  return { files, fields };
}

export async function basedataRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: requireUser };

  r.post('/api/basedata/imports', {
    onRequest: async (req) => {
      requireAccess(req.user, 'basedata.write');
    },
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      tags,
      summary: 'Upload base data for preview (GeoJSON or zipped Shapefile); nothing is applied yet',
      description:
        'multipart/form-data. Files: one per layer in fields `streets`, `communities`, `grids`, `beats` (GeoJSON or a zip with one shapefile), ' +
        'or field `file` with a zip of several shapefiles named by layer (e.g. 街道.shp, 社区.shp, 网格.shp). ' +
        'Text fields: `crs` (WGS84 | CGCS2000 | GCJ02 | BD09 | GK), `centralMeridian` (GK, e.g. 126), `zoneWidth` (3|6), `zonePrefix` (auto|yes|no), ' +
        '`mode` (replace | merge), `toleranceM2`, `note`. Without `crs`: the .prj, else guessed (degrees, or Gauss-Krüger with the zone prefix). ' +
        'Answers the preview: per-layer counts and every problem (errors block applying) with zh and en messages. Apply with POST /api/basedata/imports/{id}/apply.',
      consumes: ['multipart/form-data'],
      response: { 201: s.ImportPreviewSchema, ...errors },
    },
    handler: async (req, reply) => {
      const { files, fields } = await readMultipart(req);
      const options = s.ImportOptionsSchema.parse(fields);
      return reply.status(201).send(await service.previewImport(ctx, req.user!, files, options));
    },
  });

  r.post('/api/basedata/imports/geojson', {
    // Checked before the (large) body is read, not after.
    onRequest: async (req) => {
      requireAccess(req.user, 'basedata.write');
    },
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      tags,
      summary: 'Send base data as GeoJSON in a JSON body for preview; nothing is applied yet',
      body: s.GeoJsonImportSchema,
      response: { 201: s.ImportPreviewSchema, ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await service.previewGeoJsonImport(ctx, req.user!, req.body)),
  });

  r.get('/api/basedata/imports', {
    ...opts,
    schema: { tags, summary: 'Recent imports and their state', querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
    handler: (req) => service.listImports(ctx, req.user!, req.query.limit),
  });

  r.get('/api/basedata/imports/:id', {
    ...opts,
    schema: { tags, summary: 'An import preview again: counts and problems', params: Id, response: { 200: s.ImportPreviewSchema, ...errors } },
    handler: (req) => service.getImport(ctx, req.user!, req.params.id),
  });

  r.get('/api/basedata/imports/:id/features', {
    ...opts,
    schema: {
      tags,
      summary: 'The staged features of an import as GeoJSON (WGS84), each with its worst problem, for the preview map',
      params: Id,
      querystring: s.ImportFeaturesQuerySchema,
    },
    handler: (req) => records.importFeatures(ctx, req.user!, req.params.id, req.query),
  });

  r.post('/api/basedata/imports/:id/apply', {
    ...opts,
    schema: {
      tags,
      summary: 'Apply a previewed import as one new version, in one transaction',
      description: 'Validated again against the data as it is now. Any error: 400 VALIDATION_FAILED listing the problems, and nothing changes. No difference: `unchanged: true`, no version.',
      params: Id,
      response: { 200: s.ApplyResultSchema, ...errors },
    },
    handler: (req) => service.applyImport(ctx, req.user!, req.params.id),
  });

  r.post('/api/basedata/imports/:id/discard', {
    ...opts,
    schema: { tags, summary: 'Discard a previewed import', params: Id, response: { 200: s.ImportPreviewSchema, ...errors } },
    handler: (req) => service.discardImport(ctx, req.user!, req.params.id),
  });

  r.post('/api/basedata/grids/generate', {
    ...opts,
    schema: {
      tags,
      summary: 'Generate unit grids (~10,000 m²) for communities without official grids; answered as a preview to apply',
      description: 'Each community is cut by a square lattice in metres; border cells are clipped, slivers merged; codes are community code + serial in reading order (north → south, west → east). The grids of the chosen communities are replaced when applied. Edit them afterwards with POST /api/basedata/edits.',
      body: s.GenerateGridsSchema,
      response: { 201: s.ImportPreviewSchema, ...errors },
    },
    handler: async (req, reply) => reply.status(201).send(await service.generateGrids(ctx, req.user!, req.body)),
  });

  r.post('/api/basedata/edits', {
    ...opts,
    schema: {
      tags,
      summary: 'Add, change or remove records of one layer (map editing); validated and applied as one version',
      description: 'Features use the same properties as imports (code, name, streetCode, communityCode …), geometry in WGS84. Problems: 400 VALIDATION_FAILED, nothing changes.',
      body: s.EditSchema,
      response: { 200: s.ApplyResultSchema.extend({ preview: s.ImportPreviewSchema }), ...errors },
    },
    handler: (req) => service.editFeatures(ctx, req.user!, req.body),
  });

  r.get('/api/basedata/versions', {
    ...opts,
    schema: { tags, summary: 'Versions of the base data, newest first', querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.array(s.VersionSchema), ...errors } },
    handler: (req) => service.listVersions(ctx, req.user!, req.query.limit),
  });

  r.get('/api/basedata/versions/:number/changes', {
    ...opts,
    schema: {
      tags,
      summary: 'What a version changed, record by record (before and after)',
      params: VersionParam,
      querystring: s.ChangesQuerySchema,
      response: { 200: z.object({ version: s.VersionSchema, items: z.array(s.ChangeSchema) }), ...errors },
    },
    handler: (req) => service.versionChanges(ctx, req.user!, req.params.number, req.query),
  });

  r.post('/api/basedata/versions/:number/revert', {
    ...opts,
    schema: {
      tags,
      summary: 'Undo a version as a new version (records come back as they were before it)',
      description: 'Refused (400) when later versions changed the same records: revert those first.',
      params: VersionParam,
      body: z.object({ note: z.string().trim().max(500).optional() }).default({}),
      response: { 200: s.ApplyResultSchema.extend({ preview: s.ImportPreviewSchema }), ...errors },
    },
    handler: (req) => service.revertVersion(ctx, req.user!, req.params.number, req.body?.note),
  });

  r.get('/api/basedata/diff', {
    ...opts,
    schema: {
      tags,
      summary: 'Net differences between two versions',
      querystring: s.DiffQuerySchema,
      response: {
        200: z.object({
          from: z.number(),
          to: z.number(),
          total: z.number(),
          counts: z.record(z.string(), z.object({ added: z.number(), changed: z.number(), removed: z.number() })),
          items: z.array(z.object({ layer: z.string(), code: z.string(), op: z.string(), before: z.unknown(), after: z.unknown() })),
        }),
        ...errors,
      },
    },
    handler: (req) => service.diffVersions(ctx, req.user!, req.query),
  });

  r.get('/api/basedata/records/:layer', {
    ...opts,
    schema: {
      tags,
      summary: 'One page of a layer’s records (no geometry), searchable by code and name, with what they hold',
      params: z.object({ layer: s.LayerSchema }),
      querystring: s.RecordsQuerySchema,
      response: { 200: z.object({ total: z.number(), items: z.array(z.record(z.string(), z.unknown())) }), ...errors },
    },
    handler: (req) => records.listRecords(ctx, req.user!, req.params.layer, req.query),
  });

  r.get('/api/basedata/records/:layer/:code', {
    ...opts,
    schema: {
      tags,
      summary: 'One record: its properties, the record as imports and edits write it, and its geometry (WGS84)',
      params: z.object({ layer: s.LayerSchema, code: z.string().min(1).max(40) }),
      response: { 200: z.object({ layer: s.LayerSchema, code: z.string(), properties: z.record(z.string(), z.unknown()), record: z.record(z.string(), z.unknown()), geometry: z.unknown() }), ...errors },
    },
    handler: (req) => records.getRecord(ctx, req.user!, req.params.layer, req.params.code),
  });

  r.get('/api/basedata/export/:layer.:format', {
    ...opts,
    schema: {
      tags,
      summary: 'Export a layer as GeoJSON, CSV (with WKT) or zipped Shapefile; WGS84',
      description: 'What the export writes, the import reads back to the same records.',
      params: s.ExportParamsSchema,
      response: { 200: z.any().describe('The file'), ...errors },
    },
    handler: async (req, reply) => {
      const f = await service.exportLayer(ctx, req.user!, req.params.layer, req.params.format);
      return reply.header('content-type', f.type).header('content-disposition', `attachment; filename="${f.filename}"`).header('cache-control', 'no-store').send(f.body);
    },
  });
}
