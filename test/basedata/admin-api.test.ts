// The API behind the base data administration screens: record lists and details, the preview map of an import (problems
// located), edits across layers in one version, components following grid changes, the optional basemap, and an
// administrator raising a case from a component.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInPolygon } from '../../src/domain/geo';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type FullClient } from '../support/http';
import { buildWorld, ORIGIN, type World } from '../support/world';

type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null };

const square = (lng: number, lat: number, d: number) => [
  [
    [lng, lat],
    [lng + d, lat],
    [lng + d, lat + d],
    [lng, lat + d],
    [lng, lat],
  ],
];

describe.each(testDatabaseKinds())('base data administration API (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let admin: FullClient;
  let operator: FullClient;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    admin = await signIn(app, 'admin', w.users.admin.password);
    operator = await signIn(app, 'operator', w.users.operator.password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists records by layer, searchable by code and name, with what they hold; one record comes with its geometry', async () => {
    const streets = (await operator.get('/api/basedata/records/streets?q=正阳')).json();
    expect(streets.total).toBe(1);
    expect(streets.items[0]).toMatchObject({ code: '220106001', name: '正阳街道', communityCount: 1, gridCount: 9 });

    const communities = (await operator.get('/api/basedata/records/communities?streetCode=220106002')).json();
    expect(communities.items.map((c: { code: string }) => c.code)).toEqual(['220106002001']);
    expect(communities.items[0]).toMatchObject({ name: '春城社区', streetName: '春城街道', gridCount: 9, areaClass: 'A' });

    const grids = (await operator.get('/api/basedata/records/grids?communityCode=220106001001&limit=4&offset=2')).json();
    expect(grids.total).toBe(9);
    expect(grids.items.map((g: { code: string }) => g.code)).toEqual(['220106001001003', '220106001001004', '220106001001005', '220106001001006']);
    expect(grids.items[0]).toMatchObject({ communityName: '爱民社区', streetName: '正阳街道' });
    expect((await operator.get('/api/basedata/records/grids?q=002001007')).json().items.map((g: { code: string }) => g.code)).toEqual(['220106002001007']);

    const one = await operator.get('/api/basedata/records/grids/220106001001005');
    expect(one.statusCode, one.body).toBe(200);
    const g = one.json();
    expect(g.properties).toMatchObject({ code: '220106001001005', componentCount: 0 });
    expect(g.geometry.type).toBe('Polygon');
    expect(pointInPolygon(w.pointIn1.lng, w.pointIn1.lat, g.geometry)).toBe(true);
    expect(g.record).toEqual({ code: '220106001001005', communityCode: '220106001001', streetCode: '220106001' });

    expect((await operator.get('/api/basedata/records/grids/220106001001099')).statusCode).toBe(404);
    const bad = await operator.get('/api/basedata/records/parks');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('locates every problem of a preview on the map and draws the staged features with their worst problem', async () => {
    const grids = (await admin.get('/api/basedata/export/grids.geojson')).json() as { features: Feature[] };
    // A bow-tie (crosses itself) and a grid moved onto its neighbour (overlap).
    const bowTie: Feature = {
      type: 'Feature',
      properties: { code: '220106001001010', communityCode: '220106001001' },
      geometry: { type: 'Polygon', coordinates: [[[ORIGIN.lng, ORIGIN.lat], [ORIGIN.lng + 0.001, ORIGIN.lat + 0.001], [ORIGIN.lng + 0.001, ORIGIN.lat], [ORIGIN.lng, ORIGIN.lat + 0.001], [ORIGIN.lng, ORIGIN.lat]]] },
    };
    const moved = { ...grids.features[1], geometry: grids.features[0].geometry };
    const preview = await admin.post('/api/basedata/imports/geojson', { mode: 'merge', layers: { grids: { type: 'FeatureCollection', features: [bowTie, moved] } } });
    expect(preview.statusCode, preview.body).toBe(201);
    const p = preview.json();
    expect(p.canApply).toBe(false);
    const rules = p.problems.map((x: { rule: string }) => x.rule);
    expect(rules).toContain('self_intersection');
    expect(rules).toContain('grid_overlap');
    for (const x of p.problems) {
      expect(x.at, JSON.stringify(x)).toHaveLength(2);
      // Every located problem is in the little test district (0.006° × 0.003° from ORIGIN).
      expect(x.at[0]).toBeGreaterThanOrEqual(ORIGIN.lng - 0.0001);
      expect(x.at[0]).toBeLessThanOrEqual(ORIGIN.lng + 0.0061);
      expect(x.at[1]).toBeGreaterThanOrEqual(ORIGIN.lat - 0.0001);
      expect(x.at[1]).toBeLessThanOrEqual(ORIGIN.lat + 0.0031);
    }

    const fc = (await admin.get(`/api/basedata/imports/${p.id}/features?layer=grids`)).json();
    // The bow-tie could not be read, so only the moved grid is staged; its overlap is an error.
    expect(fc.features.map((f: Feature) => f.properties.code)).toEqual([moved.properties.code]);
    expect(fc.features[0].properties).toMatchObject({ severity: 'error', layer: 'grids' });
    expect(fc.features[0].properties.zh).toMatch(/重叠/);
    const onlyProblems = (await admin.get(`/api/basedata/imports/${p.id}/features?only=problems`)).json();
    expect(onlyProblems.total).toBe(1);
    expect((await operator.get(`/api/basedata/imports/${p.id}/features`)).statusCode).toBe(403);
    expect((await admin.get('/api/basedata/imports/00000000-0000-4000-8000-000000000000/features')).statusCode).toBe(404);
    // Nothing was applied: the grid is where it was.
    const still = (await admin.get(`/api/basedata/records/grids/${moved.properties.code}`)).json();
    expect(still.geometry).toEqual(grids.features[1].geometry);
  });

  it('renumbers a unit grid together with the responsibility grid holding it, as one version; alone it leaves the responsibility grid, with a warning', async () => {
    const beat = { type: 'Feature', properties: { code: 'B-AIMIN-1', name: '爱民一组', communityCode: '220106001001', inspector: 'inspector', gridCodes: ['220106001001001', '220106001001002'] }, geometry: null };
    const added = await admin.post('/api/basedata/edits', { layer: 'beats', upsert: [beat] });
    expect(added.statusCode, added.body).toBe(200);

    const grid = (await admin.get('/api/basedata/records/grids/220106001001002')).json();
    const renamed = { type: 'Feature', properties: { ...grid.record, code: '220106001001012' }, geometry: grid.geometry };
    const before = (await admin.get('/api/basedata/versions?limit=1')).json()[0].number;

    const both = await admin.post('/api/basedata/edits', {
      changes: [
        { layer: 'grids', upsert: [renamed], remove: ['220106001001002'] },
        { layer: 'beats', upsert: [{ ...beat, properties: { ...beat.properties, gridCodes: ['220106001001001', '220106001001012'] } }] },
      ],
      note: '网格重新编号',
    });
    expect(both.statusCode, both.body).toBe(200);
    const v = both.json().version;
    expect(v.number).toBe(before + 1);
    expect(v.counts).toEqual({ grids: { added: 1, changed: 0, removed: 1 }, beats: { added: 0, changed: 1, removed: 0 } });
    expect((await admin.get('/api/basedata/records/grids/220106001001002')).statusCode).toBe(404);
    expect((await admin.get('/api/basedata/records/grids/220106001001012')).json().properties).toMatchObject({ beatCode: 'B-AIMIN-1' });

    const twice = await admin.post('/api/basedata/edits', { changes: [{ layer: 'grids', upsert: [] }, { layer: 'grids', remove: ['220106001001001'] }] });
    expect(twice.statusCode).toBe(400);
    const neither = await admin.post('/api/basedata/edits', { upsert: [] });
    expect(neither.statusCode).toBe(400);
    expect((await operator.post('/api/basedata/edits', { layer: 'grids', remove: ['220106001001001'] })).statusCode).toBe(403);

    // Reverting the renumbering brings back both layers as they were.
    const revert = await admin.post(`/api/basedata/versions/${v.number}/revert`, {});
    expect(revert.statusCode, revert.body).toBe(200);
    expect((await admin.get('/api/basedata/records/grids/220106001001002')).json().properties).toMatchObject({ beatCode: 'B-AIMIN-1' });

    // Renumbered alone, the grid leaves its responsibility grid: applied (regenerating grids does the same), with a warning.
    const alone = await admin.post('/api/basedata/edits', { layer: 'grids', upsert: [renamed], remove: ['220106001001002'] });
    expect(alone.statusCode, alone.body).toBe(200);
    expect(alone.json().preview.problems).toEqual([expect.objectContaining({ layer: 'beats', rule: 'beat_grid_missing', severity: 'warning', code: 'B-AIMIN-1' })]);
    expect((await admin.get('/api/basedata/records/grids/220106001001012')).json().properties.beatCode).toBeNull();
    expect((await admin.get('/api/basedata/records/beats/B-AIMIN-1')).json().record.gridCodes).toEqual(['220106001001001']);
  });

  it('moves components to the grid they lie in when the grids are regenerated, and records edits in their history', async () => {
    const point = { lng: ORIGIN.lng + 3 * 0.001 + 0.0025, lat: ORIGIN.lat + 0.0025 }; // street 2, north-east part
    const created = await admin.post('/api/components', { classCode: '01001', name: '上水井盖', deptCode: '11220106MB0000001X', deptName: '绿园区水务局', initialDate: '2021-04-01', ...point });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c.gridCode).toBe('220106002001003');

    const gen = await admin.post('/api/basedata/grids/generate', { communityCodes: ['220106002001'], cellSizeM: 60 });
    expect(gen.statusCode, gen.body).toBe(201);
    const applied = await admin.post(`/api/basedata/imports/${gen.json().id}/apply`);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().componentsRelocated).toBe(1);
    const after = (await admin.get(`/api/components/${c.id}`)).json();
    const grid = (await admin.get(`/api/basedata/records/grids/${after.gridCode}`)).json();
    expect(pointInPolygon(point.lng, point.lat, grid.geometry)).toBe(true);
    expect(after.gridCode).not.toBe('220106002001003');
    expect(after).toMatchObject({ communityName: '春城社区', streetName: '春城街道' });
    expect(grid.properties.componentCount).toBe(1);

    // Renaming the community renames it on the component too.
    const community = (await admin.get('/api/basedata/records/communities/220106002001')).json();
    const rename = await admin.post('/api/basedata/edits', { layer: 'communities', upsert: [{ type: 'Feature', properties: { ...community.record, name: '春城新社区' }, geometry: community.geometry }] });
    expect(rename.statusCode, rename.body).toBe(200);
    expect((await admin.get(`/api/components/${c.id}`)).json().communityName).toBe('春城新社区');

    const patched = await admin.send('PATCH', `/api/components/${c.id}`, { maintenanceUnit: '绿园区市政养护所', name: '上水井盖（铸铁）' });
    expect(patched.statusCode, patched.body).toBe(200);
    const same = await admin.send('PATCH', `/api/components/${c.id}`, { maintenanceUnit: '绿园区市政养护所' });
    expect(same.json().version).toBe(patched.json().version);
    const history = (await admin.get(`/api/components/${c.id}`)).json().events;
    const edits = history.filter((e: { action: string }) => e.action === 'update');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ actorName: 'admin', changes: { maintenanceUnit: [null, '绿园区市政养护所'], name: ['上水井盖', '上水井盖（铸铁）'] } });
    expect(history.at(-1)).toMatchObject({ action: 'create', toState: 'intact' });
  });

  it('lets an administrator raise a case from a component: it waits in the operator’s queue, the component is damaged', async () => {
    const created = await admin.post('/api/components', { classCode: '03001', name: '果皮箱', deptCode: '11220106MB0000002X', deptName: '绿园区环卫中心', initialDate: '2022-06-01', ...w.pointIn1 });
    const id = created.json().id;
    const d = (await admin.get(`/api/components/${id}/case-defaults`)).json();
    const res = await admin.post('/api/cases', { source: 'hotline', kind: d.kind, classCode: d.classCode, lng: d.lng, lat: d.lat, locationText: d.locationText, componentId: id, description: '果皮箱破损' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ state: 'reported', componentId: id });
    const queue = (await operator.get('/api/cases?queue=verify&pageSize=100')).json();
    expect(queue.items.map((x: { number: string }) => x.number)).toContain(c.number);
    const comp = (await admin.get(`/api/components/${id}`)).json();
    expect(comp.state).toBe('damaged');
    expect(comp.events[0]).toMatchObject({ action: 'case_reported', caseNumber: c.number });
  });

  it('keeps the external basemap off by default; only an administrator turns it on, with a key or tile URLs', async () => {
    const off = await app.inject({ method: 'GET', url: '/api/basemap' });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ enabled: false, layers: [] });
    expect((await admin.get('/api/admin/basemap')).json()).toMatchObject({ enabled: false, provider: 'tianditu', tiandituKey: null });

    const noKey = await admin.send('PUT', '/api/admin/basemap', { enabled: true, provider: 'tianditu' });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(noKey.json().error.fields)).toMatch(/tiandituKey/);
    const badUrl = await admin.send('PUT', '/api/admin/basemap', { enabled: true, provider: 'custom', urls: ['https://tiles.example.org/{z}/{x}.png'] });
    expect(badUrl.statusCode).toBe(400);
    expect((await operator.send('PUT', '/api/admin/basemap', { enabled: false })).statusCode).toBe(403);
    expect((await operator.get('/api/admin/basemap')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/basemap' })).json().enabled).toBe(false);

    const key = '0123456789abcdef0123456789abcdef';
    const on = await admin.send('PUT', '/api/admin/basemap', { enabled: true, provider: 'tianditu', tiandituKey: key, tiandituStyle: 'img', labels: true });
    expect(on.statusCode, on.body).toBe(200);
    const bm = (await app.inject({ method: 'GET', url: '/api/basemap' })).json();
    expect(bm.enabled).toBe(true);
    expect(bm.layers.map((l: { id: string }) => l.id)).toEqual(['tianditu-img', 'tianditu-cia']);
    expect(bm.layers[0].tiles).toHaveLength(8);
    expect(bm.layers[0].tiles[3]).toBe(
      `https://t3.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
    );

    const custom = await admin.send('PUT', '/api/admin/basemap', { enabled: true, provider: 'custom', urls: ['https://gis.lvyuan.example/tiles/{z}/{x}/{y}.png'], attribution: '绿园区测绘', opacity: 0.6 });
    expect(custom.statusCode, custom.body).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/basemap' })).json()).toEqual({
      enabled: true,
      layers: [{ id: 'custom', tiles: ['https://gis.lvyuan.example/tiles/{z}/{x}/{y}.png'], tileSize: 256, attribution: '绿园区测绘', opacity: 0.6 }],
    });
    const audit = (await admin.get('/api/admin/audit?limit=5')).json();
    expect(audit.some((a: { action: string }) => a.action === 'basemap.update')).toBe(true);
    await admin.send('PUT', '/api/admin/basemap', { enabled: false });
    expect((await app.inject({ method: 'GET', url: '/api/basemap' })).json()).toEqual({ enabled: false, layers: [] });
  });
});
