// The daily rollup gives exactly the direct count: every scope and period of the demo's varied histories, compared over
// HTTP with both ways of counting; then again after new events (deltas), after the clock moves past deadlines, after a
// settings change and a beat change (rebuilds), with the clock moved back, and after the facts are derived again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { SCOPE_KINDS, type ScopeKind } from '../../src/domain/evaluation';
import type { ActionName, Role } from '../../src/domain/workflow';
import { buildApp } from '../../src/server/app';
import type { Actor } from '../../src/server/auth/policy';
import { actOnCase } from '../../src/server/cases/case.service';
import { loadConfig } from '../../src/server/config';
import { createContext, type AppContext } from '../../src/server/context';
import * as t from '../../src/server/db/schema';
import { evaluationOptions } from '../../src/server/evaluation/evaluation.service';
import { evalRollup, evalRollupState } from '../../src/server/evaluation/evaluation.tables';
import { savePhoto } from '../../src/server/photos/photo.service';
import { loadBaseData } from '../../src/server/seed/base-data';
import { seedDemo } from '../../src/demo/seed';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import type { Client } from '../support/http';
import { tinyJpeg } from '../support/world';

const START = new Date('2026-11-18T06:00:00Z'); // Wednesday 14:00 in Shanghai

describe.each(testDatabaseKinds())('evaluation rollup against the direct count (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ctx: AppContext;
  let app: FastifyInstance;
  let leader: Client;
  let admin: Client & { put(url: string, body: unknown): Promise<{ statusCode: number; body: string }> };
  const clock = { now: new Date(START) };
  let dataDir: string;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-rollup-'));
    await loadBaseData(db.db, clock.now);
    await seedDemo(db.db, { now: clock.now, uploadsDir: path.join(dataDir, 'uploads'), cases: 500, days: 120 });
    ctx = createContext(loadConfig({ DATA_DIR: dataDir }), db, () => clock.now);
    app = await buildApp(ctx);
    await app.ready();
    await signInAll();
  }, 180_000);
  afterAll(async () => {
    evaluationOptions.rollup = true;
    await app?.close();
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Sessions expire as the test clock runs on: sign in again after every jump. Each sign-in comes from an address of
   * its own, since the login route allows ten a minute per address and this test jumps the clock more often than that.
   */
  let address = 0;
  async function login(username: string) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `10.0.0.${++address}`, payload: { username, password: 'demo' } });
    expect(res.statusCode, `login ${username}: ${res.body}`).toBe(200);
    return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), user: res.json().user as { id: string; csrfToken: string } };
  }
  async function signInAll() {
    const l = await login('leader');
    leader = {
      userId: l.user.id,
      get: (url) => app.inject({ method: 'GET', url, headers: { cookie: l.cookie } }),
      post: (url, body) => app.inject({ method: 'POST', url, headers: { cookie: l.cookie, 'x-csrf-token': l.user.csrfToken }, payload: body as never }),
    };
    const a = await login('admin');
    const headers = { cookie: a.cookie, 'x-csrf-token': a.user.csrfToken };
    admin = {
      userId: a.user.id,
      get: (url) => app.inject({ method: 'GET', url, headers: { cookie: a.cookie } }),
      post: (url, body) => app.inject({ method: 'POST', url, headers, payload: body as never }),
      put: (url, body) => app.inject({ method: 'PUT', url, headers, payload: body as never }),
    };
  }
  async function setClock(at: Date) {
    clock.now = at;
    await signInAll();
  }

  const today = () => new Date(clock.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

  /** The same request counted both ways; everything but the evaluation instant must agree. */
  async function both(url: string): Promise<{ direct: Record<string, unknown>; rollup: Record<string, unknown> }> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const mode of ['direct', 'rollup'] as const) {
      evaluationOptions.rollup = mode === 'rollup';
      const res = await leader.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      const body = res.json();
      delete body.asOf;
      out[mode] = body;
    }
    evaluationOptions.rollup = true;
    return { direct: out.direct, rollup: out.rollup };
  }

  const periods = () => {
    const d = today();
    return [
      `period=day&date=${d}`,
      `period=week&date=${d}`,
      `period=month&date=${d}`,
      `period=month&date=2026-09-15`,
      `period=quarter&date=${d}`,
      `period=year&date=${d}`,
      `period=custom&from=2026-10-25&to=2026-11-05`,
    ];
  };

  async function compareRankings(scopes: readonly ScopeKind[], which = periods()) {
    let nonEmpty = 0;
    for (const scope of scopes) {
      for (const p of which) {
        const { direct, rollup } = await both(`/api/evaluation/rankings?scope=${scope}&${p}`);
        expect(rollup, `${scope} ${p}`).toEqual(direct);
        if ((direct.rows as { counts: Record<string, number> }[]).some((r) => Object.values(r.counts).some((n) => n > 0))) nonEmpty++;
      }
    }
    return nonEmpty;
  }

  async function compareDashboard() {
    const { direct, rollup } = await both('/api/evaluation/dashboard?days=60');
    expect(rollup).toEqual(direct);
    return direct as { month: { filed: number }; today: { reported: number } };
  }

  const state = async () => db.db.select().from(evalRollupState);

  it('agrees for every scope and period on the seeded demo (the rollup is built on first use)', async () => {
    const nonEmpty = await compareRankings(SCOPE_KINDS);
    expect(nonEmpty).toBeGreaterThan(40); // the comparison is about real numbers, not empty tables
    const dash = await compareDashboard();
    expect(dash.month.filed).toBeGreaterThan(10);
    expect((await state()).map((s) => s.name).sort()).toEqual(['beats', 'settings']);
    const [{ n }] = await db.db.select({ n: sql<number>`count(*)::int` }).from(evalRollup);
    expect(Number(n)).toBeGreaterThan(100);
  }, 600_000);

  async function actor(username: string): Promise<Actor> {
    const [u] = await db.db.select().from(t.users).where(eq(t.users.username, username));
    return { id: u.id, username: u.username, roles: u.roles as Role[], departmentId: u.departmentId, streetCode: null };
  }
  async function handlerOf(departmentId: string): Promise<Actor> {
    const [u] = await db.db.select().from(t.users).where(and(eq(t.users.departmentId, departmentId), sql`'department' = any(${t.users.roles})`));
    return { id: u.id, username: u.username, roles: u.roles as Role[], departmentId: u.departmentId, streetCode: null };
  }

  it('follows new events as deltas (no rebuild): cases handled, checked, closed, accepted', async () => {
    const before = await state();
    const open = await db.db
      .select({ id: t.cases.id, state: t.cases.state, departmentId: t.cases.departmentId, assigneeId: t.cases.assigneeId })
      .from(t.cases)
      .where(inArray(t.cases.state, ['dispatched', 'handling', 'checking', 'checked']))
      .limit(40);
    expect(open.length).toBeGreaterThan(10);
    const operator = await actor('operator');
    const chief = await actor('chief');
    let moved = 0;
    let refused = 0;
    for (const c of open) {
      clock.now = new Date(clock.now.getTime() + 7 * 60_000);
      const act = async (who: Actor, action: ActionName, input: Record<string, unknown> = {}) => actOnCase(ctx, who, c.id, action, input as never);
      try {
        await move(c, act);
        moved++;
      } catch {
        refused++; // e.g. a request pending on the case
      }
    }
    expect(moved).toBeGreaterThan(10);
    expect(refused).toBeLessThan(moved);
    await compareRankings(['all', 'department', 'street', 'inspector', 'chief', 'operator', 'dispatcher', 'class'], periods().slice(0, 3));
    await compareDashboard();
    expect(await state()).toEqual(before); // counted from deltas, not a rebuild

    async function move(c: (typeof open)[number], act: (who: Actor, action: ActionName, input?: Record<string, unknown>) => Promise<unknown>) {
      if (c.state === 'dispatched') {
        await act(await handlerOf(c.departmentId!), 'accept');
      } else if (c.state === 'handling') {
        const h = await handlerOf(c.departmentId!);
        const photo = await savePhoto(ctx, h, await tinyJpeg());
        await act(h, 'handle', { photoIds: [photo.id] });
        await act(operator, 'sendCheck', { inspectorId: (await actor('inspector')).id });
      } else if (c.state === 'checking') {
        const [u] = await db.db.select().from(t.users).where(eq(t.users.id, c.assigneeId!));
        await act({ id: u.id, username: u.username, roles: u.roles as Role[], departmentId: null, streetCode: null }, 'check', { result: moved % 3 ? 'fixed' : 'not_fixed' });
      } else {
        await act(chief, 'close');
      }
    }
  }, 600_000);

  it('agrees as the clock passes deadlines (live facts become due) and in the following month', async () => {
    await setClock(new Date(clock.now.getTime() + 3 * 86_400_000));
    await compareRankings(['all', 'department', 'street', 'inspector', 'chief', 'dispatcher'], periods().slice(0, 3));
    await setClock(new Date('2026-12-02T03:00:00Z'));
    await compareRankings(['all', 'department', 'grid'], [`period=month&date=2026-11-30`, `period=week&date=${today()}`, `period=year&date=${today()}`]);
    await compareDashboard();
  }, 600_000);

  it('rebuilds after a settings change that alters the counts (public and hotline sources)', async () => {
    const config = (await leader.get('/api/evaluation/config')).json();
    expect(config.grades).toBeDefined();
    const res = await admin.put('/api/evaluation/config', { ...config, publicSources: ['citizen'], hotlineSources: ['hotline', 'citizen'], satisfiedLevels: ['satisfied'] });
    expect(res.statusCode, res.body).toBe(200);
    const before = await state();
    await compareRankings(['all', 'department', 'street', 'inspector'], periods().slice(2, 6));
    const after = await state();
    expect(after.find((s) => s.name === 'settings')!.fingerprint).not.toBe(before.find((s) => s.name === 'settings')!.fingerprint);
  }, 600_000);

  it('follows a beat changing hands without a rebuild, and rebuilds when grids move to another beat', async () => {
    const inspectors = await db.db.select({ id: t.users.id }).from(t.users).where(sql`'inspector' = any(${t.users.roles})`).orderBy(t.users.username);
    const beats = await db.db.select().from(t.beats).orderBy(t.beats.code);
    const fingerprint = async () => (await state()).find((s) => s.name === 'beats')!.fingerprint;
    await compareRankings(['inspector'], periods().slice(2, 3));
    const before = await fingerprint();
    // Another inspector takes over the first three beats: the rollup's beat rows stay as they are.
    for (const b of beats.slice(0, 3)) await db.db.update(t.beats).set({ inspectorId: inspectors.at(-1)!.id }).where(eq(t.beats.id, b.id));
    await compareRankings(['inspector'], periods());
    expect(await fingerprint()).toBe(before);
    // The grids of the fourth beat join the fifth: the beat rows are counted again.
    await db.db.update(t.grids).set({ beatId: beats[4].id }).where(eq(t.grids.beatId, beats[3].id));
    await compareRankings(['inspector'], periods());
    expect(await fingerprint()).not.toBe(before);
  }, 600_000);

  it('agrees with the clock moved back before recent events (steps that end after the evaluation instant)', async () => {
    await setClock(new Date(START.getTime() + 60 * 60_000));
    await compareRankings(['all', 'operator', 'chief', 'dispatcher', 'inspector', 'street'], [`period=day&date=${today()}`, `period=month&date=${today()}`]);
  }, 600_000);

  it('agrees after every fact is derived again', async () => {
    await setClock(new Date('2026-12-02T03:00:00Z'));
    const res = await admin.post('/api/evaluation/rebuild');
    expect(res.statusCode, res.body).toBe(204);
    await compareRankings(['all', 'department', 'inspector', 'community'], [`period=month&date=2026-11-20`, `period=year&date=2026-11-20`]);
    await compareDashboard();
  }, 600_000);
});
