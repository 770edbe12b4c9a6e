// Geocoding: Chinese queries find streets, communities, roads and addresses; points give the nearest address with
// grid, community, street and the 事发位置 text; the gazetteer imports from CSV.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoGazetteer } from '../../src/server/geocode/demo-gazetteer';
import { geocodeText, reverseGeocode } from '../../src/server/geocode/geocode.service';
import { tokens } from '../../src/server/geocode/tokens';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, ORIGIN, type World } from '../support/world';

describe('search tokens', () => {
  it('are bigrams of Chinese runs, lone characters, and whole numbers', () => {
    expect(tokens('青年路12号')).toEqual(['青年', '年路', '#12', '号']);
    expect(tokens(' 青年路 ０１２ 号')).toEqual(['青年', '年路', '#12', '号']);
    expect(tokens('正阳')).toEqual(['正阳']);
    expect(tokens('A座')).toEqual(['a座']);
    expect(tokens('!!')).toEqual([]);
  });
});

describe.each(testDatabaseKinds())('geocoding (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let operator: Client;
  let admin: Client;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    expect(await seedDemoGazetteer(w.ctx.db)).toBeGreaterThan(20);
    expect(await seedDemoGazetteer(w.ctx.db)).toBe(0); // once only
    app = await appFor(w);
    operator = await signIn(app, 'operator', w.users.operator.password);
    admin = await signIn(app, 'admin', w.users.admin.password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const search = async (q: string) => {
    const res = await operator.get(`/api/geocode/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { kind: string; name: string; code: string; generated: boolean; streetName: string | null; houseNumber: string | null; lng: number; lat: number }[];
  };

  it("finds 正阳街道 for '正阳', a community by its name or stem, and says which entries are generated", async () => {
    const zy = await search('正阳');
    expect(zy[0]).toMatchObject({ kind: 'street', name: '正阳街道', code: '220106001', generated: false });
    expect((await search('爱民社区'))[0]).toMatchObject({ kind: 'community', name: '爱民社区', code: '220106001001', streetName: '正阳街道' });
    expect((await search('爱民'))[0].name).toBe('爱民社区');
    const office = await search('正阳街道办事处');
    expect(office[0]).toMatchObject({ kind: 'place', generated: true });
  });

  it('finds a door plate from road + number, written in several ways', async () => {
    const road = (await search('青年路'))[0];
    expect(road).toMatchObject({ kind: 'road', name: '青年路', generated: true });
    for (const q of ['青年路3号', '青年路 3 号', '青年路３号', '青年路3']) {
      const hits = await search(q);
      expect(hits[0], q).toMatchObject({ kind: 'address', name: '青年路3号', houseNumber: '3号' });
    }
    // One wrong character still finds the road's plates (most tokens match).
    expect((await geocodeText(w.ctx.db, '青年道3号')).map((e) => e.name)).toContain('青年路3号');
    expect(await search('长白山')).toEqual([]);
  });

  it('turns a point into the nearest address, grid, community, street and the 事发位置 text', async () => {
    const addr = (await search('青年路5号'))[0];
    const res = await operator.get(`/api/geocode/reverse?lng=${addr.lng}&lat=${addr.lat + 0.00015}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ streetName: '正阳街道', communityName: '爱民社区', communityCode: '220106001001' });
    expect(r.gridCode).toMatch(/^220106001001\d{3}$/);
    expect(r.address.name).toBe('青年路5号');
    expect(r.address.distanceM).toBeGreaterThan(10);
    expect(r.locationText).toMatch(/^正阳街道爱民社区 青年路5号北侧约\d+米$/);
    const exact = await reverseGeocode(w.ctx.db, addr.lng, addr.lat);
    expect(exact!.locationText).toBe('正阳街道爱民社区 青年路5号');
    const outside = await operator.get(`/api/geocode/reverse?lng=${ORIGIN.lng - 0.05}&lat=${ORIGIN.lat}`);
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('OUTSIDE_DISTRICT');
  });

  it('imports gazetteer entries from CSV; only administrators may', async () => {
    const csv = `类型,名称,编码,道路,门牌号,经度,纬度\n地名,绿园区人民政府,gov-1,,,${ORIGIN.lng + 0.0015},${ORIGIN.lat + 0.0015}\n门牌,,doorplate-9,幸福路,9号,${ORIGIN.lng + 0.004},${ORIGIN.lat + 0.001}\n`;
    const form = new FormData();
    form.append('file', new Blob([csv]), 'gazetteer.csv');
    const body = new Response(form);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: w.users.admin.password } });
    const headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': login.json().user.csrfToken, 'content-type': body.headers.get('content-type')! };
    const res = await app.inject({ method: 'POST', url: '/api/geocode/gazetteer/import', headers, payload: Buffer.from(await body.arrayBuffer()) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, applied: true, rows: 2, valid: 2, added: 2, changed: 0, saved: 2, problems: [] });
    expect((await search('区人民政府'))[0]).toMatchObject({ kind: 'place', name: '绿园区人民政府', generated: false });
    const plate = (await search('幸福路9号'))[0];
    expect(plate).toMatchObject({ kind: 'address', houseNumber: '9号', streetName: '春城街道' });
    void admin;
  });
});
