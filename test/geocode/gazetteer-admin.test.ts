// Keeping the gazetteer (地名地址库): list and filter, add, change and remove entries (search follows at once), export
// that imports back unchanged, a dry run that lists the problems of a broken file, and a broken file refused whole.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoGazetteer } from '../../src/server/geocode/demo-gazetteer';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type FullClient } from '../support/http';
import { buildWorld, ORIGIN, type World } from '../support/world';

describe.each(testDatabaseKinds())('gazetteer administration (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let operator: FullClient;
  let admin: FullClient;
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    await seedDemoGazetteer(w.ctx.db);
    app = await appFor(w);
    operator = await signIn(app, 'operator', w.users.operator.password);
    admin = await signIn(app, 'admin', w.users.admin.password);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: w.users.admin.password } });
    adminHeaders = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.json().user.csrfToken };
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const upload = async (name: string, content: string | Buffer, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
    const body = new Response(form);
    return app.inject({ method: 'POST', url: '/api/geocode/gazetteer/import', headers: { ...adminHeaders, 'content-type': body.headers.get('content-type')! }, payload: Buffer.from(await body.arrayBuffer()) });
  };
  const search = async (q: string) => (await operator.get(`/api/geocode/search?q=${encodeURIComponent(q)}`)).json().items as { name: string; id: number }[];
  const total = async () => (await operator.get('/api/geocode/gazetteer?limit=1')).json().total as number;

  it('lists entries by kind and text, broader kinds first', async () => {
    const all = (await operator.get('/api/geocode/gazetteer?limit=3')).json();
    expect(all.total).toBeGreaterThan(20);
    expect(all.items.map((e: { kind: string }) => e.kind)).toEqual(['street', 'street', 'community']);
    const streets = (await operator.get('/api/geocode/gazetteer?kind=community')).json();
    expect(streets.items.map((e: { name: string }) => e.name)).toEqual(['爱民社区', '春城社区']);
    const addresses = (await operator.get('/api/geocode/gazetteer?kind=address&streetCode=220106002&limit=500')).json();
    expect(addresses.total).toBeGreaterThan(0);
    expect(addresses.items.every((e: { streetCode: string; generated: boolean }) => e.streetCode === '220106002' && e.generated)).toBe(true);
    const bad = await operator.get('/api/geocode/gazetteer?kind=shop');
    expect(bad.statusCode).toBe(400);
  });

  it('adds, changes and removes an entry; the search follows at once; only administrators may', async () => {
    const before = await total();
    const body = { kind: 'place', name: '绿园区图书馆', code: 'poi-library', lng: w.pointIn1.lng, lat: w.pointIn1.lat };
    expect((await operator.post('/api/geocode/gazetteer', body)).statusCode).toBe(403);
    const created = await admin.post('/api/geocode/gazetteer', body);
    expect(created.statusCode, created.body).toBe(201);
    const e = created.json();
    expect(e).toMatchObject({ kind: 'place', name: '绿园区图书馆', code: 'poi-library', streetName: '正阳街道', communityName: '爱民社区', generated: false });
    expect((await search('图书馆'))[0]).toMatchObject({ name: '绿园区图书馆' });

    const twice = await admin.post('/api/geocode/gazetteer', body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('GAZETTEER_CODE_TAKEN');
    const outside = await admin.post('/api/geocode/gazetteer', { ...body, code: 'far', lng: 126.5, lat: 45.7 });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('OUTSIDE_DISTRICT');
    expect(await total()).toBe(before + 1);

    const moved = await admin.send('PATCH', `/api/geocode/gazetteer/${e.id}`, { name: '绿园区少儿图书馆', lng: w.pointIn2.lng + 0.001, lat: w.pointIn2.lat + 0.001 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: '绿园区少儿图书馆', streetName: '春城街道' });
    expect((await search('少儿图书'))[0]).toMatchObject({ name: '绿园区少儿图书馆' });
    expect((await search('绿园区图书馆')).map((x) => x.name)).not.toContain('绿园区图书馆');
    expect((await operator.send('PATCH', `/api/geocode/gazetteer/${e.id}`, { name: 'x' })).statusCode).toBe(403);

    const reverse = (await operator.get(`/api/geocode/reverse?lng=${w.pointIn2.lng + 0.001}&lat=${w.pointIn2.lat + 0.001}`)).json();
    expect(reverse.locationText).toBe('春城街道春城社区 绿园区少儿图书馆');

    expect((await operator.send('DELETE', `/api/geocode/gazetteer/${e.id}`)).statusCode).toBe(403);
    expect((await admin.send('DELETE', `/api/geocode/gazetteer/${e.id}`)).statusCode).toBe(204);
    expect((await admin.send('DELETE', `/api/geocode/gazetteer/${e.id}`)).statusCode).toBe(404);
    expect(await search('少儿图书')).toEqual([]);
    expect(await total()).toBe(before);
  });

  it('exports CSV and GeoJSON that import back as the same entries', async () => {
    const csv = await operator.get('/api/geocode/gazetteer/export.csv?kind=address&streetCode=220106001');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('kind,name,code,road,houseNumber,streetCode,communityCode,lng,lat,generated');
    expect(lines[1]).toMatch(/^门牌,/);
    const n = lines.length - 1;
    const dry = await upload('gazetteer.csv', csv.rawPayload, { dryRun: 'true' });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, applied: false, rows: n, valid: n, added: 0, changed: n, saved: 0, problems: [] });

    const geo = await operator.get('/api/geocode/gazetteer/export.geojson?kind=community');
    const fc = geo.json();
    expect(fc.features).toHaveLength(2);
    expect(fc.features[0]).toMatchObject({ geometry: { type: 'Point' }, properties: { kind: 'community', name: '爱民社区', code: '220106001001' } });
    const back = await upload('communities.geojson', geo.rawPayload);
    expect(back.json()).toMatchObject({ applied: true, added: 0, changed: 2, saved: 2 });
    expect((await operator.get('/api/geocode/gazetteer?kind=community')).json().items.map((e: { name: string }) => e.name)).toEqual(['爱民社区', '春城社区']);
  });

  it('lists the problems of a broken file in a dry run, and refuses it whole', async () => {
    const before = await total();
    const csv = [
      '类型,名称,编码,经度,纬度',
      `地名,新华书店,poi-book,${ORIGIN.lng + 0.001},${ORIGIN.lat + 0.001}`,
      `商店,某商店,poi-shop,${ORIGIN.lng + 0.001},${ORIGIN.lat + 0.001}`,
      `地名,,poi-empty,${ORIGIN.lng + 0.001},${ORIGIN.lat + 0.001}`,
      `地名,无坐标,poi-nowhere,,`,
      `地名,新华书店二店,poi-book,${ORIGIN.lng + 0.002},${ORIGIN.lat + 0.001}`,
    ].join('\n');
    const dry = await upload('broken.csv', csv, { dryRun: 'true' });
    expect(dry.statusCode).toBe(200);
    const r = dry.json();
    expect(r).toMatchObject({ rows: 5, valid: 1, applied: false });
    expect(r.problems.map((p: { row: number; field: string }) => `${p.row}.${p.field}`)).toEqual(['2.kind', '3.name', '4.lng', '5.code']);
    expect(r.problems[0].zh).toMatch(/商店/);
    const real = await upload('broken.csv', csv);
    expect(real.statusCode).toBe(400);
    expect(real.json().error.code).toBe('VALIDATION_FAILED');
    expect(real.json().error.fields).toHaveLength(4);
    expect(await total()).toBe(before);
    expect(await search('新华书店')).toEqual([]);
  });
});
