// Retries: a phone or an integrating system that did not hear back sends the same request again, often several
// copies at once. The same Idempotency-Key sent N times concurrently creates one case (one task answer, one citizen
// report, one reopening): every copy is answered with success and the same case, and the log holds one event. On
// PostgreSQL the copies also race across two server instances sharing the database (as behind a load balancer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { addPhoto, buildCase, buildWorld, caseInput, firstCondition, type World } from '../support/world';
import { buildApp } from '../../src/server/app';
import { createContext } from '../../src/server/context';
import { openDatabase, type Database } from '../../src/server/db/client';
import { createApiKey } from '../../src/server/integrations/api-key.service';
import { actOnCase } from '../../src/server/cases/case.service';

const N = Number(process.env.RETRY_COPIES ?? 12);

describe.each(testDatabaseKinds())('the same idempotency key sent %s times at once', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  /** A second server instance on the same database (PostgreSQL only: PGlite is one process by design). */
  let second: { app: FastifyInstance; database: Database } | null = null;
  let operator: Client;
  let operator2: Client;
  let inspector: Client;
  const count = async (q: ReturnType<typeof sql>) => Number(((await w.ctx.db.execute(q)) as unknown as { rows: { n: number }[] }).rows[0].n);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    operator = await signIn(app, 'operator', w.users.operator.password);
    inspector = await signIn(app, 'inspector', w.users.inspector.password);
    operator2 = operator;
    if (kind === 'postgres') {
      const url = (db as unknown as { url?: string }).url ?? (await currentUrl());
      const database = await openDatabase({ databaseUrl: url });
      const otherApp = await buildApp(createContext(w.ctx.config, database, () => w.clock.now));
      await otherApp.ready();
      second = { app: otherApp, database };
      operator2 = await signIn(otherApp, 'operator', w.users.operator.password);
    }
  });
  afterAll(async () => {
    await second?.app.close();
    await second?.database.close();
    await app?.close();
    await db?.drop();
  });

  async function currentUrl(): Promise<string> {
    const name = ((await w.ctx.db.execute(sql`select current_database() as n`)) as unknown as { rows: { n: string }[] }).rows[0].n;
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    return u.toString();
  }

  /** N copies, alternating between the two server instances when there are two. */
  const copies = <T>(send: (i: number) => Promise<T>) => Promise.all(Array.from({ length: N }, (_, i) => send(i)));

  it('staff intake: one case, every copy answered with it', async () => {
    const key = `retry-case-${kind}-0001`;
    const before = await count(sql`select count(*)::int as n from cases`);
    const res = await copies((i) => (i % 2 ? operator2 : operator).post('/api/cases', caseInput(w, { description: '重试测试' }), { 'idempotency-key': key }));
    for (const r of res) expect([200, 201], r.body).toContain(r.statusCode);
    expect(new Set(res.map((r) => r.json().number)).size).toBe(1);
    expect(res.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(await count(sql`select count(*)::int as n from cases`)).toBe(before + 1);
    const id = res[0].json().id;
    expect(await count(sql`select count(*)::int as n from case_events where case_id = ${id}`)).toBe(1);
  });

  it('Open311 service requests: one case per key', async () => {
    const key = await createApiKey(w.ctx, w.users.admin, { name: 'retry client', channels: ['citizen'], actions: ['open311.submit'], scope: 'own' });
    const before = await count(sql`select count(*)::int as n from cases`);
    const body = new URLSearchParams({ api_key: key.key, service_code: 'M09006', description: 'Open311 重试', lat: String(w.pointIn1.lat), long: String(w.pointIn1.lng) }).toString();
    const res = await copies((i) =>
      (second && i % 2 ? second.app : app).inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `o311-retry-${kind}` }, payload: body }),
    );
    for (const r of res) expect(r.statusCode, r.body).toBeLessThan(300);
    const ids = new Set(res.map((r) => r.json()[0].service_request_id));
    expect(ids.size).toBe(1);
    expect(await count(sql`select count(*)::int as n from cases`)).toBe(before + 1);
  });

  it('field task answers: one check event, every copy answered with the case', async () => {
    const c = await buildCase(w, 'checking');
    const res = await copies(() => inspector.post(`/api/field/tasks/${c.id}/answer`, { action: 'check', input: { result: 'fixed' } }, { 'idempotency-key': `answer-${c.id}` }));
    for (const r of res) expect(r.statusCode, r.body).toBe(200);
    expect(new Set(res.map((r) => r.json().state))).toEqual(new Set(['checked']));
    expect(res.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(await count(sql`select count(*)::int as n from case_events where case_id = ${c.id} and action = 'check'`)).toBe(1);
  });

  it('citizen reports: one case and one follow link per key', async () => {
    const report = { kind: 'matter', classCode: '09006', description: '公众重试上报', lng: w.pointIn1.lng, lat: w.pointIn1.lat };
    const before = await count(sql`select count(*)::int as n from cases`);
    const res = await copies((i) =>
      (second && i % 2 ? second.app : app).inject({ method: 'POST', url: '/api/public/reports', remoteAddress: `198.51.100.${i + 101}`, headers: { 'content-type': 'application/json', 'idempotency-key': `citizen-retry-${kind}` }, payload: report }),
    );
    for (const r of res) expect([200, 201], r.body).toContain(r.statusCode);
    expect(new Set(res.map((r) => r.json().number)).size).toBe(1);
    expect(new Set(res.map((r) => r.json().followToken)).size).toBe(1);
    expect(await count(sql`select count(*)::int as n from cases`)).toBe(before + 1);
    expect(await count(sql`select count(*)::int as n from citizen_reports cr join cases c on c.id = cr.case_id where c.number = ${res[0].json().number}`)).toBe(1);
  });

  it('citizen reopening (复诉): one new case and one reopen event per key', async () => {
    const report = { kind: 'matter', classCode: '09006', description: '公众上报后复诉', lng: w.pointIn1.lng, lat: w.pointIn1.lat };
    const first = await app.inject({ method: 'POST', url: '/api/public/reports', headers: { 'content-type': 'application/json' }, payload: report });
    expect(first.statusCode, first.body).toBeLessThan(300);
    const { number, followToken } = first.json();
    // Drive it to closed through the services.
    const id = ((await w.ctx.db.execute(sql`select id from cases where number = ${number}`)) as unknown as { rows: { id: string }[] }).rows[0].id;
    const u = w.users;
    const steps: [string, typeof u.operator, Record<string, unknown>][] = [
      ['register', u.operator, {}],
      ['file', u.chief, { filingCondition: await firstCondition(w, 'matter', '09006') }],
      ['dispatch', u.dispatcher, { departmentId: w.departments.enforcement }],
      ['accept', u.dept, {}],
      ['handle', u.dept, { photoIds: [await addPhoto(w, u.dept)] }],
      ['sendCheck', u.operator, { inspectorId: u.inspector.id }],
      ['check', u.inspector, { result: 'fixed' }],
      ['close', u.chief, {}],
    ];
    for (const [action, actor, input] of steps) await actOnCase(w.ctx, actor, id, action as never, input);
    const before = await count(sql`select count(*)::int as n from cases`);
    const res = await copies((i) =>
      // Each copy from its own address, so that the per-address rate limit of the portal is not what answers.
      (second && i % 2 ? second.app : app).inject({ method: 'POST', url: `/api/public/follow/${followToken}/reopen`, remoteAddress: `198.51.100.${i + 1}`, headers: { 'content-type': 'application/json', 'idempotency-key': `reopen-retry-${kind}` }, payload: { note: '问题没有解决' } }),
    );
    for (const r of res) expect([200, 201], r.body).toContain(r.statusCode);
    expect(new Set(res.map((r) => r.json().number)).size).toBe(1);
    expect(await count(sql`select count(*)::int as n from cases`)).toBe(before + 1);
    expect(await count(sql`select count(*)::int as n from case_events where case_id = ${id} and action = 'reopen'`)).toBe(1);
  });
});
