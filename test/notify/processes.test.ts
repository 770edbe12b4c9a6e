// Two server processes on one PostgreSQL database (two application contexts, each with its own connection pool, bus
// and workers): every case event is notified once, every message sent once, every timer fired once, an emergency
// dispatched once; and a notification made by one process reaches a console connected to the other (LISTEN/NOTIFY).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { buildCase, buildWorld, caseInput, type World } from '../support/world';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createContext, type AppContext } from '../../src/server/context';
import { openDatabase, type Database } from '../../src/server/db/client';
import * as t from '../../src/server/db/schema';
import { actOnCase, createCase } from '../../src/server/cases/case.service';
import { processCaseEvents } from '../../src/server/notify/case-events';
import { setNotifyChannels, type OutboundMessage } from '../../src/server/notify/channels';
import { notificationOutbox, notifications, notifyTimers } from '../../src/server/notify/notify.tables';
import { deliverDueNotifications } from '../../src/server/notify/outbox';
import { fireDueTimers } from '../../src/server/notify/timers';

const kinds = testDatabaseKinds();

describe.skipIf(!kinds.includes('postgres'))('two processes on one PostgreSQL database', () => {
  let dbA: Awaited<ReturnType<typeof freshDatabase>>;
  let dbB: Database;
  let w: World;
  let ctxA: AppContext;
  let ctxB: AppContext;
  let appA: FastifyInstance;
  let appB: FastifyInstance;
  const sent: (OutboundMessage & { by: string })[] = [];

  beforeAll(async () => {
    dbA = await freshDatabase('postgres');
    w = await buildWorld(dbA);
    ctxA = w.ctx;
    const url = (dbA.db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString;
    dbB = await openDatabase({ databaseUrl: url });
    ctxB = createContext(loadConfig({ DATA_DIR: w.ctx.config.dataDir, DATABASE_URL: url }), dbB, () => w.clock.now);
    for (const [ctx, by] of [[ctxA, 'A'], [ctxB, 'B']] as const) {
      const rec = (name: string) => ({ name, send: async (m: OutboundMessage) => void sent.push({ ...m, by }) });
      setNotifyChannels(ctx, { sms: rec('sms'), email: null, webhook: rec('webhook') });
    }
    await dbA.db.update(t.users).set({ phone: '13900000001' }).where(eq(t.users.id, w.users.dept.id));
    await dbA.db.update(t.users).set({ phone: '13900000002' }).where(eq(t.users.id, w.users.leader.id));
    appA = await buildApp(ctxA);
    appB = await buildApp(ctxB);
    await appA.ready();
    await appB.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    appB?.server.closeAllConnections();
    await appB?.close();
    await appA?.close();
    await dbB?.close();
    await dbA?.drop();
  });

  /** Both processes work at the same time, as their workers would, until neither finds anything to do. */
  async function bothWork() {
    const pass = async (ctx: AppContext) => {
      let n = 0;
      n += await processCaseEvents(ctx, { sinceMs: 60 * 86400_000 });
      const timers = await fireDueTimers(ctx, { limit: 3 });
      const out = await deliverDueNotifications(ctx, { limit: 3 });
      return n + timers.fired + timers.cancelled + out.sent + out.retrying + out.dead;
    };
    for (let round = 0; round < 60; round++) {
      const [a, b] = await Promise.all([pass(ctxA), pass(ctxB)]);
      if (a + b === 0) return;
    }
    throw new Error('the workers never settled');
  }

  it('notifies, sends and escalates each thing once, whichever process does it', async () => {
    const cases: Awaited<ReturnType<typeof buildCase>>[] = [];
    for (let i = 0; i < 6; i++) cases.push(await buildCase(w, 'filed'));
    // Half the dispatches are made "in" each process; the workers of both race for the events.
    for (const [i, c] of cases.entries()) await actOnCase(i % 2 ? ctxB : ctxA, w.users.dispatcher, c.id, 'dispatch', { departmentId: w.departments.enforcement });
    await bothWork();
    const deptNotes = await dbA.db.select().from(notifications).where(and(eq(notifications.userId, w.users.dept.id), eq(notifications.kind, 'caseDispatched')));
    expect(deptNotes.map((n) => n.caseId).sort()).toEqual(cases.map((c) => c.id).sort());
    const deptSms = sent.filter((m) => m.address === '13900000001' && m.kind === 'caseDispatched');
    expect(deptSms).toHaveLength(cases.length);
    expect(new Set(deptSms.map((m) => m.id)).size).toBe(cases.length);

    // Deadlines pass: the default chain's three stages per case fire once each, the two escalations are case events.
    const detail = await dbA.db.select().from(t.cases).where(eq(t.cases.id, cases[0].id));
    w.clock.now = new Date(detail[0].handleDeadline!.getTime() + 10 * 86400_000);
    await bothWork();
    const fired = await dbA.db.select().from(notifyTimers).where(eq(notifyTimers.status, 'fired'));
    const firedStages = fired.filter((x) => x.kind === 'stage' && cases.some((c) => c.id === x.caseId));
    expect(firedStages).toHaveLength(cases.length * 3);
    const escalations = await dbA.db
      .select({ caseId: t.caseEvents.caseId, n: sql<number>`count(*)::int` })
      .from(t.caseEvents)
      .where(eq(t.caseEvents.action, 'escalate'))
      .groupBy(t.caseEvents.caseId);
    for (const c of cases) expect(escalations.find((e) => e.caseId === c.id)?.n).toBe(2);
    // Every outbox row went out exactly once.
    const rows = await dbA.db.select().from(notificationOutbox);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(sent).toHaveLength(rows.length);
    expect(new Set(sent.map((m) => m.id)).size).toBe(rows.length);
    // Both processes did part of the work.
    expect(new Set(sent.map((m) => m.by))).toEqual(new Set(['A', 'B']));
  });

  it('dispatches an emergency once while both processes race for it', async () => {
    const { case: c } = await createCase(ctxB, w.users.inspector, caseInput(w, { urgency: 'urgent' }));
    await bothWork();
    const events = await dbA.db.select().from(t.caseEvents).where(eq(t.caseEvents.caseId, c.id));
    expect(events.map((e) => e.action).sort()).toEqual(['dispatch', 'file', 'register', 'report']);
    const alerts = await dbA.db.select().from(notifications).where(and(eq(notifications.caseId, c.id), eq(notifications.kind, 'emergencyReported')));
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => a.userId)).size).toBe(alerts.length);
    expect(sent.filter((m) => m.kind === 'emergencyReported' && m.address === '13900000002')).toHaveLength(1);
  });

  it('brings a notification made by one process to a console connected to the other', async () => {
    const address = appB.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    // Sessions expire on the (moved) test clock: sign in, then keep the session alive.
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: w.users.dept.username, password: w.users.dept.password }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((x) => x.split(';')[0]).join('; ');
    const abort = new AbortController();
    const stream = await fetch(`${base}/api/events`, { headers: { cookie }, signal: abort.signal });
    const reader = stream.body!.getReader();
    const got = (async () => {
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
        if (text.includes('event: notification')) return text;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    // Process A makes the news and processes it; B's console hears of it.
    const c = await buildCase(w, 'filed');
    await actOnCase(ctxA, w.users.dispatcher, c.id, 'dispatch', { departmentId: w.departments.enforcement });
    await processCaseEvents(ctxA, { caseId: c.id });
    const text = await Promise.race([got, new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000))]);
    abort.abort();
    expect(text).toContain('event: notification');
    const ping = JSON.parse(/event: notification\ndata: (.*)\n/.exec(text)![1]);
    const [note] = await dbA.db.select().from(notifications).where(and(eq(notifications.caseId, c.id), eq(notifications.userId, w.users.dept.id)));
    expect(ping.ids).toContain(note.id);
    // And the case event itself was relayed from A's bus to B's (the queues refresh there too).
    expect(text).toContain(`"caseId":"${c.id}"`);
  });
});
