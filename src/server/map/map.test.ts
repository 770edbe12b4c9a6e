// The map API over HTTP: open cases as compact points within the user's scope, the command map's filtered counts and
// case tiles (the same cases in both), and nearby same-class duplicates with merge.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../../../test/support/db';
import { appFor, signIn, type Client } from '../../../test/support/http';
import { buildCase, buildWorld, type World } from '../../../test/support/world';
import type { CaseMapSummary, CasePoints } from './map.schema';

/** The XYZ tile holding a point. */
function tileOf(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

describe.each(testDatabaseKinds())('map API (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    for (const name of ['operator', 'dispatcher', 'dept', 'dept2', 'inspector2']) as[name] = await signIn(app, w.users[name as 'operator'].username, w.users[name as 'operator'].password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists every open case in scope as a compact row, with its light and dictionaries', async () => {
    const reported = await buildCase(w, 'reported');
    const handling = await buildCase(w, 'handling', { classCode: '07001', lng: w.pointIn2.lng, lat: w.pointIn2.lat });
    await buildCase(w, 'closed');
    const res = await as.dispatcher.get('/api/map/cases');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as CasePoints;
    expect(body.columns).toEqual(['number', 'lng', 'lat', 'light', 'class', 'state', 'source', 'urgent', 'street', 'department']);
    const numbers = body.rows.map((r) => r[0]);
    expect(numbers).toContain(reported.number);
    expect(numbers).toContain(handling.number);
    expect(body.count).toBe(body.rows.length);
    const row = body.rows.find((r) => r[0] === handling.number)!;
    expect(row[1]).toBeCloseTo(w.pointIn2.lng, 6);
    expect(body.lights[row[3] as number]).toBe(handling.light);
    expect(body.classes[row[4] as number]).toMatchObject({ kind: 'matter', code: '07001', nameZh: '非法小广告' });
    expect(body.states[row[5] as number]).toBe('handling');
    expect(body.streets[row[8] as number]).toBe('220106002');
    // Closed cases are not on the map.
    const closedCount = body.rows.filter((r) => body.states[r[5] as number] === 'closed').length;
    expect(closedCount).toBe(0);

    // A department sees only its own cases: the sanitation department holds none of these.
    const dept = (await as.dept2.get('/api/map/cases')).json() as CasePoints;
    expect(dept.rows.map((r) => r[0])).not.toContain(handling.number);
    const enforcement = (await as.dept.get('/api/map/cases')).json() as CasePoints;
    expect(enforcement.rows.map((r) => r[0])).toContain(handling.number);
  });

  it('compresses big answers with gzip when the client accepts it', async () => {
    for (let i = 0; i < 20; i++) await buildCase(w, 'reported');
    const res = await app.inject({ method: 'GET', url: '/api/map/cases', headers: { ...(await cookieOf('operator')), 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const { gunzipSync } = await import('node:zlib');
    const body = JSON.parse(gunzipSync(res.rawPayload).toString()) as CasePoints;
    expect(body.count).toBeGreaterThan(20);
  });

  async function cookieOf(name: 'operator') {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users[name].username, password: w.users[name].password } });
    return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  }

  it('finds same-class cases nearby, and merges a duplicate into one of them', async () => {
    const first = await buildCase(w, 'reported', { classCode: '06029', description: '路边烧烤' });
    const near = await buildCase(w, 'reported', { classCode: '06029', description: '又见烧烤', lng: w.pointIn1.lng + 0.0004, lat: w.pointIn1.lat });
    const otherClass = await buildCase(w, 'reported', { classCode: '09006' });
    const far = await buildCase(w, 'reported', { classCode: '06029', lng: w.pointIn2.lng, lat: w.pointIn2.lat });

    const res = await as.operator.get(`/api/map/cases/${near.id}/nearby?radius=100&days=7`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { number: string; distanceM: number }[];
    const numbers = items.map((i) => i.number);
    expect(numbers).toContain(first.number);
    expect(numbers).not.toContain(near.number);
    expect(numbers).not.toContain(otherClass.number);
    expect(numbers).not.toContain(far.number); // ~250 m away
    const d = items.find((i) => i.number === first.number)!.distanceM;
    expect(d).toBeGreaterThan(25);
    expect(d).toBeLessThan(40); // 0.0004° of longitude at 43.9° N ≈ 32 m
    // By case number too; a wider radius reaches the far one.
    expect((await as.operator.get(`/api/map/cases/${near.number}/nearby?radius=400`)).json().items.map((i: { number: string }) => i.number)).toContain(far.number);

    // Merge = reject as a duplicate of the kept case.
    const merged = await as.operator.post(`/api/cases/${near.id}/reject`, { reason: '重复上报', duplicateOf: first.number });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ state: 'invalid', duplicateOf: first.id });
  });

  it('counts open cases by light for the command map’s filter, and the case tiles draw exactly those', async () => {
    await buildCase(w, 'reported', { classCode: '09006', urgency: 'urgent' });
    await buildCase(w, 'filed', { classCode: '07001', lng: w.pointIn2.lng, lat: w.pointIn2.lat });
    await buildCase(w, 'handling', { classCode: '07001', lng: w.pointIn2.lng + 0.0002, lat: w.pointIn2.lat });
    await buildCase(w, 'dispatched', { classCode: '09006' });
    w.clock.advance(45); // the reported case's verify clock (30 working minutes) runs out: red
    // The reference: every open case as a row (the same scope and lights).
    const ref = (await as.dispatcher.get('/api/map/cases')).json() as CasePoints;
    const lightOf = (r: CasePoints['rows'][number]) => (r[3] === null ? 'none' : ref.lights[r[3] as number]);
    const expected = (keep: (r: CasePoints['rows'][number]) => boolean) => {
      const rows = ref.rows.filter(keep);
      const lights = { red: 0, yellow: 0, green: 0, none: 0 };
      for (const r of rows) lights[lightOf(r) as keyof typeof lights]++;
      return { visible: rows.length, lights };
    };
    const summary = async (c: Client, q = '') => {
      const res = await c.get(`/api/map/summary${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as CaseMapSummary;
    };
    // The tile index may still hold the cases as they were a moment ago (it is rebuilt every few seconds).
    await expect.poll(async () => (await summary(as.dispatcher)).total, { timeout: 15_000 }).toBe(ref.count);
    const drawn = async (q: string) => {
      const res = await as.dispatcher.get(`/api/tiles/cases/${tileOf(w.pointIn1.lng, w.pointIn1.lat, 8).join('/')}.pbf${q}`);
      if (res.statusCode === 204) return 0;
      const layer = new VectorTile(new PbfReader(new Uint8Array(res.rawPayload))).layers.cases;
      return Array.from({ length: layer.length }, (_, i) => Number(layer.feature(i).properties.point_count ?? 1)).reduce((a, b) => a + b, 0);
    };
    const cls = (code: string) => ref.classes.findIndex((c) => c.code === code && c.kind === 'matter');
    const cases: [string, (r: CasePoints['rows'][number]) => boolean][] = [
      ['', () => true],
      ['?light=red', (r) => lightOf(r) === 'red'],
      ['?light=green,yellow', (r) => ['green', 'yellow'].includes(lightOf(r))],
      ['?light=,', () => false],
      ['?kind=matter&class=07001', (r) => r[4] === cls('07001')],
      ['?street=220106002', (r) => ref.streets[r[8] as number] === '220106002'],
      ['?states=handling,filed', (r) => ['handling', 'filed'].includes(ref.states[r[5] as number])],
      ['?urgent=1', (r) => r[7] === 1],
      ['?source=inspector&light=red,yellow,green,none', (r) => ref.sources[r[6] as number] === 'inspector'],
    ];
    for (const [q, keep] of cases) {
      const s = await summary(as.dispatcher, q);
      expect({ q, total: s.total, visible: s.visible, lights: s.lights }).toEqual({ q, total: ref.count, ...expected(keep) });
      expect(await drawn(q)).toBe(s.visible);
    }
    expect((await summary(as.dispatcher, '?light=red')).lights.red).toBeGreaterThan(0);
    const s = await summary(as.dispatcher);
    expect(s.version).toMatch(/^\d+\.\d+$/);
    expect(Number.isNaN(Date.parse(s.dataAt))).toBe(false);

    // A department counts only its own cases.
    const own = ((await as.dept2.get('/api/map/cases')).json() as CasePoints).count;
    await expect.poll(async () => (await summary(as.dept2)).total, { timeout: 15_000 }).toBe(own);
    expect(own).toBeLessThan(ref.count);

    // Nonsense is refused with the stable code; strangers are not let in.
    for (const bad of ['?light=purple', '?states=nowhere', '?street=abc', '?kind=both', '?urgent=maybe', '?source=pigeon']) {
      const res = await as.dispatcher.get(`/api/map/summary${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect((await as.dispatcher.get(`/api/tiles/cases/8/0/0.pbf${bad}`)).statusCode, bad).toBe(400);
    }
    expect((await app.inject({ method: 'GET', url: '/api/map/summary' })).statusCode).toBe(401);
  });

  it('hides cases outside the scope and refuses bad parameters', async () => {
    const c = await buildCase(w, 'reported');
    expect((await as.inspector2.get(`/api/map/cases/${c.id}/nearby`)).statusCode).toBe(404);
    expect((await as.operator.get('/api/map/cases/00000000-0000-4000-8000-000000000000/nearby')).statusCode).toBe(404);
    expect((await as.operator.get(`/api/map/cases/${c.id}/nearby?radius=5`)).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/map/cases' })).statusCode).toBe(401);
  });
});
