// API keys: created by administrators, shown once and stored hashed, scoped to actions and channels, revocable, usage logged;
// requests made with a key carry no session, so they need no CSRF token.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, type World } from '../support/world';
import { apiKeys, users } from '../../src/server/db/schema';
import { seedDemoIntegrations } from '../../src/server/integrations';
import { FmsClient, parseXml } from '../open311/fms-client';

describe.each(testDatabaseKinds())('API keys (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let admin: Client;

  const order = (orderNo: string) => ({ orderNo, content: '小区门口占道经营', serviceCode: 'M09006', location: { lng: w.pointIn1.lng, lat: w.pointIn1.lat } });

  /** The usage log is written after each answer has gone out: wait (briefly) until it has the rows. */
  async function usageOf(keyId: string, rows: number) {
    for (let i = 0; ; i++) {
      const items = (await admin.get(`/api/integrations/keys/${keyId}/usage`)).json().items;
      if (items.length >= rows || i === 100) return items;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    admin = await signIn(app, 'admin', w.users.admin.password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lets administrators create a key that is shown once and stored only as its SHA-256', async () => {
    const operator = await signIn(app, 'operator', w.users.operator.password);
    const body = { name: '12345 热线', channels: ['hotline'], actions: ['hotline.submit'], scope: 'own' };
    expect((await operator.post('/api/integrations/keys', body)).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/integrations/keys', payload: body })).statusCode).toBe(401);
    expect((await admin.post('/api/integrations/keys', { ...body, actions: ['everything'] })).statusCode).toBe(400);

    const res = await admin.post('/api/integrations/keys', body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.key).toMatch(/^wg_[A-Za-z0-9_-]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    const [row] = await w.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row.keyHash).toBe(crypto.createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const list = (await admin.get('/api/integrations/keys')).json().items;
    expect(list.find((k: { id: string }) => k.id === created.id)).toMatchObject({ name: '12345 热线', active: true, channels: ['hotline'] });
    expect(JSON.stringify(list)).not.toContain(created.key);

    // The integration's user can never sign in.
    const [u] = await w.ctx.db.select().from(users).where(eq(users.id, row.userId));
    expect(u).toMatchObject({ active: false, roles: ['system'] });
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: '!' } })).statusCode).toBe(401);
  });

  it('authenticates by x-api-key or Bearer without a CSRF token, within the key\'s actions and channels', async () => {
    const { key } = (await admin.post('/api/integrations/keys', { name: 'hotline', channels: ['hotline'], actions: ['hotline.submit'], scope: 'own' })).json();
    const byHeader = await app.inject({ method: 'POST', url: '/api/integrations/hotline/12345/work-orders', headers: { 'x-api-key': key }, payload: order('GD-1') });
    expect(byHeader.statusCode, byHeader.body).toBe(201);
    const byBearer = await app.inject({ method: 'POST', url: '/api/integrations/hotline/12345/work-orders', headers: { authorization: `Bearer ${key}` }, payload: order('GD-2') });
    expect(byBearer.statusCode).toBe(201);
    const keyId = (await admin.get('/api/integrations/keys')).json().items.find((k: { prefix: string }) => k.prefix === key.slice(0, 10)).id;
    const usage = await usageOf(keyId, 2);
    expect(usage.map((u: { path: string; status: number }) => `${u.path} ${u.status}`)).toEqual([
      '/api/integrations/hotline/12345/work-orders 201',
      '/api/integrations/hotline/12345/work-orders 201',
    ]);
    // Not an action of this key.
    const exp = await app.inject({ method: 'GET', url: '/api/integrations/export/cases.csv?from=2026-11-01&to=2026-11-30', headers: { 'x-api-key': key } });
    expect(exp.statusCode).toBe(403);
    // Not a channel of this key: Open311 needs open311.submit, and hotline keys report as hotline.
    const citizenOnly = (await admin.post('/api/integrations/keys', { name: 'app', channels: ['citizen'], actions: ['hotline.submit'], scope: 'own' })).json();
    const wrongChannel = await app.inject({ method: 'POST', url: '/api/integrations/hotline/12345/work-orders', headers: { 'x-api-key': citizenOnly.key }, payload: order('GD-3') });
    expect(wrongChannel.statusCode).toBe(403);
    const unknown = await app.inject({ method: 'POST', url: '/api/integrations/hotline/12345/work-orders', headers: { 'x-api-key': 'wg_nope' }, payload: order('GD-4') });
    expect(unknown.statusCode).toBe(401);
    // A session without its CSRF token is still refused.
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: w.users.operator.password } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const noCsrf = await app.inject({ method: 'POST', url: '/api/integrations/hotline/12345/work-orders', headers: { cookie }, payload: order('GD-5') });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_FAILED');
  });

  it('stops a revoked key at once, and logs every use without the key or query string', async () => {
    const created = (await admin.post('/api/integrations/keys', { name: 'FixMyStreet', channels: ['citizen'], actions: ['open311.submit', 'open311.updates'], scope: 'own' })).json();
    const fms = new FmsClient(app, { apiKey: created.key });
    const ok = await fms.sendServiceRequest({ title: 't', detail: 'd', name: 'A B', lat: w.pointIn1.lat, lng: w.pointIn1.lng }, 'M09006');
    expect(ok.statusCode).toBe(200);
    await fms.get('servicerequestupdates.xml', { api_key: created.key });
    expect((await admin.post(`/api/integrations/keys/${created.id}/revoke`, {})).json()).toMatchObject({ active: false, revokedAt: expect.any(String) });
    const after = await fms.sendServiceRequest({ title: 't', detail: 'd', name: 'A B', lat: w.pointIn1.lat, lng: w.pointIn1.lng }, 'M09006');
    expect(after.statusCode).toBe(403);
    expect(parseXml(after).errors.error[0].code).toBe('403');

    const usage = await usageOf(created.id, 2);
    expect(usage.map((u: { method: string; path: string; status: number }) => `${u.method} ${u.path} ${u.status}`)).toEqual([
      'GET /open311/v2/servicerequestupdates.xml 200',
      'POST /open311/v2/requests.xml 200',
    ]);
    expect(JSON.stringify(usage)).not.toContain(created.key);
    const listed = (await admin.get('/api/integrations/keys')).json().items.find((k: { id: string }) => k.id === created.id);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('seeds the demo key once', async () => {
    await seedDemoIntegrations(w.ctx.db, w.clock.now);
    await seedDemoIntegrations(w.ctx.db, w.clock.now);
    const demo = await w.ctx.db.select().from(apiKeys).where(eq(apiKeys.keyHash, crypto.createHash('sha256').update('demo-open311-key').digest('hex')));
    expect(demo).toHaveLength(1);
    expect(demo[0]).toMatchObject({ scope: 'all', active: true });
    expect(demo[0].actions).toContain('open311.submit');
  });
});
