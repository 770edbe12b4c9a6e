// Component register API (部件): search, detail with history, create, edit, census import, export, case defaults.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, requireUser } from '../http';
import { componentCaseDefaults } from './component.hooks';
import { requireAccess } from '../auth/policy';
import * as s from './component.schema';
import * as service from './component.service';

const tags = ['components'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema };
const Id = z.object({ id: z.string().regex(/^\d{16,17}$/).describe('17-digit identifier (16-digit legacy accepted)') });
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export async function componentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opts = { preHandler: requireUser };

  r.get('/api/components', {
    ...opts,
    schema: { tags, summary: 'Search the component register', querystring: s.ComponentListQuerySchema, response: { 200: z.object({ total: z.number(), items: z.array(s.ComponentSchema) }), ...errors } },
    handler: (req) => service.listComponents(ctx, req.user!, req.query),
  });

  r.get('/api/components/export.:format', {
    ...opts,
    schema: {
      tags,
      summary: 'Export components (CSV with the census columns, or GeoJSON points); filters as in the search',
      params: z.object({ format: z.enum(['csv', 'geojson']) }),
      querystring: s.ComponentListQuerySchema.omit({ limit: true, offset: true }).extend({ limit: z.any().optional(), offset: z.any().optional() }),
      response: { 200: z.any().describe('The file'), ...errors },
    },
    handler: async (req, reply) => {
      const f = await service.exportComponents(ctx, req.user!, req.params.format, { ...req.query, limit: 0, offset: 0 });
      return reply.header('content-type', f.type).header('content-disposition', `attachment; filename="${f.filename}"`).header('cache-control', 'no-store').send(f.body);
    },
  });

  r.get('/api/components/:id', {
    ...opts,
    schema: { tags, summary: 'A component with its history of states', params: Id, response: { 200: s.ComponentSchema.extend({ events: z.array(s.ComponentEventSchema) }), ...errors } },
    handler: (req) => service.getComponent(ctx, req.user!, req.params.id),
  });

  r.get('/api/components/:id/case-defaults', {
    ...opts,
    schema: {
      tags,
      summary: 'What a case raised from this component starts with (class, position, location text)',
      description: 'Send these with POST /api/cases together with `componentId`.',
      params: Id,
      response: { 200: s.CaseDefaultsSchema, ...errors },
    },
    handler: async (req) => {
      requireAccess(req.user, 'component.read');
      return componentCaseDefaults(ctx.db, req.params.id);
    },
  });

  r.post('/api/components', {
    ...opts,
    schema: { tags, summary: 'Register a component (identifier given, or the next serial of its class)', body: s.ComponentCreateSchema, response: { 201: s.ComponentSchema, ...errors } },
    handler: async (req, reply) => reply.status(201).send(await service.createComponent(ctx, req.user!, req.body)),
  });

  r.patch('/api/components/:id', {
    ...opts,
    schema: { tags, summary: 'Change a component (attributes, state, position)', params: Id, body: s.ComponentPatchSchema, response: { 200: s.ComponentSchema, ...errors } },
    handler: (req) => service.updateComponent(ctx, req.user!, req.params.id, req.body),
  });

  r.post('/api/components/import', {
    onRequest: async (req) => {
      requireAccess(req.user, 'component.write');
    },
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      tags,
      summary: 'Import a component census (CSV, xlsx or GeoJSON points); all rows or none',
      description:
        'multipart/form-data: field `file`; text fields `dryRun` (true: check only), `crs`, `centralMeridian`, `zonePrefix` for x/y columns in Gauss-Krüger metres. ' +
        'Columns (Chinese or English): 标识码/id (17 digits; 16-digit legacy ids are converted), 部件名称/name, 主管部门代码/deptCode, 主管部门名称/deptName, 所在单元网格/gridCode (found from the position when empty), ' +
        '部件状态/state (完好/破损/丢失/废弃/移除), 初始日期/initialDate, 变更日期/changeDate, 权属单位, 养护单位, 数据来源, 备注, 经度/lng + 纬度/lat or x/y. ' +
        'Any error: 400 VALIDATION_FAILED with the problems per row, nothing stored.',
      consumes: ['multipart/form-data'],
      response: { 200: s.ComponentImportResultSchema, ...errors },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      const fields: Record<string, string> = {};
      let file: { data: Buffer; filename: string } | null = null;
      try {
        for await (const part of req.parts({ limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 20 } })) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
            file = { data, filename: part.filename || 'components' };
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (err) {
        if (err instanceof AppError || (err as { statusCode?: number }).statusCode === 413) throw err;
        if (err instanceof Error && !(err as { code?: string }).code?.startsWith('FST_')) throw new AppError('VALIDATION_FAILED', `unreadable upload: ${err.message}`);
        throw err;
      }
      if (!file) throw new AppError('VALIDATION_FAILED', 'the "file" field is missing', [{ path: 'file', message: '请上传文件 / Upload a file' }]);
      return service.importComponents(ctx, req.user!, file, s.ComponentImportOptionsSchema.parse(fields));
    },
  });
}
