// The map API over HTTP: open cases as compact points within the user's scope, and nearby same-class duplicates with merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../../../test/support/db';
import { appFor, signIn, type Client } from '../../../test/support/http';
import { buildCase, buildWorld, type World } from '../../../test/support/world';
import type { CasePoints } from './map.schema';

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

  it('hides cases outside the scope and refuses bad parameters', async () => {
    const c = await buildCase(w, 'reported');
    expect((await as.inspector2.get(`/api/map/cases/${c.id}/nearby`)).statusCode).toBe(404);
    expect((await as.operator.get('/api/map/cases/00000000-0000-4000-8000-000000000000/nearby')).statusCode).toBe(404);
    expect((await as.operator.get(`/api/map/cases/${c.id}/nearby?radius=5`)).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/map/cases' })).statusCode).toBe(401);
  });
});
