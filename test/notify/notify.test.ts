// Notifications end to end on a real database: every default event reaches the right people in the console and on a
// recording channel; preferences and quiet hours; escalation on the working calendar; emergencies and the duty
// roster; citizens' local alerts; the HTTP API with bad input and access checks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import type { LightMyRequestResponse } from 'fastify';
import { appFor } from '../support/http';
import { buildCase, buildWorld, caseInput, firstCondition, type World } from '../support/world';
import { actOnCase, createCase } from '../../src/server/cases/case.service';
import * as t from '../../src/server/db/schema';
import { notifications, notificationOutbox, notifyTimers } from '../../src/server/notify/notify.tables';
import { processCaseEvents } from '../../src/server/notify/case-events';
import { fireDueTimers } from '../../src/server/notify/timers';
import { deliverDueNotifications } from '../../src/server/notify/outbox';
import { setNotifyChannels, type OutboundMessage } from '../../src/server/notify/channels';
import { setSmsSender } from '../../src/server/public/sms';
import { notify } from '../../src/server/notify/notify.service';
import { shanghaiInstant } from '../../src/domain/calendar';

interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/** Signs in as the browser does (cookie + CSRF header), with every verb the notification API uses. */
async function signIn(app: FastifyInstance, username: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((x) => `${x.name}=${x.value}`).join('; ');
  const headers = { cookie, 'x-csrf-token': res.json().user.csrfToken as string };
  return {
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body) => app.inject({ method: 'POST', url, headers, payload: body as never }),
    put: (url, body) => app.inject({ method: 'PUT', url, headers, payload: body as never }),
    delete: (url) => app.inject({ method: 'DELETE', url, headers }),
  };
}

describe.each(testDatabaseKinds())('notifications (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};
  /** A signed-in client; signs in again when the test clock has moved past the session's life. */
  async function api(who: keyof World['users']): Promise<Client> {
    as[who] ??= await signIn(app, w.users[who].username, w.users[who].password);
    // The test clock jumps days ahead: keep the sessions alive rather than signing in again (sign-in is rate-limited).
    await db.db.update(t.sessions).set({ expiresAt: new Date(w.clock.now.getTime() + 30 * 86400_000) });
    return as[who];
  }
  const sent: OutboundMessage[] = [];
  const texts: { phone: string; text: string }[] = [];
  const phones: Record<string, string> = { dept: '13900000001', inspector: '13900000002', dispatcher: '13900000003', leader: '13900000004', chief: '13900000005', street: '13900000006' };

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    for (const [name, phone] of Object.entries(phones)) await db.db.update(t.users).set({ phone }).where(eq(t.users.id, w.users[name as keyof World['users']].id));
    const recorder = (name: string) => ({ name, send: async (m: OutboundMessage) => void sent.push(m) });
    setNotifyChannels(w.ctx, { sms: recorder('sms'), email: recorder('email'), webhook: recorder('webhook') });
    setSmsSender(w.ctx, { name: 'test', send: async (phone, text) => void texts.push({ phone, text }) });
    app = await appFor(w);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  beforeEach(() => {
    sent.length = 0;
    texts.length = 0;
  });

  /** What the server's worker does, until nothing is left: events → notifications, due timers, the outbox. */
  async function drain() {
    for (let i = 0; i < 20; i++) {
      const events = await processCaseEvents(w.ctx, { sinceMs: 60 * 86400_000 });
      const timers = await fireDueTimers(w.ctx);
      const out = await deliverDueNotifications(w.ctx);
      if (events + timers.fired + timers.cancelled + out.sent + out.retrying + out.dead === 0) return;
    }
  }
  const inbox = async (who: string, caseId?: string) => {
    const res = await (await api(who as keyof World['users'])).get('/api/notifications?limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { kind: string; caseId: string; title: string; body: string; id: number; urgent: boolean; link: string }[];
    return caseId ? items.filter((n) => n.caseId === caseId) : items;
  };
  const smsTo = (who: string, kindOf?: string) => sent.filter((m) => m.channel === 'sms' && m.address === phones[who] && (!kindOf || m.kind === kindOf));

  it('tells the department of a dispatch (console and SMS) and the inspector of a task, but never the actor', async () => {
    const c = await buildCase(w, 'filed');
    await actOnCase(w.ctx, w.users.dispatcher, c.id, 'dispatch', { departmentId: w.departments.enforcement });
    await drain();
    const [n] = await inbox('dept', c.id);
    expect(n).toMatchObject({ kind: 'caseDispatched', link: `/cases/${c.id}`, urgent: false });
    expect(n.title).toContain(c.number);
    expect(smsTo('dept', 'caseDispatched')).toHaveLength(1);
    expect(smsTo('dept', 'caseDispatched')[0].body).toContain(c.number);
    expect(await inbox('dispatcher', c.id)).toEqual([]);
    expect(await inbox('dept2', c.id)).toEqual([]);

    const r = await buildCase(w, 'reported');
    await actOnCase(w.ctx, w.users.operator, r.id, 'sendVerify', { inspectorId: w.users.inspector.id });
    await drain();
    expect((await inbox('inspector', r.id)).map((x) => x.kind)).toEqual(['taskAssigned']);
    expect(smsTo('inspector', 'taskAssigned')).toHaveLength(1);
    // Processing again (another sweep, another process) makes nothing new.
    const before = await db.db.$count(notifications);
    await db.db.delete((await import('../../src/server/notify/notify.tables')).notifyProcessedEvents);
    await drain();
    expect(await db.db.$count(notifications)).toBe(before);
    expect(smsTo('inspector')).toHaveLength(1);
  });

  it('asks the approver and answers the requester; passes a leader’s 督办 on; tells the department of a citizen’s reopening', async () => {
    // Every kind by SMS as well, so that the recording channel sees each one.
    const everyKind = { approvalWaiting: ['inApp', 'sms'], requestDecided: ['inApp', 'sms'], caseUrged: ['inApp', 'sms'], caseReopened: ['inApp', 'sms'] };
    for (const who of ['dispatcher', 'dept'] as const) expect((await (await api(who)).put('/api/notifications/preferences', { channels: everyKind })).statusCode).toBe(200);
    const c = await buildCase(w, 'handling');
    await actOnCase(w.ctx, w.users.dept, c.id, 'requestExtension', { reason: '需协调', extra: { amount: 1, unit: 'working_days' } });
    await drain();
    expect((await inbox('dispatcher', c.id)).map((x) => x.kind)).toEqual(['approvalWaiting']);
    expect(smsTo('dispatcher', 'approvalWaiting').filter((m) => m.body.includes(c.number))).toHaveLength(1);
    await actOnCase(w.ctx, w.users.dispatcher, c.id, 'denyExtension', { reason: '理由不足' });
    await drain();
    const decided = (await inbox('dept', c.id)).find((x) => x.kind === 'requestDecided')!;
    expect(decided.title).toContain('驳回');
    expect(smsTo('dept', 'requestDecided').filter((m) => m.body.includes(c.number))).toHaveLength(1);

    await actOnCase(w.ctx, w.users.leader, c.id, 'urge', { note: '请今天办结' });
    await drain();
    const urged = (await inbox('dept', c.id)).find((x) => x.kind === 'caseUrged')!;
    expect(urged.body).toContain('请今天办结');
    expect(smsTo('dept', 'caseUrged')).toHaveLength(1);

    // A citizen's report, closed, then reopened through the follow link.
    const { submitReport, reopen } = await import('../../src/server/public/public.service');
    const rep = await submitReport(w.ctx, { kind: 'matter', classCode: '09006', description: '门口占道摆摊', lng: w.pointIn1.lng, lat: w.pointIn1.lat, crs: 'WGS84', photoIds: [] } as never, '127.0.0.1');
    const rc = (await (await api('operator')).get(`/api/cases/${rep.number}`)).json();
    for (const [action, actor, input] of [
      ['register', w.users.operator, {}],
      ['file', w.users.chief, { filingCondition: await firstCondition(w, 'matter', '09006') }],
      ['dispatch', w.users.dispatcher, { departmentId: w.departments.enforcement }],
      ['accept', w.users.dept, {}],
    ] as const) await actOnCase(w.ctx, actor, rc.id, action, input);
    const { addPhoto } = await import('../support/world');
    await actOnCase(w.ctx, w.users.dept, rc.id, 'handle', { photoIds: [await addPhoto(w, w.users.dept)] });
    await actOnCase(w.ctx, w.users.operator, rc.id, 'sendCheck', { inspectorId: w.users.inspector.id });
    await actOnCase(w.ctx, w.users.inspector, rc.id, 'check', { result: 'fixed' });
    await actOnCase(w.ctx, w.users.chief, rc.id, 'close', {});
    await reopen(w.ctx, rep.followToken, { note: '摊贩又回来了', photoIds: [] }, '127.0.0.1');
    await drain();
    const reopened = (await inbox('dept', rc.id)).find((x) => x.kind === 'caseReopened')!;
    expect(reopened.body).toContain('摊贩又回来了');
    expect(smsTo('dept', 'caseReopened').filter((m) => m.body.includes(rc.number))).toHaveLength(1);
    // Back to the defaults for the tests that follow.
    for (const who of ['dispatcher', 'dept'] as const) await (await api(who)).put('/api/notifications/preferences', { channels: { approvalWaiting: ['inApp'], requestDecided: ['inApp'], caseReopened: ['inApp'] } });
  });

  it('marks read one by one or all, over HTTP; refuses bad input and strangers', async () => {
    const mine = await inbox('dept');
    expect(mine.length).toBeGreaterThan(2);
    const before = (await (await api('dept')).get('/api/notifications')).json().unread;
    const one = await (await api('dept')).post('/api/notifications/read', { ids: [mine[0].id] });
    expect(one.json()).toEqual({ changed: 1, unread: before - 1 });
    // Someone else's notification cannot be touched.
    expect((await (await api('dispatcher')).post('/api/notifications/read', { ids: [mine[1].id] })).json().changed).toBe(0);
    expect((await (await api('dept')).get('/api/notifications?unread=true')).json().items.every((n: { readAt: string | null }) => n.readAt === null)).toBe(true);
    const all = await (await api('dept')).post('/api/notifications/read', { all: true });
    expect(all.json().unread).toBe(0);
    for (const bad of [{}, { ids: [] }, { ids: ['x'] }, { all: false }]) {
      const res = await (await api('dept')).post('/api/notifications/read', bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
    expect((await (await api('dept')).get('/api/notifications?limit=0')).statusCode).toBe(400);
    expect((await (await api('dept')).get('/api/notifications/outbox')).statusCode).toBe(403);
    const outbox = (await (await api('admin')).get('/api/notifications/outbox')).json().items;
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox[0].address).toMatch(/^\d{3}\*{4}\d{4}$|@|^http/);
  });

  it('keeps each person’s preferences: channels per kind and quiet hours; alerts break through', async () => {
    const prefs = (await (await api('street')).get('/api/notifications/preferences')).json();
    expect(prefs.kinds.find((k: { kind: string }) => k.kind === 'caseDispatched').channels).toEqual(['inApp', 'sms']);
    // No SMTP here: e-mail cannot be chosen without an address; a webhook needs a URL.
    const noMail = await (await api('street')).put('/api/notifications/preferences', { channels: { caseDispatched: ['inApp', 'email'] } });
    expect([noMail.statusCode, noMail.json().error.code]).toEqual([422, 'CHANNEL_UNAVAILABLE']);
    expect((await (await api('street')).put('/api/notifications/preferences', { channels: { caseDispatched: ['webhook'] } })).json().error.code).toBe('CHANNEL_UNAVAILABLE');
    expect((await (await api('street')).put('/api/notifications/preferences', { quietHours: { start: '25:00', end: '07:00' } })).statusCode).toBe(400);
    expect((await (await api('street')).put('/api/notifications/preferences', { channels: { noSuchKind: ['sms'] } })).statusCode).toBe(400);

    const saved = await (await api('street')).put('/api/notifications/preferences', {
      channels: { caseDispatched: ['inApp', 'email', 'webhook'], caseUrged: [] },
      email: 'zhou.li@example.org',
      webhookUrl: 'http://127.0.0.1:9/robot',
      quietHours: { start: '08:00', end: '10:00' }, // the world's clock says 09:00: quiet now
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().webhookSecret).toMatch(/^whsec_/);

    const c = await buildCase(w, 'filed');
    await actOnCase(w.ctx, w.users.dispatcher, c.id, 'dispatch', { departmentId: w.departments.street1 });
    await actOnCase(w.ctx, w.users.leader, c.id, 'urge', { note: '抓紧' });
    await drain();
    expect((await inbox('street', c.id)).map((n) => n.kind)).toEqual(['caseDispatched']); // urge: nothing, as chosen
    expect(sent.filter((m) => m.address === 'zhou.li@example.org')).toEqual([]); // held: quiet hours
    const held = await db.db.select().from(notificationOutbox).where(eq(notificationOutbox.address, 'zhou.li@example.org'));
    expect(held.map((r) => [r.status, r.nextAttemptAt.toISOString()])).toEqual([['pending', shanghaiInstant('2026-11-16', '10:00').toISOString()]]);
    expect(smsTo('street')).toEqual([]);

    w.clock.advance(61);
    await drain();
    const mail = sent.find((m) => m.address === 'zhou.li@example.org')!;
    expect(mail).toMatchObject({ channel: 'email', kind: 'caseDispatched' });
    expect(mail.subject).toContain(c.number);
    const hook = sent.find((m) => m.channel === 'webhook')!;
    expect(hook.payload).toMatchObject({ kind: 'caseDispatched', caseNumber: c.number });
    expect(hook.secret).toBe(saved.json().webhookSecret);

    // An alert (urgent) is not held, and reaches the console even where in-app was switched off.
    await (await api('street')).put('/api/notifications/preferences', { quietHours: { start: '00:00', end: '23:59' }, channels: { emergencyReported: ['sms'] } });
    await db.db.transaction(async (tx) =>
      notify(w.ctx, tx, { kind: 'emergencyReported', recipients: [{ user: w.users.street.id }], params: { number: 'X-1', class: { zh: '燃气泄漏', en: 'Gas leak' }, place: '青年路', description: '现场有气味' }, dedupeKey: 'test:urgent' }),
    );
    await drain();
    expect(smsTo('street', 'emergencyReported')).toHaveLength(1);
    expect((await inbox('street')).find((n) => n.kind === 'emergencyReported')).toMatchObject({ urgent: true });
    await (await api('street')).put('/api/notifications/preferences', { quietHours: null, channels: { caseDispatched: ['inApp', 'sms'], caseUrged: ['inApp', 'sms'], emergencyReported: ['inApp', 'sms'] } });
  });

  it('retries a failing channel with back-off, then gives up', async () => {
    let fail = true;
    setNotifyChannels(w.ctx, { sms: { name: 'flaky', send: async (m) => (fail ? Promise.reject(new Error('gateway down')) : void sent.push(m)) } });
    const c = await buildCase(w, 'filed');
    await actOnCase(w.ctx, w.users.dispatcher, c.id, 'dispatch', { departmentId: w.departments.sanitation });
    // dept2 has no phone: give one.
    await db.db.update(t.users).set({ phone: '13900000009' }).where(eq(t.users.id, w.users.dept2.id));
    await actOnCase(w.ctx, w.users.dept2, c.id, 'requestReturn', { reason: '非本部门' });
    await actOnCase(w.ctx, w.users.dispatcher, c.id, 'rejectReturn', { reason: '属于本部门' });
    await drain();
    const [row] = await db.db.select().from(notificationOutbox).where(eq(notificationOutbox.address, '13900000009'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'gateway down' });
    fail = false;
    w.clock.advance(2);
    await drain();
    expect(sent.filter((m) => m.address === '13900000009')).toHaveLength(1);
    const recorder = { name: 'sms', send: async (m: OutboundMessage) => void sent.push(m) };
    setNotifyChannels(w.ctx, { sms: recorder });
  });

  it('reminds at the yellow light and escalates at the red light and after it, on the working calendar; once', async () => {
    const put = await (await api('admin')).put('/api/notifications/escalation', {
      escalation: {
        rules: [
          {
            step: 'handle',
            kind: null,
            classCode: null,
            stages: [
              { action: 'remind', anchor: 'warn', after: { amount: 0, unit: 'working_minutes' }, targets: ['holder'] },
              { action: 'escalate', anchor: 'deadline', after: { amount: 0, unit: 'working_minutes' }, targets: ['head'] },
              { action: 'escalate', anchor: 'deadline', after: { amount: 1, unit: 'working_hours' }, targets: ['supervision', 'leader'] },
            ],
          },
        ],
        departments: { [w.departments.enforcement]: { heads: [w.users.dept.id], leaders: [w.users.leader.id] } },
      },
      emergency: { skipVerifySources: ['inspector'], autoDispatch: true },
    });
    expect(put.statusCode, put.body).toBe(200);
    const c = await buildCase(w, 'handling');
    await drain();
    const timers = await db.db.select().from(notifyTimers).where(eq(notifyTimers.caseId, c.id));
    const pending = timers.filter((x) => x.status === 'pending' && x.kind === 'stage');
    expect(pending).toHaveLength(3);
    const detail = (await (await api('chief')).get(`/api/cases/${c.id}`)).json();
    const deadline = new Date(detail.handleDeadline);
    const warn = pending.find((x) => x.key.endsWith('#0'))!.dueAt;
    expect(warn.getTime()).toBeLessThan(deadline.getTime());

    // Just before the yellow light: nothing. At it: the department is reminded.
    w.clock.now = new Date(warn.getTime() - 60_000);
    await drain();
    expect((await inbox('dept', c.id)).filter((n) => n.kind === 'deadlineReminder')).toEqual([]);
    w.clock.now = warn;
    await drain();
    expect((await inbox('dept', c.id)).filter((n) => n.kind === 'deadlineReminder')).toHaveLength(1);

    // The red light: an escalate event on the case (level 1), the head told.
    w.clock.now = deadline;
    await drain();
    let events = (await (await api('chief')).get(`/api/cases/${c.id}`)).json().events.filter((e: { action: string }) => e.action === 'escalate');
    expect(events.map((e: { payload: { level: number } }) => e.payload.level)).toEqual([1]);
    expect(events[0]).toMatchObject({ role: 'system', actionLabel: '超时升级' });
    expect((await inbox('dept', c.id)).filter((n) => n.kind === 'deadlineEscalated')).toHaveLength(1);
    expect(await inbox('leader', c.id)).toEqual([]);

    // An hour of working time later: the supervision centre (the chief, nobody on the roster) and the leader in charge.
    w.clock.now = new Date(deadline.getTime() + 30 * 60_000);
    await drain();
    expect(await inbox('leader', c.id)).toEqual([]);
    const { WorkingCalendar } = await import('../../src/domain/calendar');
    w.clock.now = WorkingCalendar.default().addLimit(deadline, { amount: 1, unit: 'working_hours' });
    await drain();
    await drain();
    events = (await (await api('chief')).get(`/api/cases/${c.id}`)).json().events.filter((e: { action: string }) => e.action === 'escalate');
    expect(events.map((e: { payload: { level: number } }) => e.payload.level)).toEqual([1, 2]);
    expect((await inbox('leader', c.id)).map((n) => n.kind)).toEqual(['deadlineEscalated']);
    expect((await inbox('chief', c.id)).map((n) => n.kind)).toEqual(['deadlineEscalated']);
    expect(smsTo('leader', 'deadlineEscalated').filter((m) => m.body.includes(c.number))).toHaveLength(1);

    // The evaluation counts the escalations.
    const { refreshFacts } = await import('../../src/server/evaluation/evaluation.service');
    await refreshFacts(w.ctx);
    const [facts] = await db.db.select().from(t.evalCases).where(eq(t.evalCases.caseId, c.id));
    expect(facts.escalations).toBe(2);
  });

  it('cancels the stages of a step that ended in time', async () => {
    const c = await buildCase(w, 'handling');
    await drain();
    const { addPhoto } = await import('../support/world');
    await actOnCase(w.ctx, w.users.dept, c.id, 'handle', { photoIds: [await addPhoto(w, w.users.dept)] });
    await drain();
    const handleTimers = (await db.db.select().from(notifyTimers).where(eq(notifyTimers.caseId, c.id))).filter((x) => x.step === 'handle');
    expect(handleTimers.length).toBe(3);
    expect(handleTimers.every((x) => x.status === 'cancelled')).toBe(true);
    w.clock.advance(7 * 24 * 60);
    await drain();
    expect((await (await api('chief')).get(`/api/cases/${c.id}`)).json().events.filter((e: { action: string; payload: { step?: string } }) => e.action === 'escalate' && e.payload.step === 'handle')).toEqual([]);
  });

  it('dispatches an urgent report at once and alerts the people on duty; the roster decides who', async () => {
    w.clock.now = new Date('2026-11-18T12:00:00Z'); // Wednesday 20:00 Shanghai: after hours
    const start = new Date(w.clock.now.getTime() - 3600_000);
    const end = new Date(w.clock.now.getTime() + 12 * 3600_000);
    // The chief keeps the roster: the leader on duty and the dispatcher in the command centre.
    for (const [unit, user] of [['leader', w.users.leader], ['command', w.users.dispatcher]] as const) {
      const res = await (await api('chief')).post('/api/duty', { unit, userId: user.id, startsAt: start.toISOString(), endsAt: end.toISOString() });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ onDutyNow: true, unit });
    }
    const roster = (await (await api('dept')).get('/api/duty')).json();
    expect(roster.items.filter((s: { onDutyNow: boolean }) => s.onDutyNow)).toHaveLength(2);

    const { case: c } = await createCase(w.ctx, w.users.inspector, caseInput(w, { urgency: 'urgent', description: '路口井盖缺失，已设置临时警示' }));
    await drain();
    const after = (await (await api('chief')).get(`/api/cases/${c.id}`)).json();
    expect(after.state).toBe('dispatched');
    expect(after.events.map((e: { action: string; actorName: string }) => [e.action, e.actorName])).toEqual([
      ['report', 'inspector'],
      ['register', '应急自动派遣（系统）'],
      ['file', '应急自动派遣（系统）'],
      ['dispatch', '应急自动派遣（系统）'],
    ]);
    expect(after.departmentId).toBe(w.departments.street1); // 占道经营: the locality, by the responsibility list
    const alert = (await inbox('leader', c.id)).find((n) => n.kind === 'emergencyReported')!;
    expect(alert).toMatchObject({ urgent: true });
    expect((await inbox('dispatcher', c.id)).map((n) => n.kind)).toContain('emergencyReported');
    // Alerts go to those on duty: the other leaders' fallback is not used when the roster names someone.
    expect(smsTo('leader', 'emergencyReported')).toHaveLength(1);
    expect((await (await api('leader')).get('/api/notifications?urgent=true&unread=true')).json().items.length).toBeGreaterThan(0);
    expect((await inbox('street', c.id)).map((n) => n.kind)).toContain('caseDispatched');

    // A citizen's urgent report is verified first (the policy above): it stays in the verify queue, at its top.
    const { case: cc } = await createCase(w.ctx, w.users.operator, caseInput(w, { source: 'citizen', urgency: 'urgent' }));
    await drain();
    expect((await (await api('operator')).get(`/api/cases/${cc.id}`)).json().state).toBe('reported');
    const queue = (await (await api('operator')).get('/api/cases?queue=verify&pageSize=5')).json().items;
    expect(queue[0].urgency).toBe('urgent');
  });

  it('keeps the duty roster: who may write it, and what a shift may be', async () => {
    const s = new Date(w.clock.now.getTime());
    const e = new Date(s.getTime() + 8 * 3600_000);
    const body = { unit: 'command', userId: w.users.dispatcher.id, startsAt: s.toISOString(), endsAt: e.toISOString() };
    expect((await (await api('operator')).post('/api/duty', body)).statusCode).toBe(403);
    const back = await (await api('admin')).post('/api/duty', { ...body, endsAt: s.toISOString() });
    expect([back.statusCode, back.json().error.code]).toEqual([422, 'SHIFT_INVALID']);
    expect((await (await api('admin')).post('/api/duty', { ...body, userId: w.users.dept.id })).json().error.code).toBe('DUTY_USER_INVALID');
    expect((await (await api('admin')).post('/api/duty', { ...body, unit: 'department', userId: w.users.dept.id, departmentId: w.departments.sanitation })).json().error.code).toBe('DUTY_USER_INVALID');
    expect((await (await api('admin')).post('/api/duty', { ...body, unit: 'nowhere' })).statusCode).toBe(400);
    const ok = await (await api('admin')).post('/api/duty', { ...body, unit: 'department', userId: w.users.dept.id, departmentId: w.departments.enforcement });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().departmentName).toBe('城管执法局');
    expect((await app.inject({ method: 'DELETE', url: `/api/duty/${ok.json().id}` })).statusCode).toBe(401);
    expect((await (await api('operator')).delete(`/api/duty/${ok.json().id}`)).statusCode).toBe(403);
    expect((await (await api('chief')).delete(`/api/duty/${ok.json().id}`)).json()).toEqual({ deleted: true });
    expect((await (await api('chief')).delete(`/api/duty/${ok.json().id}`)).json().error.code).toBe('SHIFT_NOT_FOUND');
  });

  it('sends citizens’ local alerts to verified numbers, with a link to stop them', async () => {
    w.clock.now = new Date('2026-11-19T02:00:00Z'); // Thursday 10:00
    const v = (url: string, body?: unknown) => app.inject({ method: body === undefined ? 'GET' : 'POST', url, payload: body as never });
    const PHONE = '13811112222';
    expect((await v('/api/public/sms/code', { phone: PHONE })).statusCode).toBe(200);
    const code = /验证码是 (\d{6})/.exec(texts.find((x) => x.phone === PHONE)!.text)![1];
    const bad = await v('/api/public/alerts', { phone: PHONE, code, area: 'near', lng: 100, lat: 30, radiusM: 300, events: ['new'] });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'ALERT_AREA_INVALID']);
    expect((await v('/api/public/alerts', { phone: PHONE, code: '000000', area: 'community', communityCode: '220106002001', events: ['new'] })).json().error.code).toMatch(/CODE_INVALID/);
    expect((await v('/api/public/alerts', { phone: PHONE, code, area: 'near', events: [] })).statusCode).toBe(400);
    const sub = await v('/api/public/alerts', { phone: PHONE, code, area: 'near', lng: w.pointIn1.lng, lat: w.pointIn1.lat, radiusM: 150, events: ['new', 'closed'], label: '我家附近' });
    expect(sub.statusCode, sub.body).toBe(201);
    const { token, manageUrl } = sub.json();
    expect(manageUrl).toBe(`/portal/alerts/${token}`);
    expect((await v(`/api/public/alerts/${token}`)).json()).toMatchObject({ active: true, phoneMasked: '138****2222', events: ['new', 'closed'] });

    const near = await buildCase(w, 'filed'); // point 1: inside 150 m
    await buildCase(w, 'filed', { lng: w.pointIn2.lng, lat: w.pointIn2.lat }); // point 2: about 240 m east
    await drain();
    const alerts = sent.filter((m) => m.address === PHONE);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body).toContain(near.number);
    expect(alerts[0].body).toContain(`/portal/alerts/${token}`);

    expect((await v(`/api/public/alerts/${token}/cancel`, {})).json().active).toBe(false);
    await buildCase(w, 'filed');
    await drain();
    expect(sent.filter((m) => m.address === PHONE)).toHaveLength(1);
    expect((await v('/api/public/alerts/not-a-real-token-at-all')).json().error.code).toBe('ALERT_LINK_INVALID');
  });

  it('lets administrators edit the escalation chain; refuses others and bad settings', async () => {
    expect((await (await api('chief')).get('/api/notifications/escalation')).statusCode).toBe(403);
    const current = (await (await api('admin')).get('/api/notifications/escalation')).json();
    expect(current.escalation.rules[0].step).toBe('handle');
    const badStage = await (await api('admin')).put('/api/notifications/escalation', { ...current, escalation: { ...current.escalation, rules: [{ step: 'handle', stages: [{ action: 'shout', anchor: 'warn', after: { amount: 0, unit: 'working_minutes' }, targets: ['holder'] }] }] } });
    expect(badStage.statusCode).toBe(400);
    const ghost = await (await api('admin')).put('/api/notifications/escalation', { ...current, escalation: { ...current.escalation, departments: { [w.departments.enforcement]: { heads: ['00000000-0000-4000-8000-000000000000'], leaders: [] } } } });
    expect([ghost.statusCode, ghost.json().error.code]).toEqual([422, 'INVALID_ESCALATION']);
    expect((await (await api('admin')).get('/api/notifications/escalation')).json()).toEqual(current);
  });
});
