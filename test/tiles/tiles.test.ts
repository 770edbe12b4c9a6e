// Vector tiles: valid MVT for grids, communities, streets, components and cases (decoded with @mapbox/vector-tile),
// clustering of points, the user's case scope, rebuilt after a change, caching headers.
import { VectorTile } from '@mapbox/vector-tile';
import type { FastifyInstance } from 'fastify';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertComponents } from '../../src/server/components/component.repository';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildCase, buildWorld, ORIGIN, type World } from '../support/world';

/** The XYZ tile holding a point. */
export function tileOf(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

const decode = (buf: Buffer) => new VectorTile(new PbfReader(new Uint8Array(buf)));

describe.each(testDatabaseKinds())('vector tiles (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let operator: Client;
  let inspector2: Client;
  let admin: Client;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    operator = await signIn(app, 'operator', w.users.operator.password);
    inspector2 = await signIn(app, 'inspector2', w.users.inspector2.password);
    admin = await signIn(app, 'admin', w.users.admin.password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const tile = async (c: Client, layer: string, [z, x, y]: [number, number, number], query = '') => {
    const res = await c.get(`/api/tiles/${layer}/${z}/${x}/${y}.pbf${query}`);
    expect([200, 204], res.body).toContain(res.statusCode);
    return res;
  };
  const features = (buf: Buffer, layer: string) => {
    const vt = decode(buf);
    const l = vt.layers[layer];
    if (!l) return [];
    return Array.from({ length: l.length }, (_, i) => l.feature(i));
  };
  const here = (z: number) => tileOf(ORIGIN.lng + 0.003, ORIGIN.lat + 0.0015, z);

  it('serves the grids as MVT polygons with their codes, and TileJSON describing them', async () => {
    const res = await tile(operator, 'grids', here(13));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const vt = decode(res.rawPayload);
    expect(Object.keys(vt.layers)).toEqual(['grids']);
    expect(vt.layers.grids.extent).toBe(4096);
    const fs = features(res.rawPayload, 'grids');
    expect(fs).toHaveLength(18);
    expect(fs.every((f) => f.type === 3)).toBe(true);
    const codes = fs.map((f) => f.properties.code).sort();
    expect(codes[0]).toBe('220106001001001');
    // The decoded polygon is where the grid is.
    const [z, x, y] = here(13);
    const g = fs.find((f) => f.properties.code === '220106001001007')!.toGeoJSON(x, y, z);
    const ring = (g.geometry as { coordinates: number[][][] }).coordinates[0];
    expect(Math.min(...ring.map((p) => p[0]))).toBeCloseTo(ORIGIN.lng, 4);
    expect(Math.min(...ring.map((p) => p[1]))).toBeCloseTo(ORIGIN.lat, 4);

    const communities = features((await tile(operator, 'communities', here(13))).rawPayload, 'communities');
    expect(communities.map((f) => f.properties.name).sort()).toEqual(['春城社区', '爱民社区']);
    expect(features((await tile(operator, 'streets', here(12))).rawPayload, 'streets')).toHaveLength(2);

    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/tiles/{layer}/{z}/{x}/{y}.pbf', '/api/basedata/imports', '/api/basedata/imports/{id}/apply', '/api/components/import', '/api/geocode/search', '/api/geocode/reverse']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const tj = (await operator.get('/api/tiles/grids.json')).json();
    expect(tj).toMatchObject({ tilejson: '3.0.0', maxzoom: 16, vector_layers: [{ id: 'grids' }] });
    expect(tj.tiles[0]).toMatch(/\/api\/tiles\/grids\/\{z\}\/\{x\}\/\{y\}\.pbf$/);
  });

  it('answers an empty tile with 204, a repeated request with 304, nonsense with 400 and strangers with 401', async () => {
    expect((await tile(operator, 'grids', tileOf(100, 30, 12))).statusCode).toBe(204);
    const first = await tile(operator, 'grids', here(14));
    const again = await app.inject({ method: 'GET', url: `/api/tiles/grids/${here(14).join('/')}.pbf`, headers: { ...(await cookieOf()), 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await operator.get('/api/tiles/grids/3/9/1.pbf')).statusCode).toBe(400);
    expect((await operator.get('/api/tiles/nothing/3/1/1.pbf')).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/tiles/grids/${here(14).join('/')}.pbf` })).statusCode).toBe(401);
  });

  const cookieOf = async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: w.users.operator.password } });
    return { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  };

  it('clusters components at low zoom and shows each one close up, by class if asked', async () => {
    const now = w.clock.now;
    const rows = Array.from({ length: 600 }, (_, i) => {
      const lng = ORIGIN.lng + 0.0002 + (i % 30) * 0.00018;
      const lat = ORIGIN.lat + 0.0002 + Math.floor(i / 30) * 0.00013;
      const cls = i % 3 === 0 ? '03001' : '01001';
      return {
        id: `220106${cls}${String(i + 1).padStart(6, '0')}`,
        classCode: cls,
        name: cls === '01001' ? '雨水井盖' : '垃圾箱',
        deptCode: '11220106MB0000001X',
        deptName: '市政处',
        gridCode: '220106001001001',
        state: i % 10 === 0 ? 'damaged' : 'intact',
        initialDate: '2020-01-01',
        lng,
        lat,
        location: [lng, lat] as [number, number],
        createdAt: now,
        updatedAt: now,
      };
    });
    await upsertComponents(w.ctx.db, rows);
    const low = features((await tile(operator, 'components', here(10))).rawPayload, 'components');
    const total = low.reduce((a, f) => a + Number(f.properties.point_count ?? 1), 0);
    expect(total).toBe(600);
    expect(low.some((f) => f.properties.cluster === true)).toBe(true);
    expect(low.reduce((a, f) => a + Number(f.properties.broken ?? 0), 0)).toBe(60);
    // Close up: single points with their identifier and class.
    const [z, x, y] = tileOf(ORIGIN.lng + 0.0002, ORIGIN.lat + 0.0002, 19);
    const near = features((await tile(operator, 'components', [z, x, y])).rawPayload, 'components');
    expect(near.length).toBeGreaterThan(0);
    expect(near[0].properties.id).toMatch(/^220106\d{11}$/);
    expect(near[0].type).toBe(1);
    const bins = features((await tile(operator, 'components', here(10), '?class=03001')).rawPayload, 'components');
    expect(bins.reduce((a, f) => a + Number(f.properties.point_count ?? 1), 0)).toBe(200);
  });

  it('shows open cases in the user’s scope, clustered with their red and yellow counts, and follows changes', async () => {
    const mine = await buildCase(w, 'reported');
    await buildCase(w, 'filed');
    const all = features((await tile(operator, 'cases', here(13))).rawPayload, 'cases');
    const count = (fs: typeof all) => fs.reduce((a, f) => a + Number(f.properties.point_count ?? 1), 0);
    expect(count(all)).toBe(2);
    // inspector2 took part in neither case.
    expect((await tile(inspector2, 'cases', here(13))).statusCode).toBe(204);
    const low = features((await tile(operator, 'cases', tileOf(ORIGIN.lng, ORIGIN.lat, 8))).rawPayload, 'cases');
    expect(low).toHaveLength(1);
    expect(low[0].properties).toMatchObject({ cluster: true, point_count: 2, red: 0, yellow: 0, urgent: 0 });
    const close = features((await tile(operator, 'cases', tileOf(mine.lng, mine.lat, 18))).rawPayload, 'cases');
    expect(close.map((f) => f.properties.number)).toContain(mine.number);
    // A new case shows once the case revision moves (checked at most every 2 s); the old index answers meanwhile.
    await buildCase(w, 'reported');
    let seen = 0;
    for (let i = 0; i < 40 && seen !== 3; i++) {
      await new Promise((r) => setTimeout(r, 150));
      seen = count(features((await tile(operator, 'cases', here(13))).rawPayload, 'cases'));
    }
    expect(seen).toBe(3);
  });

  it('rebuilds the grid tiles as soon as the base data changes', async () => {
    const before = features((await tile(operator, 'grids', here(13))).rawPayload, 'grids');
    expect(before).toHaveLength(18);
    const res = await admin.post('/api/basedata/edits', { layer: 'grids', remove: ['220106002001009'] });
    expect(res.statusCode, res.body).toBe(200);
    const after = features((await tile(operator, 'grids', here(13))).rawPayload, 'grids');
    expect(after.map((f) => f.properties.code)).not.toContain('220106002001009');
    expect(after).toHaveLength(17);
  });
});
