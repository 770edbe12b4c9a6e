// Base data import through the API: round trips (export → import gives the same data) in GeoJSON, Shapefile and
// Gauss-Krüger/GCJ-02 coordinates, clear problems for broken files with nothing applied, versions, revert, diff, generation.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWgs84, lngLatToGaussKruger, pointInPolygon } from '../../src/domain/geo';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, ORIGIN, type World } from '../support/world';

type FC = { type: 'FeatureCollection'; features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null }[] };

/** Multipart body with files per field and text fields, as a browser form sends it. */
async function multipart(files: Record<string, { name: string; data: Buffer | string }>, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [k, f] of Object.entries(files)) form.append(k, new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)]), f.name);
  const res = new Response(form);
  return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

const mapCoords = (g: { type: string; coordinates: unknown }, f: (p: [number, number]) => [number, number]) => {
  const walk = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? f(c as [number, number]) : (c as unknown[]).map(walk));
  return { type: g.type, coordinates: walk(g.coordinates) };
};

describe.each(testDatabaseKinds())('base data import (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let admin: Client;
  let operator: Client;
  let csrf: string;
  let cookie: string;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    admin = await signIn(app, 'admin', w.users.admin.password);
    operator = await signIn(app, 'operator', w.users.operator.password);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: w.users.admin.password } });
    cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    csrf = login.json().user.csrfToken;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const upload = async (files: Record<string, { name: string; data: Buffer | string }>, fields: Record<string, string> = {}) => {
    const { body, contentType } = await multipart(files, fields);
    return app.inject({ method: 'POST', url: '/api/basedata/imports', headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType }, payload: body });
  };
  const exportLayer = async (layer: string, format: string) => {
    const res = await admin.get(`/api/basedata/export/${layer}.${format}`);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const exportAll = async () => Object.fromEntries(await Promise.all(['streets', 'communities', 'grids'].map(async (l) => [l, (await exportLayer(l, 'geojson')).json() as FC])));
  const apply = (id: string) => admin.post(`/api/basedata/imports/${id}/apply`);
  const json = (r: LightMyRequestResponse) => r.json();

  it('exports GeoJSON that imports back unchanged, and only administrators may import', async () => {
    const grids = (await exportLayer('grids', 'geojson')).json() as FC;
    expect(grids.features).toHaveLength(18);
    const preview = await admin.post('/api/basedata/imports/geojson', { layers: { grids } });
    expect(preview.statusCode, preview.body).toBe(201);
    const p = preview.json();
    expect(p.summary.grids).toMatchObject({ features: 18, valid: 18, added: 0, changed: 0, removed: 0, unchanged: 18, total: 18 });
    expect(p.problems).toEqual([]);
    expect(p.canApply).toBe(true);
    const applied = await apply(p.id);
    expect(applied.json()).toEqual({ version: null, unchanged: true });
    const denied = await operator.post('/api/basedata/imports/geojson', { layers: { grids } });
    expect(denied.statusCode).toBe(403);
  });

  it('round-trips a changed district through GeoJSON and through Shapefile: export → change → import → same data', async () => {
    for (const format of ['geojson', 'zip'] as const) {
      const before = await exportAll();
      const files = Object.fromEntries(await Promise.all(['streets', 'communities', 'grids'].map(async (l) => [l, { name: `${l}.${format}`, data: (await exportLayer(l, format)).rawPayload }])));
      // Change the district: rename a community.
      const edit = await admin.post('/api/basedata/edits', {
        layer: 'communities',
        upsert: [{ ...before.communities.features[0], properties: { ...before.communities.features[0].properties, name: '改名社区' } }],
      });
      expect(edit.statusCode, edit.body).toBe(200);
      expect(edit.json().version.counts.communities).toEqual({ added: 0, changed: 1, removed: 0 });
      expect((await exportAll()).communities.features[0].properties.name).toBe('改名社区');

      const preview = await upload(files, { mode: 'replace' });
      expect(preview.statusCode, preview.body).toBe(201);
      const p = preview.json();
      expect(p.errorCount, JSON.stringify(p.problems)).toBe(0);
      expect(p.summary.communities).toMatchObject({ changed: 1, unchanged: 1 });
      expect(p.summary.grids).toMatchObject({ unchanged: 18, changed: 0 });
      expect(p.source.files[0].crs).toMatch(/WGS84|GCS_WGS_1984|degrees/);
      const done = await apply(p.id);
      expect(done.statusCode, done.body).toBe(200);
      expect(await exportAll()).toEqual(before);
    }
  });

  it('exports CSV with a header, WKT geometry and a BOM for Excel', async () => {
    const csv = (await exportLayer('grids', 'csv')).body;
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r\n/);
    expect(lines[0]).toBe('code,communityCode,streetCode,lng,lat,wkt');
    expect(lines).toHaveLength(19);
    expect(lines[1]).toMatch(/^220106001001001,220106001001,220106001,125\.25\d*,43\.88\d*,"POLYGON \(\(125\.25 43\.882/);
  });

  it('reads Gauss-Krüger metres (zone prefix, northing first) and GCJ-02 back to the same grids', async () => {
    const grids = (await exportLayer('grids', 'geojson')).json() as FC;
    const zone = { centralMeridian: 126, width: 3 as const, zonePrefix: true };
    const gk: FC = { ...grids, features: grids.features.map((f) => ({ ...f, geometry: mapCoords(f.geometry!, ([x, y]) => {
      const [e, n] = lngLatToGaussKruger(x, y, zone);
      return [n, e]; // surveyors' X (northing) first, as Chinese coordinate tables often give it
    }) })) };
    expect((gk.features[0].geometry!.coordinates as number[][][])[0][0][1]).toBeGreaterThan(42_000_000);
    const viaGk = (await admin.post('/api/basedata/imports/geojson', { crs: 'GK', layers: { grids: gk } })).json();
    expect(viaGk.errorCount, JSON.stringify(viaGk.problems.slice(0, 3))).toBe(0);
    expect(viaGk.summary.grids.unchanged).toBe(18);
    expect(viaGk.source.files[0].crs).toMatch(/中央经线 126°，带号 42，X\/Y 互换/);

    // Without the central meridian and without a prefix the request is refused with a clear message.
    const noPrefix: FC = { ...grids, features: grids.features.map((f) => ({ ...f, geometry: mapCoords(f.geometry!, ([x, y]) => lngLatToGaussKruger(x, y, { ...zone, zonePrefix: false })) })) };
    const refused = await admin.post('/api/basedata/imports/geojson', { layers: { grids: noPrefix } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].message).toMatch(/中央经线.*central meridian/);
    const withCm = (await admin.post('/api/basedata/imports/geojson', { crs: 'GK', centralMeridian: 126, layers: { grids: noPrefix } })).json();
    expect(withCm.summary.grids.unchanged).toBe(18);

    const gcj: FC = { ...grids, features: grids.features.map((f) => ({ ...f, geometry: mapCoords(f.geometry!, ([x, y]) => fromWgs84(x, y, 'GCJ02')) })) };
    const viaGcj = (await admin.post('/api/basedata/imports/geojson', { crs: 'GCJ02', toleranceM2: 5, layers: { grids: gcj } })).json();
    expect(viaGcj.errorCount, JSON.stringify(viaGcj.problems.slice(0, 3))).toBe(0);
    // gcoord's GCJ-02 inverse is approximate to centimetres: the grids come back (nearly) where they were.
    expect(viaGcj.summary.grids.added + viaGcj.summary.grids.removed).toBe(0);
  });

  it('reports every problem of a broken file in zh and en, and applies nothing', async () => {
    const grids = (await exportLayer('grids', 'geojson')).json() as FC;
    const before = await exportAll();
    const sq = (x: number, y: number, s: number) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
    const broken: FC = {
      type: 'FeatureCollection',
      features: [
        ...grids.features.slice(0, 16),
        // a bow-tie
        { type: 'Feature', properties: { code: '220106001001017' }, geometry: { type: 'Polygon', coordinates: [[[ORIGIN.lng, ORIGIN.lat], [ORIGIN.lng + 0.001, ORIGIN.lat + 0.001], [ORIGIN.lng + 0.001, ORIGIN.lat], [ORIGIN.lng, ORIGIN.lat + 0.001], [ORIGIN.lng, ORIGIN.lat]]] } },
        // a ring that is not closed
        { type: 'Feature', properties: { code: '220106001001018' }, geometry: { type: 'Polygon', coordinates: [sq(ORIGIN.lng, ORIGIN.lat, 0.0005)[0].slice(0, 4)] } },
        // overlapping grid 001 by half
        { type: 'Feature', properties: { code: '220106001001019' }, geometry: { type: 'Polygon', coordinates: sq(ORIGIN.lng + 0.0005, ORIGIN.lat + 0.002, 0.001) } },
        // a malformed code and a duplicate
        { type: 'Feature', properties: { code: '22010600100' }, geometry: { type: 'Polygon', coordinates: sq(ORIGIN.lng, ORIGIN.lat, 0.0001) } },
        { ...grids.features[0] },
        // a grid of community 001 lying in community 002
        { type: 'Feature', properties: { code: '220106001001020' }, geometry: { type: 'Polygon', coordinates: sq(ORIGIN.lng + 0.0045, ORIGIN.lat + 0.0015, 0.0002) } },
        // no geometry
        { type: 'Feature', properties: { code: '220106001001021' }, geometry: null },
      ],
    };
    const res = await admin.post('/api/basedata/imports/geojson?lang=en', { layers: { grids: broken } });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.canApply).toBe(false);
    const rules = (p.problems as { rule: string; index: number | null }[]).map((x) => `${x.rule}@${x.index}`);
    expect(rules).toEqual(
      expect.arrayContaining(['self_intersection@16', 'ring_not_closed@17', 'grid_overlap@18', 'code_malformed@19', 'code_duplicate@20', 'grid_in_other_community@21', 'geometry_missing@22']),
    );
    const overlap = p.problems.find((x: { rule: string }) => x.rule === 'grid_overlap');
    expect(overlap.zh).toMatch(/单元网格“220106001001019”与“22010600100100[12]”重叠 \d+ m²/);
    expect(overlap.en).toMatch(/overlaps "22010600100100[12]" by \d+ m²/);
    const malformed = p.problems.find((x: { rule: string }) => x.rule === 'code_malformed');
    expect(malformed.en).toMatch(/expected 15 or 14 digits/);
    // replace mode would also drop the two grids left out: they are not errors, just counted.
    expect(p.summary.grids.removed).toBe(2);

    const applied = await apply(p.id);
    expect(applied.statusCode).toBe(400);
    expect(applied.json().error.code).toBe('VALIDATION_FAILED');
    expect(applied.json().error.fields.length).toBeGreaterThanOrEqual(7);
    expect(await exportAll()).toEqual(before);
    expect((await admin.get(`/api/basedata/imports/${p.id}`)).json().status).toBe('previewed');

    // Files that are not base data at all.
    const junk = await upload({ grids: { name: 'grids.txt', data: 'hello' } });
    expect(junk.statusCode).toBe(415);
    expect(junk.json().error.fields[0].message).toMatch(/neither GeoJSON nor a zipped shapefile/);
  });

  it('refuses to remove a community that still has grids, and a street that still has communities', async () => {
    const communities = (await exportLayer('communities', 'geojson')).json() as FC;
    const p = (await admin.post('/api/basedata/imports/geojson', { layers: { communities: { ...communities, features: communities.features.slice(0, 1) } } })).json();
    expect(p.problems.map((x: { rule: string; code: string }) => `${x.rule}:${x.code}`)).toContain('children_remain:220106002001');
    expect(p.canApply).toBe(false);
  });

  it('keeps versions with who, when and counts; shows changes; diffs; reverts as a new version', async () => {
    const before = await exportAll();
    const grids = before.grids;
    const first = grids.features[0];
    const shrunk = { ...first, geometry: mapCoords(first.geometry!, ([x, y]) => [x === ORIGIN.lng + 0.001 ? ORIGIN.lng + 0.0009 : x, y]) };
    const edit = await admin.post('/api/basedata/edits', { layer: 'grids', upsert: [shrunk], note: '调整边界' });
    expect(edit.statusCode, edit.body).toBe(200);
    const v = edit.json().version;
    expect(v).toMatchObject({ kind: 'edit', layers: ['grids'], note: '调整边界', createdBy: w.users.admin.id, counts: { grids: { added: 0, changed: 1, removed: 0 } } });
    const versions = (await admin.get('/api/basedata/versions')).json();
    expect(versions[0].number).toBe(v.number);
    const changes = (await admin.get(`/api/basedata/versions/${v.number}/changes`)).json();
    expect(changes.items).toHaveLength(1);
    expect(changes.items[0]).toMatchObject({ layer: 'grids', code: first.properties.code, op: 'change' });
    expect(changes.items[0].before.ring).toEqual((first.geometry!.coordinates as number[][][])[0]);

    // An overlapping edit is refused as a whole.
    const bad = await admin.post('/api/basedata/edits', { layer: 'grids', upsert: [{ ...grids.features[1], geometry: grids.features[0].geometry }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].message).toMatch(/重叠.*overlaps/);

    const revert = await admin.post(`/api/basedata/versions/${v.number}/revert`, {});
    expect(revert.statusCode, revert.body).toBe(200);
    expect(revert.json().version).toMatchObject({ kind: 'revert', revertOf: v.number });
    expect(await exportAll()).toEqual(before);
    const diff = (await admin.get(`/api/basedata/diff?from=${v.number - 1}&to=${v.number + 1}`)).json();
    expect(diff.total).toBe(0);
    const diff1 = (await admin.get(`/api/basedata/diff?from=${v.number - 1}&to=${v.number}`)).json();
    expect(diff1.counts).toEqual({ grids: { added: 0, changed: 1, removed: 0 } });
    // Reverting the edit again is refused: the records moved since.
    const again = await admin.post(`/api/basedata/versions/${v.number}/revert`, {});
    expect(again.statusCode).toBe(400);
    const audit = (await admin.get('/api/admin/audit')).json();
    expect(audit.map((a: { action: string }) => a.action)).toContain('basedata.apply');
  });

  it('reads a Gauss-Krüger shapefile through its .prj (CGCS2000 3-degree zone 42, CM 126°E)', async () => {
    const { writePolygonShapefile } = await import('../../src/server/basedata/shapefile');
    const JSZip = (await import('jszip')).default;
    const grids = (await exportLayer('grids', 'geojson')).json() as FC;
    const zone = { centralMeridian: 126, width: 3 as const, zonePrefix: false };
    const zip = await writePolygonShapefile(
      '单元网格',
      [{ name: 'BGID', type: 'C', length: 15 }],
      grids.features.map((f) => ({
        parts: [[(f.geometry!.coordinates as [number, number][][])[0].map(([x, y]) => lngLatToGaussKruger(x, y, zone))]],
        values: [String(f.properties.code)],
      })),
    );
    const z = await JSZip.loadAsync(zip);
    z.file(
      '单元网格.prj',
      'PROJCS["CGCS2000_3_Degree_GK_CM_126E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",126.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
    );
    const res = await upload({ file: { name: 'grids.zip', data: await z.generateAsync({ type: 'nodebuffer' }) } });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.layers).toEqual(['grids']);
    expect(p.source.files[0].crs).toMatch(/CGCS2000_3_Degree_GK_CM_126E/);
    expect(p.errorCount, JSON.stringify(p.problems.slice(0, 3))).toBe(0);
    expect(p.summary.grids).toMatchObject({ unchanged: 18, changed: 0, added: 0, removed: 0 });
  });

  it('imports responsibility grids (beats) with their unit grids, from GeoJSON and from shapefile outlines', async () => {
    const beat = (code: string, grids: string[] | null, extra: Record<string, unknown> = {}) => ({
      type: 'Feature',
      properties: { code, name: `${code}责任网格`, communityCode: '220106001001', inspector: 'inspector', ...(grids ? { gridCodes: grids.join(',') } : {}), ...extra },
      geometry: null,
    });
    const g = (n: number) => `220106001001${String(n).padStart(3, '0')}`;
    const p = (await admin.post('/api/basedata/imports/geojson', { mode: 'merge', layers: { beats: { type: 'FeatureCollection', features: [beat('B1', [g(1), g(2), g(3)]), beat('B2', [g(4), g(5)])] } } })).json();
    expect(p.errorCount, JSON.stringify(p.problems)).toBe(0);
    expect(p.summary.beats).toMatchObject({ added: 2 });
    expect((await apply(p.id)).statusCode).toBe(200);
    const beats = (await admin.get('/api/admin/beats')).json() as { code: string; gridCount: number; inspectorId: string | null }[];
    expect(beats.find((b) => b.code === 'B1')).toMatchObject({ gridCount: 3, inspectorId: w.users.inspector.id });

    // A grid in two beats, an unknown grid and an unknown inspector are reported.
    const bad = (await admin.post('/api/basedata/imports/geojson', { mode: 'merge', layers: { beats: { type: 'FeatureCollection', features: [beat('B3', [g(1), '220106001001099'], { inspector: 'nobody' })] } } })).json();
    expect(bad.problems.map((x: { rule: string }) => x.rule).sort()).toEqual(['beat_grid_missing', 'beat_grid_twice', 'inspector_unknown']);

    // Exported as a shapefile (outlines of their grids), beats import back to the same grids.
    const zip = (await exportLayer('beats', 'zip')).rawPayload;
    const back = (await upload({ beats: { name: 'beats.zip', data: zip } }, { mode: 'replace' })).json();
    expect(back.errorCount, JSON.stringify(back.problems)).toBe(0);
    expect(back.summary.beats).toMatchObject({ unchanged: 2, changed: 0 });
  });

  it('generates ~10,000 m² grids numbered north → south, west → east, inside their community', async () => {
    const res = await admin.post('/api/basedata/grids/generate', { communityCodes: ['220106002001'], cellSizeM: 100 });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.kind).toBe('generate');
    expect(p.errorCount, JSON.stringify(p.problems.slice(0, 3))).toBe(0);
    const applied = await apply(p.id);
    expect(applied.statusCode, applied.body).toBe(200);
    const grids = ((await exportLayer('grids', 'geojson')).json() as FC).features.filter((f) => f.properties.communityCode === '220106002001');
    // 0.003° × 0.003° at 43.88°N is about 241 m × 333 m: 3 × 4 lattice cells, some clipped.
    expect(grids.length).toBeGreaterThanOrEqual(9);
    expect(grids.length).toBeLessThanOrEqual(20);
    const communities = ((await exportLayer('communities', 'geojson')).json() as FC).features;
    const community = communities.find((c) => c.properties.code === '220106002001')!;
    const centre = (f: FC['features'][number]) => {
      const ring = (f.geometry!.coordinates as number[][][])[0];
      return [ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length];
    };
    for (const g of grids) {
      const [x, y] = centre(g);
      expect(pointInPolygon(x, y, community.geometry as never)).toBe(true);
    }
    // Reading order: the first grid is the north-west one.
    const [x1, y1] = centre(grids[0]);
    expect(Math.max(...grids.map((g) => centre(g)[1]))).toBeCloseTo(y1, 3);
    expect(x1).toBeLessThan(centre(grids[grids.length - 1])[0] + 1e-9);
    expect(grids.map((g) => g.properties.code)).toEqual(grids.map((_, i) => `220106002001${String(i + 1).padStart(3, '0')}`));
  });
});
