// Basemap API: the layers every map draws (public) and the administrator's configuration.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import { BasemapConfigSchema, BasemapSchema } from './basemap.schema';
import * as service from './basemap.service';

const tags = ['map'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };

export async function basemapRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/basemap', {
    schema: {
      tags,
      summary: 'The external basemap every map draws under its own layers (none unless an administrator turned it on)',
      response: { 200: BasemapSchema },
    },
    handler: async (_req, reply) => reply.header('cache-control', 'no-cache').send(await service.getBasemap(ctx)),
  });

  r.get('/api/admin/basemap', {
    preHandler: requireUser,
    schema: { tags, summary: 'The basemap configuration (administrators)', response: { 200: BasemapConfigSchema, ...errors } },
    handler: (req) => service.getBasemapConfig(ctx, req.user!),
  });

  r.put('/api/admin/basemap', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'Configure the external basemap: off, 天地图 with a key, or tile URL templates (WGS84/CGCS2000)',
      body: BasemapConfigSchema,
      response: { 200: BasemapConfigSchema, ...errors },
    },
    handler: (req) => service.putBasemapConfig(ctx, req.user!, req.body),
  });
}
