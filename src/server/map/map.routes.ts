// Map API: open cases as compact points for the command map (gzip: 100,000 cases are a few MB of JSON), and nearby duplicates.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import { CaseMapFilterSchema, CaseMapSummarySchema, CasePointsSchema, NearbyCaseSchema, NearbyQuerySchema } from './map.schema';
import * as service from './map.service';

const gzip = promisify(zlib.gzip);
const errors = { 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

export async function mapRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/map/cases', {
    preHandler: requireUser,
    schema: {
      tags: ['map'],
      summary: 'Open cases in your scope as compact points (for the command map)',
      description:
        'One row per open case: `[number, lng, lat, light, class, state, source, urgent, street, department]`; light is 0 green, 1 yellow, 2 red or null; ' +
        'class/state/source/street/department are indexes into the dictionaries beside the rows. Coordinates WGS84. Sent gzip-compressed when the client accepts it.',
      response: { 200: CasePointsSchema, ...errors },
    },
    handler: async (req, reply) => {
      const body = JSON.stringify(await service.casePoints(ctx, req.user!));
      reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').header('vary', 'accept-encoding');
      // Sent as prepared bytes so that 100,000 rows skip the schema serialiser (the schema above documents the shape).
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && body.length > 1024) {
        reply.header('content-encoding', 'gzip');
        return reply.send((await gzip(body, { level: 6 })) as never);
      }
      return reply.send(Buffer.from(body) as never);
    },
  });

  r.get('/api/map/summary', {
    preHandler: requireUser,
    schema: {
      tags: ['map'],
      summary: 'Counts behind the command map’s case tiles for a filter, and the version of their data',
      description:
        'The command map draws open cases from the vector tiles `GET /api/tiles/cases/{z}/{x}/{y}.pbf` (clustered on the server) with the same filter; ' +
        'this answers how many cases pass it, by light, and a `version` that changes with the data (put it in the tile URL to reload them).',
      querystring: CaseMapFilterSchema,
      response: { 200: CaseMapSummarySchema, ...errors, 400: ErrorSchema },
    },
    handler: (req) => service.caseMapSummary(ctx, req.user!, req.query),
  });

  r.get('/api/map/cases/:id/nearby', {
    preHandler: requireUser,
    schema: {
      tags: ['map'],
      summary: 'Same-class cases near a case (candidate duplicates to merge)',
      description: 'Merge a duplicate with the `reject` action and `duplicateOf` = the number of the case to keep.',
      params: z.object({ id: z.string().min(1).max(64) }),
      querystring: NearbyQuerySchema,
      response: { 200: z.object({ items: z.array(NearbyCaseSchema) }), ...errors },
    },
    handler: async (req) => ({ items: await service.nearbyDuplicates(ctx, req.user!, req.params.id, req.query.radius, req.query.days) }),
  });
}
