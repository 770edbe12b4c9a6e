// Export of case searches: GET /api/export/cases?format=xlsx|csv with the filters of GET /api/cases.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseListQuerySchema } from '../cases/case.schema';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import { exportCases, MAX_EXPORT_ROWS } from './export.service';

const ExportQuerySchema = CaseListQuerySchema.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
});

export async function exportRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/export/cases', {
    preHandler: requireUser,
    schema: {
      tags: ['cases'],
      summary: 'Export a case search to Excel (xlsx) or CSV',
      description: `Takes the filters of GET /api/cases (scope and queues included) and \`format\`. At most ${MAX_EXPORT_ROWS} rows; the header x-export-truncated says when more matched. Times are Beijing time. \`lang=en\` gives English headers and labels.`,
      querystring: ExportQuerySchema,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
      response: { 200: z.any().describe('The file: xlsx or csv'), 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
    },
    handler: async (req, reply) => {
      const lang = req.query.lang ?? req.lang;
      const res = await exportCases(ctx, req.user!, req.query, lang);
      const stamp = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' })
        .format(ctx.now())
        .replace(/[-: ]/g, '');
      const ascii = `cases-${stamp}.${res.extension}`;
      const localized = `${lang === 'en' ? 'cases' : '案件查询'}-${stamp}.${res.extension}`;
      reply
        .header('content-type', res.contentType)
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(localized)}`)
        .header('cache-control', 'no-store')
        .header('x-export-total', String(res.total));
      if (res.truncated) reply.header('x-export-truncated', 'true');
      return reply.send(res.stream);
    },
  });
}
