// Geography for maps and intake: district, streets, communities, grids as GeoJSON, and point → place resolution.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toWgs84 } from '../../domain/geo';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { getSetting } from '../settings/settings.repository';
import { requireUser } from '../http';
import { listCommunities, listGrids, listStreets, locatePoint } from './geo.repository';

export async function geoRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });

  r.get('/api/geo/district', {
    schema: { tags: ['geo'], summary: 'District boundary (GeoJSON, WGS84)' },
    handler: async () => (await getSetting(ctx.db, 'districtBoundary')) ?? fc([]),
  });
  r.get('/api/geo/streets', {
    preHandler: requireUser,
    schema: { tags: ['geo'], summary: 'Streets/towns (GeoJSON, WGS84)' },
    handler: async (req) => {
      requireAccess(req.user, 'geo.read');
      const rows = await listStreets(ctx.db);
      return fc(rows.map((s) => ({ type: 'Feature', geometry: s.geometry, properties: { code: s.code, name: s.name, type: s.type, generated: s.generated } })));
    },
  });
  r.get('/api/geo/communities', {
    preHandler: requireUser,
    schema: { tags: ['geo'], summary: 'Communities/villages (GeoJSON, WGS84)' },
    handler: async (req) => {
      requireAccess(req.user, 'geo.read');
      const rows = await listCommunities(ctx.db);
      return fc(
        rows.map((c) => ({
          type: 'Feature',
          geometry: c.geometry,
          properties: { code: c.code, name: c.name, streetCode: c.streetCode, type: c.type, areaClass: c.areaClass, generated: c.generated },
        })),
      );
    },
  });
  r.get('/api/geo/grids', {
    preHandler: requireUser,
    schema: {
      tags: ['geo'],
      summary: 'Unit grids (GeoJSON, WGS84), optionally inside a bbox',
      querystring: z.object({ bbox: z.string().regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/).optional() }),
    },
    handler: async (req) => {
      requireAccess(req.user, 'geo.read');
      const bbox = req.query.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
      const rows = await listGrids(ctx.db, bbox);
      return fc(
        rows.map((g) => ({
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [[...g.ring, g.ring[0]]] },
          properties: { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, generated: g.generated },
        })),
      );
    },
  });
  r.get('/api/geo/resolve', {
    preHandler: requireUser,
    schema: {
      tags: ['geo'],
      summary: 'Resolve a point to grid, community and street',
      querystring: z.object({ lng: z.coerce.number(), lat: z.coerce.number(), crs: z.enum(['WGS84', 'GCJ02', 'BD09']).default('WGS84') }),
    },
    handler: async (req) => {
      requireAccess(req.user, 'geo.read');
      const [lng, lat] = toWgs84(req.query.lng, req.query.lat, req.query.crs);
      const place = await locatePoint(ctx.db, lng, lat);
      if (!place) throw new AppError('OUTSIDE_DISTRICT');
      return { ...place, lng, lat, locationText: `${place.streetName}${place.communityName} 网格${place.gridCode.slice(-3)}附近` };
    },
  });
}
