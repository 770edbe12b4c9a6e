// Vector tile endpoints (MVT) for the command map and the admin map: grids, communities, streets, components, cases.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { ErrorSchema, requireUser } from '../http';
import { CaseMapFilterSchema } from '../map/map.schema';
import { getTile, TILE_LAYERS, tileJson } from './tiles.service';

const tags = ['map'];
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };
const Layer = z.enum(TILE_LAYERS).describe('grids 单元网格 · communities 社区 · streets 街道 · components 部件 · cases 案卷');

export async function tileRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/tiles/:layer/:z/:x/:y.pbf', {
    preHandler: requireUser,
    schema: {
      tags,
      summary: 'A vector tile (MVT, WGS84 data in Web Mercator tiles) of a map layer',
      description:
        'One layer in the tile, named like the path. Points (components, cases) are clustered up to zoom 16: clusters carry `cluster`, `point_count` ' +
        'and sums (`broken` for components; `red`, `yellow`, `urgent` for cases). Cases are those the user may read; `state=open` (default) or `all`; ' +
        'the command map\'s filter (`light`, `kind`, `class`, `street`, `source`, `states`, `urgent`) applies before clustering. ' +
        'An empty tile is answered with 204. Indexes are built on first use and rebuilt when the data changes.',
      params: z.object({ layer: Layer, z: z.coerce.number().int().min(0).max(22), x: z.coerce.number().int().min(0), y: z.coerce.number().int().min(0) }),
      querystring: CaseMapFilterSchema.extend({
        class: z.string().regex(/^\d{5,8}$/).optional().describe('components: only this class (5-digit code); cases: only this class (with `kind`)'),
        state: z.enum(['open', 'all']).optional().describe('cases: open cases (default) or all'),
      }),
      response: { 200: z.any().describe('application/vnd.mapbox-vector-tile'), 204: z.null().describe('no features here'), ...errors },
    },
    handler: async (req, reply) => {
      const { layer, z: zoom, x, y } = req.params;
      const { class: cls, state, ...rest } = req.query;
      const tile = await getTile(ctx, req.user!, layer, zoom, x, y, { class: cls, state, filter: { ...rest, class: cls } });
      reply.header('cache-control', layer === 'cases' ? 'private, max-age=5' : 'private, max-age=60').header('etag', tile.etag).header('vary', 'cookie');
      if (req.headers['if-none-match'] === tile.etag) return reply.status(304).send(null);
      if (tile.body.length === 0) return reply.status(204).send(null);
      return reply.header('content-type', 'application/vnd.mapbox-vector-tile').send(tile.body);
    },
  });

  r.get('/api/tiles/:layer.json', {
    preHandler: requireUser,
    schema: { tags, summary: 'TileJSON of a layer (tile URL template, zoom range, feature fields) for MapLibre', params: z.object({ layer: Layer }) },
    handler: async (req) => tileJson(ctx, req.user!, req.params.layer, `${req.protocol}://${req.headers.host ?? 'localhost'}`),
  });
}
