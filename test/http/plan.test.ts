// Supervision of the plan over HTTP on every test database: importing a plan (JSON and xlsx; a broken file refused
// whole with every problem listed), progress reports and the roll-up, live-linked targets following the data they
// measure, 督办 with its notice, access (a department reports only on the tasks it leads; leaders urge), bad input,
// and the monthly xlsx report.
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildCase, buildWorld, tinyJpeg, type World } from '../support/world';

function multipart(files: { name: string; filename?: string; type?: string; data: Buffer | string }[]) {
  const boundary = '----wgplan' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const f of files) {
    const disp = f.filename ? `form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}` : `form-data; name="${f.name}"`;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n\r\n`), Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function importFile(c: Client, filename: string, data: Buffer | string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const m = multipart([...Object.entries(fields).map(([name, v]) => ({ name, data: v })), { name: 'file', filename, data }]);
  return c.post('/api/plan/import', m.body, m.headers);
}

async function upload(c: Client): Promise<string> {
  const m = multipart([{ name: 'file', filename: 'evidence.jpg', type: 'image/jpeg', data: await tinyJpeg() }]);
  const res = await c.post('/api/photos', m.body, m.headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('计划');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEAD = ['部分', '编号', '任务', '牵头单位', '配合单位', '目标值', '单位', '方向', '类型', '完成时限', '节点目标', '关联指标'];

describe.each(testDatabaseKinds())('plan supervision over HTTP (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};
  let planId = '';
  const task: Record<string, string> = {};

  // The world's clock: Monday 2026-11-16 09:00 Beijing time.
  const planJson = () => ({
    code: 'LY-2026',
    title: '绿园区2026年度重点工作计划',
    year: 2026,
    sections: [
      {
        title: '一、城市管理',
        tasks: [
          { code: '1.1', text: '拆除存量违法建设10万平方米', lead: '城管执法局', co: ['正阳街道办事处'], target: { value: 100000, unit: '平方米', direction: 'at_least', kind: 'cumulative' }, deadline: '2026-12-31', milestones: [{ on: '2026-06-30', value: 40000 }], measure: 'illegal_building.demolished_m2' },
          { code: '1.2', text: '城市管理案件结案率达到95%', lead: '城管执法局', target: { value: 95, unit: '%', direction: 'at_least', kind: 'level' }, deadline: '2026-12-31', measure: 'evaluation.close_rate' },
        ],
      },
      {
        title: '二、环境卫生',
        tasks: [
          { code: '2.1', text: '建设绿色微景观10处', lead: 'sanitation', target: { value: 10, unit: '处', direction: 'at_least' }, deadline: '2026-12-31', milestones: [{ on: '2026-06-30', value: 4 }, { on: '2026-09-30', text: '完成二批选址' }] },
          { code: '2.2', text: '城镇登记失业率控制在4%以内', lead: 'sanitation', target: { value: 4, unit: '%', direction: 'at_most', kind: 'level' }, deadline: '2026-12-31' },
        ],
      },
    ],
  });

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

  it('refuses a broken JSON plan whole, listing every problem by row and field in both languages', async () => {
    const doc = planJson();
    doc.sections[0].tasks[0].lead = '不存在的局';
    doc.sections[1].tasks[0].deadline = '2026-02-30';
    (doc.sections[1].tasks[1] as { code: string }).code = '2.1';
    const res = await importFile(as.leader, 'plan.json', JSON.stringify(doc));
    expect(res.statusCode, res.body).toBe(400);
    const e = res.json().error;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields.map((f: { path: string }) => f.path)).toEqual(['1/lead', '3/deadline', '4/code']);
    expect(e.fields[0].message).toMatch(/牵头单位“不存在的局”不存在 \/ Unknown lead department/);
    expect((await as.leader.get('/api/plan/plans')).json().items).toEqual([]);
    const notJson = await importFile(as.leader, 'plan.json', '{"code": ');
    expect(notJson.statusCode).toBe(400);
  });

  it('imports a good JSON plan: sections and tasks with departments, milestones and measures', async () => {
    const preview = await importFile(as.leader, 'plan.json', JSON.stringify(planJson()), { dryRun: 'true' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, applied: false, planId: null, code: 'LY-2026' });
    expect((await as.leader.get('/api/plan/plans')).json().items).toEqual([]);
    const res = await importFile(as.leader, 'plan.json', JSON.stringify(planJson()));
    expect(res.statusCode, res.body).toBe(200);
    planId = res.json().planId;
    expect(res.json().sections.map((s: { tasks: unknown[] }) => s.tasks.length)).toEqual([2, 2]);
    const board = (await as.operator.get(`/api/plan/plans/${planId}/board`)).json();
    for (const s of board.sections) for (const t of s.tasks) task[t.code] = t.id;
    const t11 = board.sections[0].tasks[0];
    expect(t11).toMatchObject({ code: '1.1', lead: { id: w.departments.enforcement }, co: [{ id: w.departments.street1 }], live: true, measure: { key: 'illegal_building.demolished_m2' } });
    const again = await importFile(as.leader, 'plan.json', JSON.stringify(planJson()));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('WORK_PLAN_CODE_TAKEN');
  });

  it('imports from xlsx, and refuses a broken sheet with its row numbers', async () => {
    const good = await xlsx([HEAD, ['一、就业', '1', '新增城镇就业12000人', '环卫中心', '', 12000, '人', '不少于', '累计', '2026/12/31', '2026-06-30: 6000', ''], ['一、就业', '2', '棚改征收4129户', 'enforcement', '环卫中心、220106001', '4,129', '户', '', '', '2026年12月31日', '2026-03-31: 完成征收公告; 2026-09-30: 3000', '']]);
    const ok = await importFile(as.admin, 'plan.xlsx', good, { code: 'XLSX-1', title: '测试计划', year: '2026', dryRun: 'true' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().sections[0].tasks.map((t: { row: number; target: string }) => [t.row, t.target])).toEqual([[2, '≥ 12000 人'], [3, '≥ 4129 户']]);
    const bad = await xlsx([HEAD, ['一、就业', '1', '', 'sanitation', '', 'many', '人', '', '', '2026-12-31', '', ''], ['一、就业', '2', '任务', 'sanitation', 'nobody', 5, '户', 'sideways', '', '2026-12-31', '', 'sweeping.nope']]);
    const res = await importFile(as.admin, 'plan.xlsx', bad, { code: 'XLSX-2', title: '坏计划', year: '2026' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['2/text', '2/targetValue', '3/co', '3/direction', '3/measure']);
    const noCols = await importFile(as.admin, 'plan.xlsx', await xlsx([['任务', '单位'], ['x', '个']]), { code: 'XLSX-3', title: 't', year: '2026' });
    expect(noCols.statusCode).toBe(400);
    expect(noCols.json().error.fields.map((f: { path: string }) => f.path)).toContain('1/lead');
    expect((await as.admin.get('/api/plan/plans')).json().items.map((p: { code: string }) => p.code)).toEqual(['LY-2026']);
  });

  it('rolls progress up from the reports: lagging behind the curve, then done, section and plan follow', async () => {
    // 2.1: 10 by 31 Dec, 4 by 30 Jun → by 16 Nov the curve asks ≈ 8.8.
    const lag = await as.dept2.post(`/api/plan/tasks/${task['2.1']}/reports`, { value: 6, text: '一批微景观完工', on: '2026-11-10' });
    expect(lag.statusCode, lag.body).toBe(201);
    expect(lag.json().task).toMatchObject({ status: 'lagging', value: 6, progress: 0.6, valueOn: '2026-11-10' });
    expect(lag.json().task.expected).toBeCloseTo(4 + (6 * 139) / 184, 6);
    const unemployment = await as.dept2.post(`/api/plan/tasks/${task['2.2']}/reports`, { value: 3.6, text: '季度统计' });
    expect(unemployment.json().task).toMatchObject({ status: 'on_track', progress: 1 });
    let board = (await as.leader.get(`/api/plan/plans/${planId}/board`)).json();
    expect(board.sections[1].rollUp).toMatchObject({ tasks: 2, worst: 'lagging', byStatus: { lagging: 1, on_track: 1 } });
    expect(board.sections[1].rollUp.progress).toBeCloseTo(0.8, 9);
    const done = await as.dept2.post(`/api/plan/tasks/${task['2.1']}/reports`, { value: 10, text: '全部10处完工' });
    expect(done.json().task).toMatchObject({ status: 'done', progress: 1 });
    board = (await as.leader.get(`/api/plan/plans/${planId}/board`)).json();
    expect(board.sections[1].rollUp).toMatchObject({ worst: 'on_track', byStatus: { done: 1, on_track: 1 } });
    expect(board.sections[1].rollUp.progress).toBe(1);
    expect(board.plan.rollUp.tasks).toBe(4);
    // Filters
    const lagging = (await as.leader.get(`/api/plan/plans/${planId}/board?status=done`)).json();
    expect(lagging.sections.flatMap((s: { tasks: { code: string }[] }) => s.tasks.map((t) => t.code))).toEqual(['2.1']);
    const mine = (await as.leader.get(`/api/plan/plans/${planId}/board?department=${w.departments.street1}`)).json();
    expect(mine.sections.flatMap((s: { tasks: { code: string }[] }) => s.tasks.map((t) => t.code))).toEqual(['1.1']);
  });

  it('a live-linked task follows the data it measures and takes no hand-entered figure', async () => {
    const before = (await as.leader.get(`/api/plan/tasks/${task['1.1']}`)).json().task;
    expect(before).toMatchObject({ value: 0, live: true, status: 'lagging' });
    // Register an existing illegal building and demolish it through the register's own API.
    const b = await as.operator.post('/api/illegal-buildings', { stock: 'existing', type: 'steel_shed', address: '正阳街道 1号', areaM2: 800, lng: w.pointIn1.lng, lat: w.pointIn1.lat, foundOn: '2026-03-02', source: 'patrol' });
    expect(b.statusCode, b.body).toBe(201);
    const id = b.json().id;
    for (const [action, body] of [
      ['file', { on: '2026-03-03', caseNo: '绿城管立〔2026〕1号' }],
      ['serveNotice', { on: '2026-03-05', noticeNo: '限拆〔2026〕1号', deadline: '2026-03-20' }],
      ['expire', { on: '2026-03-21' }],
      ['demolish', { on: '2026-04-02', areaM2: 800, method: 'forced' }],
    ] as const) {
      const r = await as.chief.post(`/api/illegal-buildings/${id}/${action}`, body);
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    const after = (await as.leader.get(`/api/plan/tasks/${task['1.1']}`)).json().task;
    expect(after).toMatchObject({ value: 800, live: true });
    expect(after.progress).toBeCloseTo(0.008, 9);

    const rate0 = (await as.leader.get(`/api/plan/tasks/${task['1.2']}`)).json().task;
    await buildCase(w, 'closed');
    const rate1 = (await as.leader.get(`/api/plan/tasks/${task['1.2']}`)).json().task;
    expect(rate1.live).toBe(true);
    expect(rate1.value).not.toBeNull();
    expect(rate1.value).not.toBe(rate0.value);

    const refused = await as.dept.post(`/api/plan/tasks/${task['1.1']}/reports`, { value: 50000, text: '手工填报' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('TASK_MEASURED_LIVE');
    const words = await as.dept.post(`/api/plan/tasks/${task['1.1']}/reports`, { text: '春季集中拆违行动启动' });
    expect(words.statusCode, words.body).toBe(201);
    expect(words.json().task.value).toBe(800);
  });

  it('access: a department reports only on the tasks it leads; only leaders urge, and the departments are told', async () => {
    const other = await as.dept.post(`/api/plan/tasks/${task['2.1']}/reports`, { value: 1, text: '不是我们的任务' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('NOT_TASK_LEAD');
    const operator = await as.operator.post(`/api/plan/tasks/${task['2.1']}/reports`, { value: 1, text: 'x' });
    expect(operator.statusCode).toBe(403);
    expect((await as.dept.post(`/api/plan/tasks/${task['1.1']}/urges`, { text: '加快' })).statusCode).toBe(403);
    expect((await as.chief.post(`/api/plan/tasks/${task['1.1']}/urges`, { text: '加快' })).statusCode).toBe(403);
    expect((await as.dept.post('/api/plan/import', multipart([{ name: 'file', filename: 'p.json', data: '{}' }]).body, multipart([]).headers)).statusCode).toBe(403);

    const detail = (await as.dept.get(`/api/plan/tasks/${task['1.1']}`)).json();
    expect(detail).toMatchObject({ canReport: true, canUrge: false });
    expect((await as.leader.get(`/api/plan/tasks/${task['1.1']}`)).json()).toMatchObject({ canReport: false, canUrge: true });

    const urged = await as.leader.post(`/api/plan/tasks/${task['1.1']}/urges`, { text: '拆违进度滞后，请一周内报送攻坚方案', replyBy: '2026-11-23' });
    expect(urged.statusCode, urged.body).toBe(201);
    expect(urged.json().urges).toEqual([expect.objectContaining({ text: '拆违进度滞后，请一周内报送攻坚方案', statusThen: 'lagging', replyBy: '2026-11-23' })]);
    const notes = (await as.dept.get('/api/notifications')).json().items;
    expect(notes.some((n: { kind: string; title: string; link: string }) => n.kind === 'planTaskUrged' && n.title.includes('1.1') && n.link === `/plan/tasks/${task['1.1']}`)).toBe(true);
    const co = (await as.street.get('/api/notifications')).json().items;
    expect(co.some((n: { kind: string }) => n.kind === 'planTaskUrged')).toBe(true);
    expect((await as.dept2.get('/api/notifications')).json().items.some((n: { kind: string }) => n.kind === 'planTaskUrged')).toBe(false);
  });

  it('evidence: photos the reporter uploaded, served with the report; anything else refused', async () => {
    const photo = await upload(as.dept2);
    const res = await as.dept2.post(`/api/plan/tasks/${task['2.2']}/reports`, { value: 3.5, text: '附统计报表', photoIds: [photo] });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json().reports[0];
    expect(r.evidence).toEqual([expect.objectContaining({ photoId: photo })]);
    const img = await as.leader.get(r.evidence[0].thumbUrl);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    // The same photo again, or somebody else's photo
    const reused = await as.dept2.post(`/api/plan/tasks/${task['2.2']}/reports`, { value: 3.5, text: '再次', photoIds: [photo] });
    expect(reused.json().error.code).toBe('EVIDENCE_NOT_ATTACHABLE');
    const theirs = await upload(as.dept);
    const stolen = await as.dept2.post(`/api/plan/tasks/${task['2.2']}/reports`, { value: 3.5, text: '别人的', photoIds: [theirs] });
    expect(stolen.statusCode).toBe(422);
    expect((await as.dept2.get(`/api/plan/tasks/${task['2.2']}`)).json().reports).toHaveLength(2);
  });

  it('bad input gets a 4xx with a code and stores nothing', async () => {
    const count = async () => (await as.leader.get(`/api/plan/tasks/${task['2.2']}`)).json().reports.length;
    const n = await count();
    for (const [body, status] of [
      [{ value: 3, text: '' }, 400],
      [{ value: -1, text: 'x' }, 400],
      [{ value: 'three', text: 'x' }, 400],
      [{ value: 3, text: 'x', on: '2026-12-01' }, 400],
      [{ value: 3, text: 'x', photoIds: ['not-a-uuid'] }, 400],
    ] as const) {
      const res = await as.dept2.post(`/api/plan/tasks/${task['2.2']}/reports`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await count()).toBe(n);
    const missing = await as.dept2.post('/api/plan/tasks/00000000-0000-4000-8000-000000000000/reports', { value: 1, text: 'x' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('PLAN_TASK_NOT_FOUND');
    expect((await as.leader.get('/api/plan/plans/00000000-0000-4000-8000-000000000000/board')).json().error.code).toBe('WORK_PLAN_NOT_FOUND');
    expect((await as.leader.post(`/api/plan/tasks/${task['2.2']}/urges`, { text: '' })).statusCode).toBe(400);
    expect((await as.leader.post(`/api/plan/tasks/${task['2.2']}/urges`, { text: 'x', replyBy: '2026-01-01' })).statusCode).toBe(400);
    expect((await as.leader.post('/api/plan/import', { code: 'x' })).statusCode).toBe(415);
  });

  it('exports the monthly progress report as xlsx', async () => {
    const res = await as.leader.get(`/api/plan/plans/${planId}/report.xlsx?month=2026-11`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.getWorksheet('进度月报')!;
    const codes: string[] = [];
    ws.eachRow((row, i) => {
      if (i > 3) codes.push(String(row.getCell(2).value));
    });
    expect(codes).toEqual(['1.1', '1.2', '2.1', '2.2']);
    const row21 = ws.getRow(6);
    expect(row21.getCell(9).value).toBe('已完成');
    expect(String(row21.getCell(11).value)).toContain('全部10处完工');
    expect(wb.getWorksheet('督办记录')!.rowCount).toBe(2);
    expect((await as.inspector.get(`/api/plan/plans/${planId}/report.xlsx`)).statusCode).toBe(403);
  });
});
