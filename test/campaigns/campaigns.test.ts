// Special campaigns over HTTP on every test database: set-up and tagging (existing cases, intake, re-class at filing),
// the campaign's tighter handling limit, the board with recurrence, the photo wall, the daily report, the big screen's
// summary, bad input and access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor } from '../support/http';
import { addPhoto, buildCase, caseInput, firstCondition, type World, buildWorld } from '../support/world';
import { createCase, actOnCase } from '../../src/server/cases/case.service';

interface As {
  userId: string;
  get(url: string): Promise<{ statusCode: number; json(): any; body: string; headers: Record<string, unknown>; rawPayload: Buffer }>;
  post(url: string, body?: unknown): Promise<{ statusCode: number; json(): any; body: string }>;
  put(url: string, body?: unknown): Promise<{ statusCode: number; json(): any; body: string }>;
}

async function signIn(app: FastifyInstance, username: string, password: string): Promise<As> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const { user } = res.json();
  const send = (method: 'POST' | 'PUT', url: string, body?: unknown) => app.inject({ method, url, headers: { cookie, 'x-csrf-token': user.csrfToken }, payload: body as never });
  return {
    userId: user.id,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }) as never,
    post: (url, body) => send('POST', url, body) as never,
    put: (url, body) => send('PUT', url, body) as never,
  };
}

const campaignBody = (over: Record<string, unknown> = {}) => ({
  nameZh: '占道经营专项整治',
  nameEn: 'Road-occupying trade campaign',
  classes: [{ kind: 'matter', code: '09006', limit: { amount: 1, unit: 'clock_hours' } }],
  startDate: '2026-11-01',
  endDate: '2026-12-31',
  targetCount: 10,
  targetClosureRate: 0.9,
  targetRecurrenceRate: 0.1,
  recurrence: { radiusM: 50, withinDays: 30 },
  ...over,
});

describe.each(testDatabaseKinds())('special campaigns over HTTP (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, As> = {};

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

  let campaignId = '';
  let earlier = '';

  it('creating a campaign tags the cases already reported in its period, class and area', async () => {
    earlier = (await buildCase(w, 'verified')).id; // 09006 in street 1, reported now (2026-11-16)
    const other = (await buildCase(w, 'verified', { classCode: '06002' })).id; // another class
    const res = await as.chief.post('/api/campaigns', campaignBody({ leadDepartmentId: w.departments.enforcement, coDepartmentIds: [w.departments.street1] }));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    campaignId = c.id;
    expect(c).toMatchObject({ status: 'active', counts: { reported: 1, open: 1, closed: 0 }, leadDepartment: { id: w.departments.enforcement }, areaNames: [] });
    expect(c.classes[0]).toMatchObject({ code: '09006', name: '占道经营', limit: { amount: 1, unit: 'clock_hours' } });
    expect(c.classes[0].ordinaryLimits.length).toBeGreaterThan(0);
    const tagged = (await as.chief.get(`/api/cases/${earlier}/campaigns`)).json();
    expect(tagged.items).toEqual([expect.objectContaining({ id: campaignId, basis: 'campaign' })]);
    expect((await as.chief.get(`/api/cases/${other}/campaigns`)).json().items).toEqual([]);
  });

  it('a new case in scope is tagged on intake and filed with the campaign limit when it is tighter', async () => {
    const created = await as.inspector.post('/api/cases', caseInput(w));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await as.chief.get(`/api/cases/${id}/campaigns`)).json().items[0]).toMatchObject({ id: campaignId, basis: 'intake' });
    await actOnCase(w.ctx, w.users.operator, id, 'register', {});
    const fc = await firstCondition(w, 'matter', '09006'); // 流动占道经营: 2 working hours ordinarily
    const filed = await as.chief.post(`/api/cases/${id}/file`, { filingCondition: fc });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().handleLimit).toEqual({ amount: 1, unit: 'clock_hours' });
    const event = filed.json().events.find((e: { action: string }) => e.action === 'file');
    expect(event.payload.handleLimitBasis).toEqual({ basis: 'campaign', campaignId });
    const dispatched = await as.dispatcher.post(`/api/cases/${id}/dispatch`, { departmentId: w.departments.enforcement });
    expect(new Date(dispatched.json().handleDeadline).getTime() - w.clock.now.getTime()).toBe(3_600_000);
  });

  it('a case outside the campaign area keeps the ordinary limit', async () => {
    const res = await as.chief.post('/api/campaigns', campaignBody({ nameZh: '春城街道专项', nameEn: 'Chuncheng only', classes: [{ kind: 'matter', code: '06029', limit: { amount: 30, unit: 'clock_minutes' } }], streetCodes: ['220106002'] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().areaNames).toEqual(['春城街道']);
    const c = await buildCase(w, 'verified', { classCode: '06029' }); // in street 1
    const filed = await as.chief.post(`/api/cases/${c.id}/file`, { filingCondition: await firstCondition(w, 'matter', '06029') });
    expect(filed.json().handleLimit).toEqual({ amount: 2, unit: 'clock_hours' });
    expect(filed.json().events.at(-1).payload.handleLimitBasis).toBeUndefined();
    // The same class in street 2 is covered and gets 30 minutes.
    const c2 = await buildCase(w, 'verified', { classCode: '06029', ...w.pointIn2 });
    const filed2 = await as.chief.post(`/api/cases/${c2.id}/file`, { filingCondition: await firstCondition(w, 'matter', '06029') });
    expect(filed2.json().handleLimit).toEqual({ amount: 30, unit: 'clock_minutes' });
  });

  it('re-classing at filing moves the case out of the campaign', async () => {
    const c = await buildCase(w, 'verified'); // reported as 09006: tagged
    expect((await as.chief.get(`/api/cases/${c.id}/campaigns`)).json().items).toHaveLength(1);
    const filed = await as.chief.post(`/api/cases/${c.id}/file`, { classCode: '06002', filingCondition: await firstCondition(w, 'matter', '06002') });
    expect(filed.statusCode, filed.body).toBe(200);
    expect((await as.chief.get(`/api/cases/${c.id}/campaigns`)).json().items).toEqual([]);
  });

  it('the board counts progress and finds the same spot reported again after closing', async () => {
    const photo = await addPhoto(w, w.users.inspector);
    const closed = await buildCase(w, 'closed', { photoIds: [photo] });
    // Sessions last 12 hours of the test clock (and sign-in is rate-limited): two hours is enough to come back.
    w.clock.advance(120);
    // 20 m north of the closed case, same class, two hours after its close: a recurrence.
    const { case: again } = await createCase(w.ctx, w.users.inspector, caseInput(w, { lat: w.pointIn1.lat + 0.00018 }));
    const board = await as.leader.get(`/api/campaigns/${campaignId}`);
    expect(board.statusCode, board.body).toBe(200);
    const b = board.json();
    expect(b.counts.closed).toBe(1);
    expect(b.recurred).toBe(1);
    expect(b.recurrenceRate).toBe(1);
    expect(b.targets.recurrenceRate.status).toBe('behind');
    expect(b.recurrences[0].closed.id).toBe(closed.id);
    expect(b.recurrences[0].repeats[0]).toMatchObject({ id: again.id, distanceM: 20 });
    expect(b.hotSpots.reduce((s: number, h: { count: number }) => s + h.count, 0)).toBe(b.counts.reported - b.counts.void);
    expect(b.byStreet[0]).toMatchObject({ streetCode: '220106001', name: '正阳街道' });
    expect(b.daily.at(-1).reportedToDate).toBe(b.counts.reported);
    const recurrent = (await as.leader.get(`/api/campaigns/${campaignId}/cases?filter=recurrent`)).json();
    expect(recurrent.items.map((i: { id: string }) => i.id).sort()).toEqual([closed.id, again.id].sort());
    // The photo wall: the closed case with its report photo before and the department's photo after.
    const wall = (await as.leader.get(`/api/campaigns/${campaignId}/photos`)).json();
    expect(wall.items).toHaveLength(1);
    expect(wall.items[0]).toMatchObject({ caseId: closed.id, before: { id: photo } });
    expect((await as.leader.get(wall.items[0].after.thumbUrl)).statusCode).toBe(200);
  });

  it('the case list keeps each role\'s case scope', async () => {
    const all = (await as.leader.get(`/api/campaigns/${campaignId}/cases?pageSize=200`)).json();
    const dept = (await as.dept2.get(`/api/campaigns/${campaignId}/cases?pageSize=200`)).json();
    expect(all.total).toBeGreaterThan(2);
    expect(dept.total).toBe(0); // the sanitation centre holds none of these cases
    const mine = (await as.dept.get(`/api/campaigns/${campaignId}/cases?pageSize=200`)).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(all.total);
  });

  it('the daily report is an Excel workbook with the day\'s numbers', async () => {
    const res = await as.chief.get(`/api/campaigns/${campaignId}/daily-report?date=2026-11-16`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概况', '按街道', '当日新增', '当日结案', '超期未结']);
    const summary = wb.getWorksheet('概况')!;
    const value = (label: string) => summary.getColumn(1).values.indexOf(label);
    expect(summary.getRow(value('专项整治')).getCell(2).value).toBe('占道经营专项整治');
    // Cases reported on 16 November: every case made above.
    const reportedThatDay = Number(summary.getRow(value('当日新增案件')).getCell(2).value);
    expect(reportedThatDay).toBeGreaterThanOrEqual(4);
    expect(wb.getWorksheet('当日新增')!.rowCount - 1).toBe(reportedThatDay);
    const en = await as.chief.get(`/api/campaigns/${campaignId}/daily-report?date=2026-11-19&lang=en`);
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as never);
    expect(wbEn.worksheets[0].name).toBe('Summary');
    expect((await as.dept.get(`/api/campaigns/${campaignId}/daily-report`)).statusCode).toBe(403);
  });

  it('the summary for the big screen has exactly the agreed shape, for every staff role', async () => {
    for (const who of ['leader', 'inspector', 'dept', 'operator', 'admin']) {
      const res = await as[who].get('/api/campaigns/summary');
      expect(res.statusCode, `${who}: ${res.body}`).toBe(200);
      const s = res.json();
      expect(Object.keys(s)).toEqual(['campaigns']);
      for (const c of s.campaigns) {
        expect(Object.keys(c).sort()).toEqual(['closedCount', 'closureRate', 'endDate', 'id', 'name', 'nameEn', 'openCount', 'reportedCount', 'startDate', 'targetClosureRate', 'targetCount'].sort());
        expect(c.closureRate).toBeGreaterThanOrEqual(0);
        expect(c.closureRate).toBeLessThanOrEqual(1);
      }
      const main = s.campaigns.find((c: { id: string }) => c.id === campaignId);
      expect(main).toMatchObject({ name: '占道经营专项整治', targetClosureRate: 0.9, targetCount: 10, closedCount: 1 });
      expect(main.closureRate).toBeCloseTo(main.closedCount / (main.openCount + main.closedCount), 10);
    }
    expect((await app.inject({ method: 'GET', url: '/api/campaigns/summary' })).statusCode).toBe(401);
  });

  it('bad input is refused with a stable code and stores nothing', async () => {
    const before = (await as.chief.get('/api/campaigns')).json().items.length;
    const cases: [Record<string, unknown>, number, string][] = [
      [campaignBody({ startDate: '2026-12-01', endDate: '2026-11-01' }), 422, 'CAMPAIGN_PERIOD_INVALID'],
      [campaignBody({ classes: [{ kind: 'matter', code: '99999' }] }), 422, 'UNKNOWN_CLASS'],
      [campaignBody({ streetCodes: ['220106099'] }), 422, 'UNKNOWN_AREA'],
      [campaignBody({ leadDepartmentId: '00000000-0000-4000-8000-000000000000' }), 404, 'DEPARTMENT_NOT_FOUND'],
      [campaignBody({ targetClosureRate: 1.5 }), 400, 'VALIDATION_FAILED'],
      [campaignBody({ classes: [] }), 400, 'VALIDATION_FAILED'],
      [campaignBody({ startDate: '16/11/2026' }), 400, 'VALIDATION_FAILED'],
      [campaignBody({ classes: [{ kind: 'matter', code: '09006' }, { kind: 'matter', code: '09006' }] }), 400, 'VALIDATION_FAILED'],
      [campaignBody({ extra: true }), 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await as.chief.post('/api/campaigns', body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await as.chief.get('/api/campaigns')).json().items.length).toBe(before);
    expect((await as.chief.get('/api/campaigns/00000000-0000-4000-8000-000000000000')).json().error.code).toBe('CAMPAIGN_NOT_FOUND');
    expect((await as.chief.get('/api/campaigns/not-a-uuid')).statusCode).toBe(400);
  });

  it('only the chief, leaders and administrators set campaigns up', async () => {
    for (const who of ['operator', 'dispatcher', 'dept', 'inspector']) {
      const res = await as[who].post('/api/campaigns', campaignBody());
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await as.leader.post('/api/campaigns', campaignBody({ nameZh: '领导建的', nameEn: 'By a leader', startDate: '2027-01-01', endDate: '2027-01-31' }))).json().status).toBe('upcoming');
  });

  it('editing the area re-tags; a stale version is refused; archiving keeps the record but tags nothing new', async () => {
    const current = (await as.chief.get(`/api/campaigns/${campaignId}`)).json();
    const stale = await as.chief.put(`/api/campaigns/${campaignId}`, { ...campaignBody(), expectedVersion: current.version + 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CAMPAIGN_VERSION_CONFLICT');
    // Narrowed to street 2: the street-1 cases leave the campaign.
    const narrowed = await as.chief.put(`/api/campaigns/${campaignId}`, { ...campaignBody(), streetCodes: ['220106002'], expectedVersion: current.version });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect(narrowed.json().counts.reported).toBe(0);
    const widened = await as.chief.put(`/api/campaigns/${campaignId}`, campaignBody());
    expect(widened.json().counts.reported).toBe(current.counts.reported);
    const archived = await as.chief.put(`/api/campaigns/${campaignId}`, { ...campaignBody(), archived: true });
    expect(archived.json()).toMatchObject({ status: 'archived', counts: { reported: current.counts.reported } });
    const { case: later } = await createCase(w.ctx, w.users.inspector, caseInput(w));
    expect((await as.chief.get(`/api/cases/${later.id}/campaigns`)).json().items).toEqual([]);
    await actOnCase(w.ctx, w.users.operator, later.id, 'register', {});
    const filed = await actOnCase(w.ctx, w.users.chief, later.id, 'file', { filingCondition: await firstCondition(w, 'matter', '09006') });
    expect(filed.handleLimit).toEqual({ amount: 2, unit: 'working_hours' });
    expect((await as.chief.get('/api/campaigns/summary')).json().campaigns.some((c: { id: string }) => c.id === campaignId)).toBe(false);
    expect((await as.chief.get('/api/campaigns?archived=true')).json().items.some((c: { id: string }) => c.id === campaignId)).toBe(true);
  });

  it('a case a user may not read does not show its campaigns', async () => {
    const res = await as.dept2.get(`/api/cases/${earlier}/campaigns`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('CASE_NOT_FOUND');
  });
});
