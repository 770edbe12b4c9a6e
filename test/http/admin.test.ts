// Administration: changes apply without restart, are audited, and only administrators may make them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildCase, buildWorld, caseInput, type World } from '../support/world';

describe.each(testDatabaseKinds())('administration (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let admin: Client;
  let operator: Client;

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

  const patch = (c: Client, url: string, body: unknown) => app.inject({ method: 'PATCH', url, payload: body as never, headers: (c as unknown as { headers?: never }).headers });

  it('creates a user who can then sign in; refuses non-administrators', async () => {
    const res = await admin.post('/api/admin/users', { username: 'newop', displayName: '新受理员', password: 'long-enough-pw', roles: ['operator'] });
    expect(res.statusCode, res.body).toBe(201);
    const c = await signIn(app, 'newop', 'long-enough-pw');
    expect((await c.get('/api/auth/me')).json().user.roles).toEqual(['operator']);
    const denied = await operator.post('/api/admin/users', { username: 'x2', displayName: 'x', password: 'long-enough-pw', roles: ['admin'] });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    const dup = await admin.post('/api/admin/users', { username: 'newop', displayName: 'x', password: 'long-enough-pw', roles: ['operator'] });
    expect(dup.json().error.code).toBe('USERNAME_TAKEN');
    void patch;
  });

  it('routes by a new responsibility rule at once', async () => {
    const c = await buildCase(w, 'filed');
    const before = (await admin.get(`/api/cases/${c.id}`)).json();
    expect(before.suggestedDepartment.departmentId).toBe(w.departments.street1);
    const rule = await admin.post('/api/admin/responsibility', {
      kind: 'matter', classCode: '09006', streetCode: '220106001', departmentId: w.departments.sanitation,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const after = (await admin.get(`/api/cases/${c.id}`)).json();
    expect(after.suggestedDepartment.departmentId).toBe(w.departments.sanitation);
    expect(after.suggestedDepartment.basis).toBe('rule');
  });

  it('adds a local sub-class that intake accepts, with its own limit', async () => {
    const res = await admin.post('/api/admin/catalogue/classes', {
      kind: 'matter', parentCode: '09006', suffix: '01', nameZh: '早市占道经营', nameEn: 'Morning-market road trade',
      filingConditions: [{ nameZh: '早市结束后仍占道', nameEn: 'Still occupying after the market', amount: 2, unit: 'working_hours' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = await operator.post('/api/cases', caseInput(w, { classCode: '0900601' }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().className).toBe('早市占道经营');
  });

  it('validates and applies the working calendar without restart, and audits it', async () => {
    const bad = await app.inject({
      method: 'PUT', url: '/api/admin/settings/workflow',
      payload: { calendar: { windows: [{ start: '25:00', end: '12:00' }], holidays: [], workdays: [] } },
      headers: await headersOf(admin),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('INVALID_CALENDAR');
    const ok = await app.inject({ method: 'PUT', url: '/api/admin/settings/workflow', payload: { stepLimits: { verify: { amount: 10, unit: 'working_minutes' } } }, headers: await headersOf(admin) });
    expect(ok.statusCode, ok.body).toBe(200);
    const c = (await operator.post('/api/cases', caseInput(w))).json();
    expect(new Date(c.stepDeadline).getTime() - new Date(c.stepStartedAt).getTime()).toBeLessThanOrEqual(10 * 60_000 + 17 * 3600_000);
    const audit = (await admin.get('/api/admin/audit')).json();
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['settings.update', 'class.create', 'rule.create', 'user.create']));
  });

  async function headersOf(c: Client) {
    const me = (await c.get('/api/auth/me')).json().user;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: w.users.admin.password } });
    void me;
    return { cookie: res.cookies.map((x) => `${x.name}=${x.value}`).join('; '), 'x-csrf-token': res.json().user.csrfToken };
  }
});
