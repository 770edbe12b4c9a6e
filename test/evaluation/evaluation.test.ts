// The evaluation API over cases driven through the real services with the test clock: some late, one reworked, one
// returned, one suspended, one cancelled. Checks the numbers exactly, and that the SQL agrees with the pure engine.
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { countBy, deriveAll, DEFAULT_EVALUATION_CONFIG, type Counts, type ScopeKind } from '../../src/domain/evaluation';
import type { ActionName } from '../../src/domain/workflow';
import { actOnCase, createCase } from '../../src/server/cases/case.service';
import * as t from '../../src/server/db/schema';
import { loadLogs } from '../../src/server/evaluation/evaluation.repository';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, type Client } from '../support/http';
import { addPhoto, buildWorld, caseInput, firstCondition, type World } from '../support/world';

type Who = keyof World['users'];

describe.each(testDatabaseKinds())('evaluation API (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client & { put(url: string, body: unknown): ReturnType<Client['get']> }> = {};
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};
  let condition: string;

  /** Sets the test clock to a Shanghai wall time on Monday 2026-11-16. */
  const at = (hhmm: string) => {
    w.clock.now = new Date(`2026-11-16T${hhmm}:00+08:00`);
  };
  const act = async (name: string, who: Who, action: ActionName, input: Record<string, unknown> = {}) => {
    const body = action === 'handle' ? { ...input, photoIds: [await addPhoto(w, w.users[who])] } : input;
    await actOnCase(w.ctx, w.users[who], ids[name], action, body);
  };
  const report = async (name: string, who: Who, over: Parameters<typeof caseInput>[1] = {}) => {
    const { case: c } = await createCase(w.ctx, w.users[who], caseInput(w, over));
    ids[name] = c.id;
    numbers[name] = c.number;
  };
  const fileCase = async (name: string) => {
    await act(name, 'operator', 'register');
    await act(name, 'chief', 'file', { filingCondition: condition });
  };
  const dispatchTo = (name: string, dept: 'enforcement' | 'sanitation') => act(name, 'dispatcher', 'dispatch', { departmentId: w.departments[dept] });
  const checkAndClose = async (name: string) => {
    await act(name, 'operator', 'sendCheck', { inspectorId: w.users.inspector.id });
    await act(name, 'inspector', 'check', { result: 'fixed' });
    await act(name, 'chief', 'close');
  };

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    // Sign-in is rate limited (10 a minute): only the roles these tests use.
    for (const name of ['leader', 'chief', 'dept', 'inspector', 'admin'] as const) as[name] = await signInWithPut(w.users[name]);
    condition = await firstCondition(w, 'matter', '09006'); // 2 working hours to handle
    // The inspector's beat (责任网格) is every grid of street 1.
    const [beat] = await db.db.insert(t.beats).values({ code: 'B001', name: '爱民社区责任网格', communityCode: '220106001001', inspectorId: w.users.inspector.id }).returning();
    await db.db.update(t.grids).set({ beatId: beat.id }).where(eq(t.grids.communityCode, '220106001001'));
    const street2 = { lng: w.pointIn2.lng, lat: w.pointIn2.lat };

    at('09:00');
    await report('A', 'inspector'); // all in time, closed
    await fileCase('A');
    await dispatchTo('A', 'enforcement');
    await act('A', 'dept', 'accept');
    await act('A', 'dept', 'handle');
    await checkAndClose('A');

    await report('B', 'inspector'); // handled late (11:30 > 11:00), checked late, closed
    await fileCase('B');
    await dispatchTo('B', 'enforcement');
    await act('B', 'dept', 'accept');

    await report('C', 'inspector'); // reworked once, then closed in time
    await fileCase('C');
    await dispatchTo('C', 'enforcement');
    await act('C', 'dept', 'accept');
    await act('C', 'dept', 'handle');
    await act('C', 'operator', 'sendCheck', { inspectorId: w.users.inspector.id });
    await act('C', 'inspector', 'check', { result: 'not_fixed' });
    await act('C', 'dept', 'accept');
    await act('C', 'dept', 'handle');
    await checkAndClose('C');

    await report('D', 'inspector', street2); // suspended: out of the handling metrics
    await fileCase('D');
    await dispatchTo('D', 'enforcement');
    await act('D', 'dept', 'accept');
    await act('D', 'dept', 'requestSuspension', { reason: '季节性问题' });
    await act('D', 'dispatcher', 'approveSuspension');

    await report('E', 'operator', { source: 'hotline', reporter: { name: '王女士', phone: '13900002222' } }); // nobody reacts
    await fileCase('E');
    await dispatchTo('E', 'sanitation');

    await report('F', 'inspector'); // verified late
    await act('F', 'operator', 'sendVerify', { inspectorId: w.users.inspector.id });

    await report('H', 'inspector'); // not a real problem
    await act('H', 'operator', 'reject', { reason: '不属于城市管理范畴' });

    await report('I', 'operator', { source: 'citizen' }); // filed; dispatched late at 10:00
    await fileCase('I');

    await report('J', 'inspector'); // the wrong department first, then handled in time
    await fileCase('J');
    await dispatchTo('J', 'sanitation');
    await act('J', 'dept2', 'requestReturn', { reason: '不属于本部门职责' });
    await act('J', 'dispatcher', 'redispatch', { departmentId: w.departments.enforcement });
    await act('J', 'dept', 'accept');
    await act('J', 'dept', 'handle');

    await report('K', 'inspector'); // filed, then cancelled as a duplicate
    await fileCase('K');
    await act('K', 'dispatcher', 'requestCancel', { reason: '重复案卷' });
    await act('K', 'chief', 'approveCancel');

    at('09:40');
    await act('F', 'inspector', 'verify', { result: 'true' }); // 10 minutes past the 30-working-minute limit
    await act('F', 'chief', 'file', { filingCondition: condition });
    await dispatchTo('F', 'enforcement');
    await act('F', 'dept', 'accept');

    at('10:00');
    await act('F', 'dept', 'handle'); // in time (11:40); waits for a check
    await dispatchTo('I', 'enforcement'); // 50 minutes past the 10-working-minute dispatch limit

    at('11:30');
    await act('B', 'dept', 'handle');
    await act('B', 'operator', 'sendCheck', { inspectorId: w.users.inspector.id });

    at('13:10');
    await act('B', 'inspector', 'check', { result: 'fixed' }); // check limit 12:00
    await act('B', 'chief', 'close');

    at('15:30');
    await report('G', 'inspector'); // in handling, limit 17:30: not yet due
    await fileCase('G');
    await dispatchTo('G', 'enforcement');

    at('16:00');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const get = async (who: string, url: string) => {
    const res = await as[who].get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const row = (ranking: { rows: { id: string }[] }, id: string) => ranking.rows.find((r) => r.id === id) as Record<string, any>;
  const ind = (r: Record<string, any>, key: string) => r.indicators.find((i: { key: string }) => i.key === key);

  it('ranks departments: due to close, closed, on time, rework, hotline response; composite and grade', async () => {
    const ranking = await get('leader', '/api/evaluation/rankings?scope=department&period=month&date=2026-11-16');
    expect(ranking.period).toMatchObject({ kind: 'month', label: '2026-11', firstDay: '2026-11-01', lastDay: '2026-11-30' });
    expect(ranking.previousPeriod.label).toBe('2026-10');
    const enforcement = row(ranking, w.departments.enforcement);
    expect(enforcement).toMatchObject({ name: '城管执法局', rank: 1, composite: 70, grade: 'C', volumeScore: 100 });
    // A B C D F G I J filed; D suspended and G within its limit are not due; K was cancelled and never dispatched.
    expect(enforcement.counts).toMatchObject({ filed: 8, dueToClose: 6, closed: 3, closedOnTime: 2, handledOnTime: 4, reworks: 1 });
    expect(ind(enforcement, 'closeRate')).toMatchObject({ numerator: 3, denominator: 6, percent: 50, previousPercent: null });
    expect(ind(enforcement, 'closeOnTimeRate').percent).toBe(33.33);
    expect(ind(enforcement, 'handleOnTimeRate').percent).toBe(66.67);
    expect(ind(enforcement, 'reworkRate').percent).toBe(16.67);

    const sanitation = row(ranking, w.departments.sanitation);
    expect(sanitation).toMatchObject({ rank: 2, composite: 31.67, grade: 'E', volumeScore: 16.67 });
    expect(sanitation.counts).toMatchObject({ filed: 1, dueToClose: 1, closed: 0, reworks: 0, hotlineToRespond: 1, hotlineRespondedOnTime: 0 });
    expect(ind(sanitation, 'respondRate').percent).toBe(0);
    expect(ind(sanitation, 'satisfactionRate')).toMatchObject({ rate: null, denominator: 0 });

    expect(row(ranking, w.departments.street1)).toMatchObject({ rank: null, composite: null, grade: null });
    expect(ranking.rows.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([w.departments.enforcement, w.departments.sanitation]);
    expect(ranking.district.counts).toMatchObject({ filed: 10, dueToClose: 7, closed: 3 });
    expect(ranking.weights).toEqual({ closeRate: 30, handleOnTimeRate: 30, reworkRate: 30, volume: 10 });
  });

  it('ranks inspectors, the shift chief, the dispatcher and the operator on their own steps', async () => {
    const inspectors = await get('leader', '/api/evaluation/rankings?scope=inspector');
    const me = row(inspectors, w.users.inspector.id);
    // 9 reports (A B C D F G H J K), 8 filed; F verified late; 4 checks, B's late; 2 of the 9 cases filed in the beat came from the public.
    expect(me.counts).toMatchObject({ reports: 9, validReports: 8, toVerify: 1, verifyOnTime: 0, toCheck: 4, checkOnTime: 3, filed: 9, publicFiled: 2 });
    expect(me.indicators.map((i: { percent: number }) => i.percent)).toEqual([88.89, 22.22, 0, 75]);
    expect(me).toMatchObject({ composite: 66.11, grade: 'C', rank: 1 });
    expect(row(inspectors, w.users.inspector2.id)).toMatchObject({ composite: null, rank: null });

    const chief = row(await get('leader', '/api/evaluation/rankings?scope=chief'), w.users.chief.id);
    expect(chief.counts).toMatchObject({ filings: 10, filingsOnTime: 10, filingsAccurate: 9, toClose: 3, closeOnTime: 3 });
    expect(chief).toMatchObject({ composite: 96, grade: 'A' });

    const dispatcher = row(await get('leader', '/api/evaluation/rankings?scope=dispatcher'), w.users.dispatcher.id);
    expect(dispatcher.counts).toMatchObject({ toDispatch: 9, dispatchOnTime: 8, dispatchAccurate: 8 });
    expect(dispatcher).toMatchObject({ volumeScore: 100, composite: 91.11, grade: 'A' });

    const operator = row(await get('leader', '/api/evaluation/rankings?scope=operator'), w.users.operator.id);
    expect(operator.counts).toMatchObject({ toIntake: 11, intakeOnTime: 11, toSendCheck: 4, sendCheckOnTime: 4 });
  });

  it('ranks streets and classes with the area indicators', async () => {
    const streets = await get('chief', '/api/evaluation/rankings?scope=street');
    const s1 = row(streets, '220106001');
    expect(s1).toMatchObject({ name: '正阳街道' });
    expect(s1.counts).toMatchObject({ filed: 9, publicFiled: 2, dueToClose: 7, closed: 3 });
    expect(ind(s1, 'publicReportRate').percent).toBe(22.22);
    expect(row(streets, '220106002').counts).toMatchObject({ filed: 1, dueToClose: 0 });
    const classes = await get('chief', '/api/evaluation/rankings?scope=class');
    expect(classes.rows).toHaveLength(1);
    expect(classes.rows[0]).toMatchObject({ id: 'matter:09006', name: '占道经营' });
    expect(classes.rows[0].counts.filed).toBe(10);
  });

  it('lists the cases behind a number', async () => {
    const dept = w.departments.enforcement;
    const due = await get('leader', `/api/evaluation/cases?indicator=closeRate&part=denominator&scope=department&id=${dept}&period=month&date=2026-11-16`);
    expect(due.count).toBe('dueToClose');
    expect(due.total).toBe(6);
    expect(due.items.map((i: { number: string }) => i.number).sort()).toEqual(['A', 'B', 'C', 'F', 'I', 'J'].map((n) => numbers[n]).sort());
    const reworked = await get('leader', `/api/evaluation/cases?indicator=reworkRate&scope=department&id=${dept}`);
    expect(reworked.items).toHaveLength(1);
    expect(reworked.items[0]).toMatchObject({ caseId: ids.C, reworks: 1 });
    const verify = await get('leader', `/api/evaluation/cases?count=toVerify&scope=inspector&id=${w.users.inspector.id}`);
    expect(verify.items).toEqual([expect.objectContaining({ caseId: ids.F, step: 'verify', inTime: false, personId: w.users.inspector.id })]);
    const misdispatched = await get('leader', `/api/evaluation/cases?count=toDispatch&scope=dispatcher&id=${w.users.dispatcher.id}&pageSize=5&page=2`);
    expect(misdispatched).toMatchObject({ total: 9, page: 2, pageSize: 5 });
    expect(misdispatched.items).toHaveLength(4);
    const publicInStreet = await get('leader', '/api/evaluation/cases?indicator=publicReportRate&scope=street&id=220106001');
    expect(publicInStreet.items.map((i: { caseId: string }) => i.caseId).sort()).toEqual([ids.E, ids.I].sort());
    const custom = await get('leader', '/api/evaluation/cases?count=filed&from=2026-10-01&to=2026-10-31');
    expect(custom).toMatchObject({ total: 0, period: { kind: 'custom', label: '2026-10-01~2026-10-31' } });
  });

  it('agrees with the pure engine run over the same event logs, for every scope', async () => {
    const caseIds = Object.values(ids);
    const logs = await loadLogs(w.ctx.db, caseIds);
    const settings = await w.ctx.settings.get();
    const { facts, tasks } = deriveAll(logs, { respondDeadline: (a, urgent) => settings.calendar.addLimit(a, (urgent ? settings.urgentStepLimits : settings.stepLimits).accept) });
    const gridRows = await db.db.select({ code: t.grids.code, beatId: t.grids.beatId }).from(t.grids);
    const beatRows = await db.db.select().from(t.beats);
    const inspectorOfBeat = new Map(beatRows.map((b) => [b.id, b.inspectorId]));
    const beatOfGrid = new Map(gridRows.map((g) => [g.code, g.beatId ? (inspectorOfBeat.get(g.beatId) ?? null) : null]));
    const c = DEFAULT_EVALUATION_CONFIG;
    const q = { from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z'), now: w.clock.now, ...c };
    for (const scope of ['all', 'inspector', 'operator', 'chief', 'dispatcher', 'department', 'street', 'community', 'grid', 'class'] as ScopeKind[]) {
      const expected = countBy(scope, facts, tasks, q, { beatInspectorOf: (g) => (g ? (beatOfGrid.get(g) ?? null) : null) });
      const ranking = await get('leader', `/api/evaluation/rankings?scope=${scope}`);
      const rows: { id: string; counts: Counts }[] = ranking.rows;
      for (const [id, counts] of expected) expect(rows.find((r) => r.id === id)?.counts, `${scope} ${id}`).toEqual(counts);
      for (const r of rows) if (!expected.has(r.id)) expect(Object.values(r.counts).every((n) => n === 0), `${scope} ${r.id}`).toBe(true);
    }
  });

  it('shows the leader dashboard: today, this month, trend, classes, hot spots, overdue, departments', async () => {
    const d = await get('leader', '/api/evaluation/dashboard');
    expect(d.today).toMatchObject({ label: '2026-11-16', reported: 11, filed: 10, closed: 3, dueToClose: 7, closedOnTime: 2, onTimePercent: 28.57 });
    expect(d.month).toMatchObject({ label: '2026-11', reported: 11, filed: 10, closed: 3 });
    // E (handling limit 11:00), F and J (waiting for a check task), I (handling limit 12:00).
    expect(d.overdueNow).toBe(4);
    expect(d.overdue.map((o: { id: string }) => o.id).sort()).toEqual([ids.E, ids.F, ids.I, ids.J].sort());
    expect(d.overdue[0]).toMatchObject({ id: ids.J, overdueMinutes: 390 }); // check task due 09:30
    expect(d.trend).toHaveLength(30);
    expect(d.trend.at(-1)).toEqual({ day: '2026-11-16', reported: 11, filed: 10, closed: 3 });
    expect(d.trend[0]).toEqual({ day: '2026-10-18', reported: 0, filed: 0, closed: 0 });
    expect(d.topClasses).toEqual([{ kind: 'matter', classCode: '09006', name: '占道经营', nameEn: 'Road-occupying trade', count: 10 }]);
    expect(d.hotSpots.items).toEqual([
      expect.objectContaining({ code: '220106001001005', count: 9 }),
      expect.objectContaining({ code: '220106002001005', count: 1 }),
    ]);
    expect(d.hotSpots.items[0].lng).toBeCloseTo(w.pointIn1.lng, 6);
    const communities = await get('leader', '/api/evaluation/dashboard?hotSpotLevel=community');
    expect(communities.hotSpots.items.map((h: { code: string; count: number }) => [h.code, h.count])).toEqual([['220106001001', 9], ['220106002001', 1]]);
    expect(d.departments[0]).toMatchObject({ id: w.departments.enforcement, filed: 8, dueToClose: 6, closed: 3, closeRate: 50, overdueNow: 1 });
    expect(d.departments[1]).toMatchObject({ id: w.departments.sanitation, dueToClose: 1, overdueNow: 1 });
  });

  it('limits a department to its own row and refuses roles without evaluation access', async () => {
    const own = await get('dept', '/api/evaluation/rankings?scope=department');
    expect(own.rows.map((r: { id: string }) => r.id)).toEqual([w.departments.enforcement]);
    expect(own.rows[0].rank).toBe(1); // still ranked against everybody
    expect(own.district).toBeNull();
    expect((await as.dept.get('/api/evaluation/rankings?scope=inspector')).statusCode).toBe(403);
    expect((await as.dept.get(`/api/evaluation/cases?indicator=closeRate&scope=department&id=${w.departments.sanitation}`)).statusCode).toBe(403);
    const mine = await get('dept', `/api/evaluation/cases?indicator=closeRate&scope=department&id=${w.departments.enforcement}`);
    expect(mine.total).toBe(3);
    const dash = await get('dept', '/api/evaluation/dashboard');
    expect(dash).toMatchObject({ departmentId: w.departments.enforcement, overdueNow: 3 }); // F, I, J
    expect(dash.today).toMatchObject({ filed: 8, dueToClose: 6, closedOnTime: 2 });
    expect(dash.departments).toHaveLength(1);
    expect((await as.inspector.get('/api/evaluation/rankings')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/evaluation/rankings' })).statusCode).toBe(401);
  });

  it('rejects bad periods and ids', async () => {
    for (const url of [
      '/api/evaluation/rankings?period=month&date=2026-02-30',
      '/api/evaluation/rankings?period=custom',
      '/api/evaluation/rankings?period=custom&from=2026-11-10&to=2026-11-01',
      '/api/evaluation/rankings?scope=department&id=nope',
      '/api/evaluation/cases?scope=street&indicator=closeRate',
      '/api/evaluation/cases?scope=all',
      '/api/evaluation/cases?indicator=bogus',
    ]) {
      const res = await as.leader.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('follows new events: closing a case moves the numbers on the next request', async () => {
    await act('J', 'operator', 'sendCheck', { inspectorId: w.users.inspector.id });
    await act('J', 'inspector', 'check', { result: 'fixed' });
    await act('J', 'chief', 'close');
    const enforcement = row(await get('leader', '/api/evaluation/rankings?scope=department'), w.departments.enforcement);
    expect(enforcement.counts).toMatchObject({ dueToClose: 6, closed: 4, closedOnTime: 3 });
  });

  it('takes its weights and grade thresholds from the settings (administrators change them)', async () => {
    const config = await get('leader', '/api/evaluation/config');
    expect(config.grades).toEqual({ A: 90, B: 75, C: 60, D: 40 });
    const changed = { ...config, composites: { ...config.composites, department: { weights: { closeRate: 100 } } } };
    expect((await putAs('leader', changed)).statusCode).toBe(403);
    const ok = await putAs('admin', changed);
    expect(ok.statusCode, ok.body).toBe(200);
    const enforcement = row(await get('leader', '/api/evaluation/rankings?scope=department'), w.departments.enforcement);
    expect(enforcement).toMatchObject({ composite: 66.67, grade: 'C' }); // 4 closed of 6 due
    expect((await putAs('admin', { ...config, grades: { A: 10, B: 75, C: 60, D: 40 } })).statusCode).toBe(400);
    expect((await putAs('admin', DEFAULT_EVALUATION_CONFIG)).statusCode).toBe(200);
  });

  it('documents every evaluation route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/evaluation/rankings', '/api/evaluation/cases', '/api/evaluation/dashboard', '/api/evaluation/config']) expect(doc.paths).toHaveProperty([p]);
    expect(doc.paths['/api/evaluation/rankings'].get.responses['200']).toBeDefined();
  });

  it('counts first dispatches in the flow and lists the cases behind the flow numbers', async () => {
    const d = await get('leader', '/api/evaluation/dashboard');
    // J was closed by an earlier test: A B C J closed today; K was cancelled and H rejected before any dispatch.
    expect(d.today).toMatchObject({ reported: 11, filed: 10, dispatched: 9, closed: 4 });
    const dispatched = await get('leader', '/api/evaluation/cases?count=dispatchedAll&period=day&date=2026-11-16');
    expect(dispatched.total).toBe(9);
    expect(dispatched.items.map((i: { number: string }) => i.number).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'I', 'J'].map((n) => numbers[n]).sort());
    expect((await get('leader', '/api/evaluation/cases?count=reportedAll&period=day&date=2026-11-16')).total).toBe(11);
    const closed = await get('leader', `/api/evaluation/cases?count=closedAll&scope=department&id=${w.departments.enforcement}`);
    expect(closed.items.map((i: { caseId: string }) => i.caseId).sort()).toEqual([ids.A, ids.B, ids.C, ids.J].sort());
    expect((await get('leader', `/api/evaluation/cases?count=closedAll&scope=inspector&id=${w.users.inspector.id}`)).total).toBe(0);
  });

  it('sends a 督办 to a department: the note lands on each of its overdue cases', async () => {
    const urges = async () => (await db.db.select().from(t.caseEvents).where(eq(t.caseEvents.action, 'urge'))).length;
    const dept = w.departments.enforcement;
    for (const [who, body, status, code] of [
      ['leader', { departmentId: dept, note: '   ' }, 400, 'VALIDATION_FAILED'],
      ['leader', { departmentId: 'nope', note: '请尽快办结' }, 400, 'VALIDATION_FAILED'],
      ['leader', { departmentId: crypto.randomUUID(), note: '请尽快办结' }, 404, 'DEPARTMENT_NOT_FOUND'],
      ['leader', { departmentId: w.departments.street1, note: '请尽快办结' }, 409, 'NOTHING_TO_URGE'],
      ['chief', { departmentId: dept, note: '请尽快办结' }, 403, 'FORBIDDEN'],
      ['dept', { departmentId: dept, note: '请尽快办结' }, 403, 'FORBIDDEN'],
    ] as const) {
      const res = await as[who].post('/api/evaluation/urge-department', body);
      expect(res.statusCode, `${who} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await urges()).toBe(0);
    // F waits for a check task and I for the department to accept: both past their step deadlines.
    const res = await as.leader.post('/api/evaluation/urge-department', { departmentId: dept, note: '请今日下班前办结全部超期案件' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ departmentId: dept, urged: 2 });
    expect(res.json().caseIds.sort()).toEqual([ids.F, ids.I].sort());
    const events = await db.db.select().from(t.caseEvents).where(eq(t.caseEvents.action, 'urge'));
    expect(events.map((e) => [e.caseId, e.note, e.role]).sort()).toEqual(
      [
        [ids.F, '请今日下班前办结全部超期案件', 'leader'],
        [ids.I, '请今日下班前办结全部超期案件', 'leader'],
      ].sort(),
    );
  });

  it('reports a month: the data of the printable page, and an Excel workbook in Chinese', async () => {
    const r = await get('leader', '/api/evaluation/report?month=2026-11');
    expect(r.month).toBe('2026-11');
    expect(r.district.rows[0].counts).toMatchObject({ filed: 10, closed: 4 });
    expect(r.departments.rows[0]).toMatchObject({ id: w.departments.enforcement, rank: 1 });
    expect(r.streets.rows.find((x: { id: string }) => x.id === '220106001').counts.filed).toBe(9);
    expect(r.inspectors.rows.find((x: { id: string }) => x.id === w.users.inspector.id).counts.reports).toBe(9);
    expect(r.classes.rows.map((x: { id: string }) => x.id)).toEqual(['matter:09006']);
    // This month so far: its first sixteen days, today the last.
    expect(r.trend).toHaveLength(16);
    expect(r.trend.at(-1).day).toBe('2026-11-16');
    expect(r.trend.find((x: { day: string }) => x.day === '2026-11-16')).toEqual({ day: '2026-11-16', reported: 11, filed: 10, dispatched: 9, closed: 4 });
    expect(r.trend.find((x: { day: string }) => x.day === '2026-11-15')).toEqual({ day: '2026-11-15', reported: 0, filed: 0, dispatched: 0, closed: 0 });
    // A past month has all its days.
    const october = await get('leader', '/api/evaluation/report?month=2026-10');
    expect(october.trend.map((x: { day: string }) => x.day)).toEqual(Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`));

    const res = await as.leader.get('/api/evaluation/report.xlsx?month=2026-11');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('evaluation-report-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets.map((x) => x.name)).toEqual(['全区概况', '专业部门考核排名', '街道（镇）考核排名', '监督员考核排名', '热线三率', '问题类别TOP10', '热点社区TOP10', '每日趋势']);
    const summary = wb.getWorksheet('全区概况')!;
    expect(summary.getCell('A1').value).toBe('长春市绿园区数字城管2026年11月综合评价考核报告');
    expect(summary.getRow(4).values).toEqual([undefined, '立案数', 10, '应结案数', 7, '结案数', 4, '按期结案数', 3]);
    const depts = wb.getWorksheet('专业部门考核排名')!;
    expect(depts.getRow(2).getCell(2).value).toBe('城管执法局');
    const hotline = wb.getWorksheet('热线三率')!;
    const sanitation = hotline.getRows(2, hotline.rowCount - 1)!.find((row) => String(row.getCell(2).value).includes('环卫'))!;
    expect(sanitation.getCell(3).value).toBe(0); // 响应率: E was never accepted
    expect(sanitation.getCell(4).value).toBe('0/1');
    const trend = wb.getWorksheet('每日趋势')!;
    expect(trend.rowCount).toBe(17); // a header and the sixteen days so far

    for (const url of ['/api/evaluation/report?month=2026-13', '/api/evaluation/report?month=2026-12', '/api/evaluation/report.xlsx?month=26-11']) {
      const bad = await as.leader.get(url);
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await as.dept.get('/api/evaluation/report?month=2026-11')).statusCode).toBe(403);
    expect((await as.inspector.get('/api/evaluation/report.xlsx?month=2026-11')).statusCode).toBe(403);
  });

  it('refuses bad settings and keeps the stored ones', async () => {
    const before = await get('leader', '/api/evaluation/config');
    for (const body of [
      { ...before, composites: { department: { weights: { closeRate: -5 } } } },
      { ...before, composites: { department: { weights: { nonsense: 5 } } } },
      { ...before, composites: { dispatcher: { weights: { volume: 20 } } } }, // a volume weight needs the volume count
      { ...before, grades: { A: 90, B: 75, C: 60 } },
      { ...before, publicSources: ['carrier_pigeon'] },
      {},
    ]) {
      const res = await putAs('admin', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await get('leader', '/api/evaluation/config')).toEqual(before);
  });

  it('lists the open urgent cases on the dashboard', async () => {
    expect((await get('leader', '/api/evaluation/dashboard')).urgent).toEqual({ total: 0, items: [] });
    await report('U', 'inspector', { urgency: 'urgent' });
    const d = await get('leader', '/api/evaluation/dashboard');
    expect(d.urgent.total).toBe(1);
    expect(d.urgent.items[0]).toMatchObject({ id: ids.U, number: numbers.U, urgency: 'urgent', state: 'reported', overdue: false, className: '占道经营' });
    const mine = await get('dept', '/api/evaluation/dashboard');
    expect(mine.urgent.total).toBe(0); // not the department's yet
  });

  /** Signs in like the browser (cookie + CSRF header), for GET, POST and PUT. */
  async function signInWithPut(u: { username: string; password: string }) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const { user } = res.json();
    const send = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
      app.inject({ method, url, headers: { cookie, 'x-csrf-token': user.csrfToken }, payload: body as never });
    return { userId: user.id as string, get: (url: string) => send('GET', url), post: (url: string, body?: unknown) => send('POST', url, body), put: (url: string, body: unknown) => send('PUT', url, body) };
  }
  const putAs = (who: string, body: unknown) => as[who].put('/api/evaluation/config', body);
});
