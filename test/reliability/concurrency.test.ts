// Concurrency: several users act on the same case at once, in random orders (fast-check schedules the starts; the
// database interleaves the rest). Whatever the schedule: every answer is a success or a clear conflict (409 with a
// stable code), never a 5xx; with expectedVersion exactly one of them wins; and nothing is lost: the case's event log
// is one unbroken chain (each event starts where the one before ended, seq = version, no gaps, no duplicates) holding
// exactly the actions that were answered with success, and the case row is the end of that chain.
// CONCURRENCY_RUNS (default 6; `npm run test:reliability` raises it) sets the number of random schedules per database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { CaseState } from '../../src/domain/workflow';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { addPhoto, buildCase, buildWorld, firstCondition, type World } from '../support/world';
import * as t from '../../src/server/db/schema';
import { hashPassword } from '../../src/server/auth/password';

const RUNS = Number(process.env.CONCURRENCY_RUNS ?? (Number(process.env.RELIABILITY_ROUNDS ?? 0) * 3 || 6));
const CONFLICTS = new Set(['CASE_VERSION_CONFLICT', 'TRANSITION_NOT_ALLOWED', 'PENDING_REQUEST_EXISTS', 'NO_PENDING_REQUEST']);

interface Attempt {
  who: string;
  action: string;
  /** The body; built per case (some inputs name photos or filing conditions). */
  input: (ctx: { photo: string; condition: string }) => Record<string, unknown>;
}

describe.each(testDatabaseKinds())('concurrent actions on one case (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const clients: Record<string, Client> = {};

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    // A second handler in the same department and a second operator and dispatcher: colleagues who race each other.
    const hash = await hashPassword('colleague-pw');
    await w.ctx.db.insert(t.users).values([
      { username: 'dept-b', displayName: 'dept-b', passwordHash: hash, roles: ['department'], departmentId: w.departments.enforcement },
      { username: 'operator-b', displayName: 'operator-b', passwordHash: hash, roles: ['operator'] },
      { username: 'dispatcher-b', displayName: 'dispatcher-b', passwordHash: hash, roles: ['dispatcher'] },
    ]);
    app = await appFor(w);
    for (const u of ['operator', 'chief', 'dispatcher', 'dept', 'inspector', 'leader'] as const) clients[u] = await signIn(app, u, w.users[u].password);
    for (const u of ['dept-b', 'operator-b', 'dispatcher-b']) clients[u] = await signIn(app, u, 'colleague-pw');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  // What each party may try from each state (all valid on their own, so any refusal is due to the race).
  const CANDIDATES: Partial<Record<CaseState, Attempt[]>> = {
    reported: [
      { who: 'operator', action: 'register', input: () => ({}) },
      { who: 'operator-b', action: 'register', input: () => ({}) },
      { who: 'operator-b', action: 'reject', input: () => ({ reason: '重复上报' }) },
      { who: 'operator', action: 'sendVerify', input: () => ({ inspectorId: w.users.inspector.id }) },
      { who: 'leader', action: 'comment', input: () => ({ note: '请尽快处理' }) },
    ],
    verified: [
      { who: 'chief', action: 'file', input: (c) => ({ filingCondition: c.condition }) },
      { who: 'operator', action: 'requestCancel', input: () => ({ reason: '不属于城管' }) },
      { who: 'dispatcher', action: 'requestCancel', input: () => ({ reason: '信息不全' }) },
      { who: 'operator-b', action: 'reject', input: () => ({ reason: '不属实' }) },
    ],
    filed: [
      { who: 'dispatcher', action: 'dispatch', input: () => ({ departmentId: w.departments.enforcement }) },
      { who: 'dispatcher-b', action: 'dispatch', input: () => ({ departmentId: w.departments.sanitation }) },
      { who: 'operator', action: 'requestCancel', input: () => ({ reason: '重复' }) },
    ],
    dispatched: [
      { who: 'dept', action: 'accept', input: () => ({}) },
      { who: 'dept-b', action: 'accept', input: () => ({}) },
      { who: 'dept-b', action: 'requestReturn', input: () => ({ reason: '不属于本部门' }) },
      { who: 'leader', action: 'urge', input: () => ({ note: '督办' }) },
    ],
    handling: [
      { who: 'dept', action: 'handle', input: (c) => ({ photoIds: [c.photo] }) },
      { who: 'dept-b', action: 'requestExtension', input: () => ({ reason: '需要协调', extra: { amount: 2, unit: 'working_days' } }) },
      { who: 'dept-b', action: 'requestSuspension', input: () => ({ reason: '季节性' }) },
      { who: 'dept', action: 'requestReturn', input: () => ({ reason: '不属于本部门' }) },
    ],
    checking: [
      { who: 'inspector', action: 'check', input: () => ({ result: 'fixed' }) },
      { who: 'inspector', action: 'check', input: () => ({ result: 'not_fixed' }) },
      { who: 'operator', action: 'comment', input: () => ({ note: '已电话联系' }) },
    ],
  };
  const states = Object.keys(CANDIDATES) as CaseState[];

  const schedule = fc
    .constantFrom(...states)
    .chain((state) =>
      fc.record({
        state: fc.constant(state),
        attempts: fc.shuffledSubarray(CANDIDATES[state]!, { minLength: 2, maxLength: Math.min(4, CANDIDATES[state]!.length) }),
        withVersion: fc.boolean(),
        delays: fc.array(fc.nat(15), { minLength: 4, maxLength: 4 }),
      }),
    );

  it('keeps one unbroken event chain whatever the schedule; losers get a clear conflict', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, fc.scheduler(), async ({ state, attempts, withVersion, delays }, s) => {
        const c = await buildCase(w, state);
        const photo = await addPhoto(w, w.users.dept);
        const condition = await firstCondition(w, c.kind, c.classCode);
        const q = withVersion ? `?expectedVersion=${c.version}` : '';
        // The scheduler releases the requests in a random order; small random delays vary the overlap further.
        const results = await Promise.all([
          ...attempts.map(async (a, i) => {
            await s.schedule(Promise.resolve(), `${a.who} ${a.action}`);
            await new Promise((r) => setTimeout(r, delays[i]));
            const res = await clients[a.who].post(`/api/cases/${c.id}/${a.action}${q}`, a.input({ photo, condition }));
            return { a, status: res.statusCode, body: res.json() };
          }),
          s.waitAll().then(() => null),
        ]).then((all) => all.filter((x): x is NonNullable<typeof x> => x !== null));

        for (const r of results) {
          expect(r.status, `${r.a.who} ${r.a.action}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
          if (r.status !== 200) {
            expect(r.status, JSON.stringify(r.body)).toBe(409);
            expect(CONFLICTS.has(r.body.error.code), r.body.error.code).toBe(true);
          }
        }
        const won = results.filter((r) => r.status === 200);
        expect(won.length).toBeGreaterThanOrEqual(1);
        if (withVersion) expect(won).toHaveLength(1);

        // The log: one chain from the state we started in, exactly the successful actions, no gaps, none twice.
        const events = (await w.ctx.db.execute(sql`select seq, action, from_state as "from", to_state as "to" from case_events where case_id = ${c.id} and seq > ${c.version} order by seq`)) as unknown as { rows: { seq: number; action: string; from: string | null; to: string }[] };
        const log = events.rows;
        expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => c.version + 1 + i));
        expect(log.map((e) => e.action).sort()).toEqual(won.map((r) => r.a.action).sort());
        let at: string = c.state;
        for (const e of log) {
          expect(e.from, `event ${e.seq} ${e.action}`).toBe(at);
          at = e.to;
        }
        // Each winner was answered with the version its own event has.
        expect(new Set(won.map((r) => r.body.version)).size).toBe(won.length);
        for (const r of won) expect(log.find((e) => e.seq === r.body.version)?.action).toBe(r.a.action);
        const row = (await w.ctx.db.execute(sql`select state, version from cases where id = ${c.id}`)) as unknown as { rows: { state: string; version: number }[] };
        expect(row.rows[0]).toEqual({ state: at, version: c.version + log.length });
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 7) },
    );
  }, 600_000);
});
