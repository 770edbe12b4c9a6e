// Health, OpenAPI, sign-in and the work queues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn } from '../support/http';
import { buildCase, buildWorld, type World } from '../support/world';

describe.each(testDatabaseKinds())('health, docs, auth and queues (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('reports health with the database kind', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: kind });
    expect(res.json().version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('publishes an OpenAPI document with every workflow action', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/cases', '/api/cases/{id}/dispatch', '/api/cases/{id}/approveExtension', '/api/auth/login']) expect(doc.paths).toHaveProperty([p]);
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it('signs in, tells who is signed in, and signs out', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: 'wrong' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('BAD_CREDENTIALS');
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: w.users.operator.password } });
    const cookie = res.cookies.find((c) => c.name === 'wg_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `wg_session=${cookie.value}` } });
    expect(me.json().user).toMatchObject({ username: 'operator', roles: ['operator'] });
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `wg_session=${cookie.value}`, 'x-csrf-token': me.json().user.csrfToken } });
    expect(out.statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `wg_session=${cookie.value}` } });
    expect(after.statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const op = await signIn(app, 'chief', w.users.chief.password);
    expect((await op.get('/api/auth/me')).statusCode).toBe(200);
    w.clock.advance(w.ctx.config.sessionTtlHours * 60 + 1);
    expect((await op.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('fills each role’s queues and lights overdue steps red', async () => {
    const reported = await buildCase(w, 'reported');
    const filed = await buildCase(w, 'filed');
    const operator = await signIn(app, 'operator', w.users.operator.password);
    const dispatcher = await signIn(app, 'dispatcher', w.users.dispatcher.password);
    const counts = (await operator.get('/api/cases/queues')).json();
    expect(counts.verify).toBeGreaterThanOrEqual(1);
    expect(counts.dispatch).toBe(0); // not the operator's queue
    const queue = (await dispatcher.get('/api/cases?queue=dispatch')).json();
    expect(queue.items.map((c: { id: string }) => c.id)).toContain(filed.id);
    expect(queue.items.map((c: { id: string }) => c.id)).not.toContain(reported.id);
    expect(queue.items.find((c: { id: string }) => c.id === filed.id).light).toBe('green');
    w.clock.advance(2 * 24 * 60); // two days later the 10-working-minute dispatch step is long overdue
    const dispatcherLater = await signIn(app, 'dispatcher', w.users.dispatcher.password);
    const later = (await dispatcherLater.get('/api/cases?queue=dispatch&light=red')).json();
    const row = later.items.find((c: { id: string }) => c.id === filed.id);
    expect(row.light).toBe('red');
    const search = (await dispatcherLater.get(`/api/cases?q=${encodeURIComponent(filed.number)}`)).json();
    expect(search.items.map((c: { id: string }) => c.id)).toEqual([filed.id]);
  });
});

describe('unknown paths', () => {
  it('answers unknown API paths with a JSON 404 and a stable code', async () => {
    const db = await freshDatabase('pglite');
    const w = await buildWorld(db);
    const app = await appFor(w);
    const res = await app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    await app.close();
    await db.drop();
  });
});
