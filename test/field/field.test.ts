// The field inspector API over HTTP: duty and patrol positions, the command map's positions, tracks, my beat,
// idempotent task answers, recent classes and my monthly figures — on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import gcoord from 'gcoord';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, caseInput, tinyJpeg, uuid, type World } from '../support/world';
import { uploadAs } from './support';

describe.each(testDatabaseKinds())('field inspector API (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    for (const [name, u] of Object.entries(w.users)) as[name] = await signIn(app, u.username, u.password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('shows an inspector the grids of their beat as GeoJSON', async () => {
    const empty = await as.inspector.get('/api/field/beat');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ type: 'FeatureCollection', features: [], bbox: null });
    const made = await as.admin.post('/api/admin/beats', {
      code: 'B-001',
      name: '爱民社区责任网格',
      communityCode: '220106001001',
      inspectorId: w.users.inspector.id,
      gridCodes: ['220106001001001', '220106001001002', '220106001001005'],
    });
    expect(made.statusCode, made.body).toBeLessThan(300);
    const beat = (await as.inspector.get('/api/field/beat')).json();
    expect(beat.features.map((f: { properties: { gridCode: string } }) => f.properties.gridCode)).toEqual(['220106001001001', '220106001001002', '220106001001005']);
    expect(beat.features[0].geometry.type).toBe('Polygon');
    const ring = beat.features[0].geometry.coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]); // closed ring
    expect(beat.bbox[0]).toBeCloseTo(125.25, 6);
    expect(beat.beats).toEqual([expect.objectContaining({ code: 'B-001', gridCount: 3 })]);
    // Another inspector's beat is theirs alone; non-inspectors have none.
    expect((await as.inspector2.get('/api/field/beat')).json().features).toEqual([]);
    expect((await as.operator.get('/api/field/beat')).statusCode).toBe(403);
  });

  it('records positions only on duty, converts GCJ-02, and shows the latest to centre staff', async () => {
    const before = await as.inspector.post('/api/field/positions', { positions: [{ lng: w.pointIn1.lng, lat: w.pointIn1.lat, at: w.clock.now.toISOString() }] });
    expect(before.statusCode).toBe(409);
    expect(before.json().error.code).toBe('NOT_ON_DUTY');

    const on = await as.inspector.post('/api/field/duty', { onDuty: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ onDuty: true, settings: { positionIntervalSeconds: 30 } });

    const [gLng, gLat] = gcoord.transform([w.pointIn1.lng, w.pointIn1.lat], gcoord.WGS84, gcoord.GCJ02);
    w.clock.advance(1);
    const t1 = new Date(w.clock.now.getTime() - 30_000).toISOString();
    const t2 = w.clock.now.toISOString();
    const sent = await as.inspector.post('/api/field/positions', {
      positions: [
        { lng: w.pointIn2.lng, lat: w.pointIn2.lat, at: t1, accuracy: 12 },
        { lng: gLng, lat: gLat, crs: 'GCJ02', at: t2, accuracy: 8 },
        // Before this duty spell began: dropped.
        { lng: w.pointIn2.lng, lat: w.pointIn2.lat, at: new Date(w.clock.now.getTime() - 3600_000).toISOString() },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().accepted).toBe(2);

    const latest = await as.dispatcher.get('/api/field/positions');
    expect(latest.statusCode).toBe(200);
    const mine = latest.json().items.find((p: { userId: string }) => p.userId === w.users.inspector.id);
    expect(mine).toMatchObject({ displayName: 'inspector', stale: false, accuracy: 8, at: t2 });
    // GCJ-02 in, WGS84 stored: within a metre of the original point.
    expect(mine.lng).toBeCloseTo(w.pointIn1.lng, 5);
    expect(mine.lat).toBeCloseTo(w.pointIn1.lat, 5);

    // A late batch with older positions does not move the latest position back.
    await as.inspector.post('/api/field/positions', { positions: [{ lng: w.pointIn2.lng, lat: w.pointIn2.lat, at: t1 }] });
    const again = (await as.leader.get('/api/field/positions')).json().items.find((p: { userId: string }) => p.userId === w.users.inspector.id);
    expect(again.at).toBe(t2);

    // Inspectors and departments do not see everyone's positions.
    expect((await as.inspector.get('/api/field/positions')).statusCode).toBe(403);
    expect((await as.dept.get('/api/field/positions')).statusCode).toBe(403);

    const track = await as.chief.get(`/api/field/track?userId=${w.users.inspector.id}`);
    expect(track.statusCode).toBe(200);
    expect(track.json().points.map((p: { at: string }) => p.at)).toEqual([t1, t1, t2]);
    const own = await as.inspector.get('/api/field/track');
    expect(own.json().points).toHaveLength(3);
    expect((await as.inspector.get(`/api/field/track?userId=${w.users.inspector2.id}`)).statusCode).toBe(403);

    // Stale after the configured time; gone from the map when off duty.
    w.clock.advance(10);
    const stale = (await as.operator.get('/api/field/positions')).json().items.find((p: { userId: string }) => p.userId === w.users.inspector.id);
    expect(stale.stale).toBe(true);
    const off = await as.inspector.post('/api/field/duty', { onDuty: false });
    expect(off.json().onDuty).toBe(false);
    expect((await as.operator.get('/api/field/positions')).json().items.some((p: { userId: string }) => p.userId === w.users.inspector.id)).toBe(false);
  });

  it('rejects bad positions and settings with 400', async () => {
    await as.inspector2.post('/api/field/duty', { onDuty: true });
    const bad = await as.inspector2.post('/api/field/positions', { positions: [{ lng: 500, lat: 43, at: 'x' }] });
    expect(bad.statusCode).toBe(400);
    expect((await as.inspector2.post('/api/field/positions', { positions: [] })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/field/settings', payload: { positionIntervalSeconds: 2 } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/field/settings', payload: { positionIntervalSeconds: 20 } })).statusCode).toBe(401);
  });

  it('lets an administrator set the position interval', async () => {
    // Signed in again from another address (sign-in is rate limited per address).
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': '10.1.1.1' }, payload: { username: 'admin', password: 'test-password' } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await app.inject({
      method: 'PUT',
      url: '/api/field/settings',
      headers: { cookie, 'x-csrf-token': login.json().user.csrfToken },
      payload: { positionIntervalSeconds: 15 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await as.inspector.get('/api/field/duty')).json().settings.positionIntervalSeconds).toBe(15);
  });

  it('answers a verify and a check task once per idempotency key', async () => {
    const { id } = (await as.operator.post('/api/cases', caseInput(w))).json();
    await as.operator.post(`/api/cases/${id}/sendVerify`, { inspectorId: w.users.inspector.id });
    const tasks = (await as.inspector.get('/api/cases?queue=tasks')).json();
    expect(tasks.items.map((c: { id: string }) => c.id)).toContain(id);

    const photo = await uploadAs(as.inspector, await tinyJpeg());
    const key = uuid();
    const body = { action: 'verify', input: { result: 'true', note: '现场属实', photoIds: [photo] } };
    const first = await as.inspector.post(`/api/field/tasks/${id}/answer`, body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().state).toBe('verified');
    const retry = await as.inspector.post(`/api/field/tasks/${id}/answer`, body, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().events.filter((e: { action: string }) => e.action === 'verify')).toHaveLength(1);
    // The same key for something else is refused.
    const reused = await as.inspector.post(`/api/field/tasks/${id}/answer`, { action: 'verify', input: { result: 'false' } }, { 'idempotency-key': key });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Without a key a second answer meets the workflow.
    const twice = await as.inspector.post(`/api/field/tasks/${id}/answer`, body);
    expect(twice.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
    // Only the assignee answers.
    expect((await as.inspector2.post(`/api/field/tasks/${id}/answer`, body, { 'idempotency-key': uuid() })).statusCode).toBe(404);
    // A check answer with a bad body.
    expect((await as.inspector.post(`/api/field/tasks/${id}/answer`, { action: 'check', input: { result: 'maybe' } })).statusCode).toBe(400);
  });

  it('lists my recent classes and my figures this month from the evaluation rules', async () => {
    // Two reports: one filed (valid), one rejected; one verify task answered in time, one check task answered late.
    const a = (await as.inspector.post('/api/cases', caseInput(w, { classCode: '06029', description: '露天烧烤' }), { 'idempotency-key': uuid() })).json();
    const b = (await as.inspector.post('/api/cases', caseInput(w, { classCode: '07001', description: '小广告' }))).json();
    await as.operator.post(`/api/cases/${a.id}/register`, {});
    const fc = (await as.chief.get(`/api/catalogue/matter/06029/filing-conditions`)).json()[0].code;
    expect((await as.chief.post(`/api/cases/${a.id}/file`, { filingCondition: fc })).statusCode).toBe(200);
    await as.operator.post(`/api/cases/${b.id}/reject`, { reason: '非城管问题' });

    const recent = (await as.inspector.get('/api/field/recent-classes')).json();
    expect(recent.items.slice(0, 2).map((c: { code: string }) => c.code).sort()).toEqual(['06029', '07001']);
    expect(recent.items[0]).toHaveProperty('nameZh');

    const stats = await as.inspector.get('/api/field/stats');
    expect(stats.statusCode, stats.body).toBe(200);
    const s = stats.json();
    expect(s.period.label).toBe('2026-11');
    expect(s.source).toBe('evaluation');
    expect(s.reports).toBe(2);
    expect(s.validReportRate).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    // The verify task of the previous test was answered at once.
    expect(s.verifyOnTimeRate).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    expect(s.checkOnTimeRate.rate).toBeNull();
    expect((await as.inspector.get('/api/field/stats?month=2026-13')).statusCode).toBe(400);
    expect((await as.dispatcher.get('/api/field/stats')).statusCode).toBe(403);
  });

  it('serves the installable app: service worker, web manifest, icons, and the shell for its routes', async () => {
    const sw = await app.inject({ method: 'GET', url: '/field/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['content-type']).toMatch(/javascript/);
    expect(sw.headers['service-worker-allowed']).toBe('/field');
    expect(sw.body).not.toContain('__VERSION__');
    expect(sw.body).toMatch(/const PRECACHE = \[.*\];/);
    const manifest = await app.inject({ method: 'GET', url: '/field/manifest.webmanifest' });
    expect(manifest.json()).toMatchObject({ start_url: '/field/', display: 'standalone', icons: [{ sizes: '192x192' }, { sizes: '512x512' }] });
    const icon = await app.inject({ method: 'GET', url: '/field/icon-512.png' });
    expect(icon.headers['content-type']).toBe('image/png');
    await expect((await import('sharp')).default(icon.rawPayload).metadata()).resolves.toMatchObject({ width: 512, height: 512 });
    expect((await app.inject({ method: 'GET', url: '/field/icon-7.png' })).statusCode).toBe(404);
    // Client-side routes get the shell once web/dist is built (npm run build:web), else a clear 404.
    const shell = await app.inject({ method: 'GET', url: '/field/tasks/123' });
    const portal = await app.inject({ method: 'GET', url: '/portal/follow/abc' });
    for (const res of [shell, portal]) {
      if (res.statusCode === 200) expect(res.body).toContain('<div id="root">');
      else expect(res.json().error.detail).toMatch(/npm run build:web/);
    }
  });
});
