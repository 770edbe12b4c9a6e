// Mechanised sweeping over HTTP on a real database: road segments, records entered (replacing, refused when impossible)
// and imported from CSV and xlsx (all rows or none), who may record which segment, and the board — its SQL sums equal
// to the domain's definition over the raw records, the target, the gaps.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepingReport, type SweepRecord } from '../../src/domain/sweeping';
import { sweepingRecords, sweepingSegments } from '../../src/server/sweeping/sweeping.tables';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, ORIGIN, type World } from '../support/world';

describe.each(testDatabaseKinds())('mechanised sweeping (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let admin: Client, operator: Client, dept: Client, dept2: Client, street: Client, leader: Client;
  const auth: Record<string, { cookie: string; csrf: string }> = {};
  const seg: Record<string, { id: string; code: string; areaM2: number }> = {};

  // A line along the middle row of street 1 (x from 0.0002 to 0.0028) and one in street 2.
  const line = (x0: number, x1: number) => ({ type: 'LineString', coordinates: [[ORIGIN.lng + x0, ORIGIN.lat + 0.0015], [ORIGIN.lng + (x0 + x1) / 2, ORIGIN.lat + 0.0015], [ORIGIN.lng + x1, ORIGIN.lat + 0.0015]] });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    [admin, operator, dept, dept2, street, leader] = await Promise.all(['admin', 'operator', 'dept', 'dept2', 'street', 'leader'].map((u) => signIn(app, u, w.users[u as 'admin'].password)));
    for (const u of ['dept2', 'admin'] as const) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: w.users[u].password } });
      auth[u] = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: login.json().user.csrfToken };
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const upload = async (data: Buffer | string, filename: string, fields: Record<string, string> = {}, as: 'dept2' | 'admin' = 'dept2') => {
    const { cookie, csrf } = auth[as];
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), filename);
    const res = new Response(form);
    return app.inject({ method: 'POST', url: '/api/sweeping/records/import', headers: { cookie, 'x-csrf-token': csrf, 'content-type': res.headers.get('content-type')! }, payload: Buffer.from(await res.arrayBuffer()) });
  };
  const count = async () => (await db.db.select().from(sweepingRecords)).length;

  it('adds road segments: the street from the line, the length measured, the area to sweep length × width', async () => {
    const a = await admin.post('/api/sweeping/segments', { name: '青年路（K0+000—K0+220）', roadName: '青年路', grade: '1', geometry: line(0.0002, 0.0028), widthM: 20, maintainerDepartmentId: w.departments.sanitation, inServiceFrom: '2026-10-01' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ code: '220106001-S001', streetCode: '220106001', streetName: '正阳街道', grade: '1', maintainerName: '环卫中心' });
    // 0.0026° of longitude at 43.88° N is about 208.5 m
    expect(a.json().lengthM).toBeGreaterThan(205);
    expect(a.json().lengthM).toBeLessThan(212);
    expect(a.json().areaM2).toBeCloseTo(a.json().lengthM * 20, 0);
    seg.a = a.json();
    const b = await admin.post('/api/sweeping/segments', { code: 'CC-01', name: '春城街（全段）', roadName: '春城街', grade: '3', geometry: line(0.0032, 0.0058), widthM: 10, areaM2: 2000, inServiceFrom: '2026-11-10' });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ streetCode: '220106002', areaM2: 2000, maintainerDepartmentId: null });
    seg.b = b.json();

    const refused = [
      [await admin.post('/api/sweeping/segments', { name: '区外', roadName: '区外路', grade: '2', geometry: { type: 'LineString', coordinates: [[120, 30], [120.01, 30]] }, widthM: 10, inServiceFrom: '2026-01-01' }), 422, 'OUTSIDE_DISTRICT'],
      [await admin.post('/api/sweeping/segments', { code: 'CC-01', name: '重复', roadName: '春城街', grade: '3', geometry: line(0.0032, 0.0058), widthM: 10, inServiceFrom: '2026-01-01' }), 409, 'SEGMENT_CODE_TAKEN'],
      [await admin.post('/api/sweeping/segments', { name: '一个点', roadName: '短路', grade: '3', geometry: { type: 'LineString', coordinates: [[ORIGIN.lng, ORIGIN.lat]] }, widthM: 10, inServiceFrom: '2026-01-01' }), 400, 'VALIDATION_FAILED'],
      [await admin.post('/api/sweeping/segments', { name: '等级错误', roadName: '短路', grade: '7', geometry: line(0.0002, 0.0028), widthM: 10, inServiceFrom: '2026-01-01' }), 400, 'VALIDATION_FAILED'],
      [await admin.post('/api/sweeping/segments', { name: '日期颠倒', roadName: '短路', grade: '3', geometry: line(0.0002, 0.0028), widthM: 10, inServiceFrom: '2026-05-01', inServiceUntil: '2026-04-01' }), 400, 'VALIDATION_FAILED'],
      [await operator.post('/api/sweeping/segments', { name: '越权', roadName: '短路', grade: '3', geometry: line(0.0002, 0.0028), widthM: 10, inServiceFrom: '2026-01-01' }), 403, 'FORBIDDEN'],
    ] as const;
    for (const [res, status, code] of refused) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await leader.get('/api/sweeping/segments')).json()).toHaveLength(2);
  });

  it('enters records: a later entry of the same segment, day and method replaces the earlier; impossible ones are refused', async () => {
    const first = await dept2.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-11-15', method: 'machine', areaM2: 3000 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ replaced: false, record: { segmentCode: seg.a.code, method: 'machine', areaM2: 3000, source: 'entry' } });
    const again = await dept2.post('/api/sweeping/records', { segmentCode: seg.a.code, date: '2026-11-15', method: 'machine', areaM2: 4000, note: '补扫' });
    expect(again.json()).toMatchObject({ replaced: true, record: { areaM2: 4000, note: '补扫' } });
    expect(await count()).toBe(1);

    const refused = [
      [await dept2.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-11-17', method: 'machine', areaM2: 100 }), 'SWEEP_DATE_IN_FUTURE'],
      [await dept2.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-09-30', method: 'machine', areaM2: 100 }), 'SEGMENT_NOT_IN_SERVICE'],
      [await dept2.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-11-14', method: 'machine', areaM2: seg.a.areaM2 + 1 }), 'SWEEP_AREA_TOO_LARGE'],
      [await dept2.post('/api/sweeping/records', { segmentCode: 'NOPE', date: '2026-11-14', method: 'machine', areaM2: 1 }), 'SEGMENT_NOT_FOUND'],
      [await dept2.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-02-30', method: 'machine', areaM2: 1 }), 'VALIDATION_FAILED'],
      [await dept2.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-11-14', method: 'broom', areaM2: 1 }), 'VALIDATION_FAILED'],
      [await dept2.post('/api/sweeping/records', { segmentId: seg.a.id, segmentCode: seg.a.code, date: '2026-11-14', method: 'manual', areaM2: 1 }), 'VALIDATION_FAILED'],
      // The enforcement bureau neither sweeps segment a nor has its street; the street office of 正阳 does not have 春城's.
      [await dept.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-11-14', method: 'manual', areaM2: 1 }), 'FORBIDDEN'],
      [await street.post('/api/sweeping/records', { segmentId: seg.b.id, date: '2026-11-14', method: 'manual', areaM2: 1 }), 'FORBIDDEN'],
      [await operator.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-11-14', method: 'manual', areaM2: 1 }), 'FORBIDDEN'],
    ] as const;
    for (const [res, code] of refused) expect(res.json().error?.code, res.body).toBe(code);
    expect(await count()).toBe(1);
    // The street office records segments of its own street.
    expect((await street.post('/api/sweeping/records', { segmentId: seg.a.id, date: '2026-11-14', method: 'manual', areaM2: 500 })).statusCode).toBe(200);
  });

  it('imports CSV: every problem listed by row and nothing stored; a dry run checks; a good file is stored whole', async () => {
    const before = await count();
    const bad = [
      '路段编码,日期,清扫方式,清扫面积,备注',
      `${seg.a.code},2026-11-10,机械,3500,`,
      `NOPE,2026-11-10,机械,100,`,
      `${seg.a.code},2026/11/32,机械,100,`,
      `${seg.a.code},2026-11-11,扫帚,100,`,
      `${seg.a.code},2026-11-10,machine,100,`,
      `${seg.b.code},2026-11-09,人工,100,`,
      `${seg.a.code},2026-11-12,人工,abc,`,
    ].join('\n');
    const res = await upload(bad, 'sweep.csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['row 3', 'row 4', 'row 5', 'row 6', 'row 7', 'row 8']);
    expect(res.json().error.fields[3].message).toContain('第 2 行');
    expect(await count()).toBe(before);

    const good = ['segment_code,date,method,area_m2', `${seg.a.code},2026-11-10,机械,3500`, `${seg.a.code},2026年11月10日,人工,400`, `${seg.b.code},20261110,机扫,1800`, `${seg.b.code},2026/11/11,人工清扫,2000`].join('\r\n');
    // The sanitation centre sweeps segment a only: the whole file is refused for it, and taken from an administrator.
    expect((await upload(good, 'sweep.csv')).json().error.fields.map((f: { path: string }) => f.path)).toEqual(['row 4', 'row 5']);
    const dry = await upload(good, 'sweep.csv', { dryRun: 'true' }, 'admin');
    expect(dry.json()).toMatchObject({ dryRun: true, applied: false, rows: 4 });
    expect(await count()).toBe(before);
    const done = await upload(good, 'sweep.csv', {}, 'admin');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ applied: true, rows: 4, added: 4, replaced: 0 });
    expect((await upload(good, 'sweep.csv', {}, 'admin')).json()).toMatchObject({ added: 0, replaced: 4 }); // importing again changes nothing
    expect(await count()).toBe(before + 4);
    expect((await upload('just,some,text', 'x.csv')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await app.inject({ method: 'POST', url: '/api/sweeping/records/import', headers: { cookie: auth.dept2.cookie, 'x-csrf-token': auth.dept2.csrf, 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(415);
  });

  it('imports xlsx with real date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清扫记录');
    ws.addRow(['路段编码', '日期', '清扫方式', '清扫面积']);
    ws.addRow([seg.a.code, new Date(Date.UTC(2026, 10, 13)), '机械', 4100]);
    ws.addRow([seg.a.code, new Date(Date.UTC(2026, 10, 12)), '人工', 4100]);
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'sweep.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const listed = (await leader.get(`/api/sweeping/records?segmentId=${seg.a.id}&from=2026-11-12&to=2026-11-13`)).json();
    expect(listed.items.map((r: { date: string; method: string }) => `${r.date} ${r.method}`)).toEqual(['2026-11-13 machine', '2026-11-12 manual']);
  });

  it('the board: the SQL sums equal the domain definition over the raw records, by street and month, against the target', async () => {
    const board = await leader.get('/api/sweeping/board?month=2026-11');
    expect(board.statusCode, board.body).toBe(200);
    const b = board.json();
    expect(b.range).toEqual({ from: '2026-11-01', to: '2026-11-16' }); // today is the 16th
    expect(b.target).toBe(0.85);

    const segments = await db.db.select().from(sweepingSegments);
    const records = (await db.db.select().from(sweepingRecords)) as SweepRecord[];
    const expected = sweepingReport(
      segments.map((s) => ({ id: s.id, streetCode: s.streetCode, areaM2: s.areaM2, inServiceFrom: s.inServiceFrom, inServiceUntil: s.inServiceUntil })),
      records,
      b.range,
    );
    expect(b.total.rate).toBeCloseTo(expected.total.rate!, 12);
    expect(b.total.machineDays).toBe(expected.total.machineDays);
    for (const s of expected.byStreet) {
      const got = b.byStreet.find((x: { streetCode: string }) => x.streetCode === s.streetCode);
      expect(got.rate).toBeCloseTo(s.rate!, 12);
      expect(got.manualM2).toBeCloseTo(s.manualM2, 1);
      expect(got.meetsTarget).toBe(false);
    }
    // Segment a: 16 days due, machine on the 10th, 13th and 15th (4000 capped at its area): by hand, the definition.
    const a = b.segments.find((s: { id: string }) => s.id === seg.a.id);
    const area = seg.a.areaM2;
    expect(a.rate).toBeCloseTo((Math.min(3500, area) + Math.min(4100, area) + Math.min(4000, area)) / (16 * area), 10);
    expect(a.gap).toBe(false);
    // Segment b came into service on the 10th: 7 days due, machine once (1800 of 2000).
    const bSeg = b.segments.find((s: { id: string }) => s.id === seg.b.id);
    expect(bSeg).toMatchObject({ dueDays: 7, machineDays: 1 });
    expect(bSeg.rate).toBeCloseTo(1800 / (7 * 2000), 10);
    expect(b.trend.at(-1)).toMatchObject({ month: '2026-11' });
    expect(b.trend.at(-1).rate).toBeCloseTo(expected.total.rate!, 12);
    expect(b.trend[0].month).toBe('2025-12');
    expect(b.trend[0].rate).toBeNull();

    // Segment b was machine-swept once, so its street has no gap; a lower target is met.
    const day = (await leader.get('/api/sweeping/board?month=2026-11')).json();
    expect(day.byStreet.find((s: { streetCode: string }) => s.streetCode === '220106002').gaps).toBe(0);
    expect((await operator.post('/api/sweeping/target', { target: 0.1 })).statusCode).toBe(403);
    expect((await admin.post('/api/sweeping/target', { target: 1.5 })).statusCode).toBe(400);
    expect((await admin.post('/api/sweeping/target', { target: 0.1 })).json()).toEqual({ target: 0.1 });
    const lowered = (await leader.get('/api/sweeping/board?month=2026-11')).json();
    expect(lowered.target).toBe(0.1);
    expect(lowered.byStreet.find((s: { streetCode: string }) => s.streetCode === '220106001').meetsTarget).toBe(true);
    expect((await leader.get('/api/sweeping/board?month=2026-12')).json()).toMatchObject({ range: null, segments: [] });
    expect((await leader.get('/api/sweeping/board?month=2026-13')).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/sweeping/board' })).statusCode).toBe(401);
  });

  it('marks segments never machine-swept in the period as gaps', async () => {
    const s = await admin.post('/api/sweeping/segments', { name: '背街小巷', roadName: '小巷', grade: '4', geometry: line(0.0004, 0.0012), widthM: 5, inServiceFrom: '2026-11-01' });
    await admin.post('/api/sweeping/records', { segmentId: s.json().id, date: '2026-11-16', method: 'manual', areaM2: 300 });
    const b = (await leader.get('/api/sweeping/board')).json();
    expect(b.month).toBe('2026-11');
    expect(b.segments.find((x: { id: string }) => x.id === s.json().id)).toMatchObject({ gap: true, machineDays: 0, rate: 0 });
    expect(b.byStreet.find((x: { streetCode: string }) => x.streetCode === '220106001').gaps).toBe(1);
  });
});
