// Component register: census import (CSV, xlsx, GeoJSON; 16-digit legacy ids converted; all rows or none), editing,
// export that imports back, and the component's state following the cases raised about it.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentCaseDefaults, onComponentCaseClosed, onComponentCaseReported } from '../../src/server/components/component.hooks';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, ORIGIN, uuid, type World } from '../support/world';

const DEPT = '11220106MB0000001X';
const HEADER = '标识码,部件名称,主管部门代码,主管部门名称,所在单元网格,部件状态,初始日期,变更日期,权属单位,养护单位,数据来源,备注,经度,纬度';

describe.each(testDatabaseKinds())('component register (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let admin: Client;
  let operator: Client;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    admin = await signIn(app, 'admin', w.users.admin.password);
    operator = await signIn(app, 'operator', w.users.operator.password);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: w.users.admin.password } });
    cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    csrf = login.json().user.csrfToken;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const upload = async (data: Buffer | string, filename: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), filename);
    const res = new Response(form);
    return app.inject({
      method: 'POST',
      url: '/api/components/import',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': res.headers.get('content-type')! },
      payload: Buffer.from(await res.arrayBuffer()),
    });
  };
  const at = (dx: number, dy: number) => `${(ORIGIN.lng + dx).toFixed(6)},${(ORIGIN.lat + dy).toFixed(6)}`;

  it('imports a census CSV: checks first (dry run), converts 16-digit ids, finds the grid from the position', async () => {
    const csv = [
      HEADER,
      `22010601001000001,雨水井盖,${DEPT},绿园区市政设施管理处,,完好,2020-05-01,,绿园区住建局,市政养护公司,实测,,${at(0.0005, 0.0025)}`,
      `2201060101000002,雨水井盖,${DEPT},绿园区市政设施管理处,220106001001001,破损,2020/5/1,2024年3月2日,,,实测,东侧,${at(0.0006, 0.0026)}`,
      `22010603001000001,垃圾箱,${DEPT},绿园区环卫中心,,完好,20210101,,,,地形图,,${at(0.0045, 0.0015)}`,
    ].join('\n');
    const dry = await upload(csv, 'census.csv', { dryRun: 'true' });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, applied: false, rows: 3, valid: 3, added: 3, legacyConverted: 1, errorCount: 0 });
    expect((await admin.get('/api/components')).json().total).toBe(0);

    const done = await upload(csv, 'census.csv');
    expect(done.json()).toMatchObject({ applied: true, added: 3 });
    const list = (await operator.get('/api/components?class=01')).json();
    expect(list.total).toBe(2);
    const legacy = (await admin.get('/api/components/2201060101000002')).json();
    expect(legacy).toMatchObject({
      id: '22010601001000002',
      legacyId: '2201060101000002',
      classCode: '01001',
      gridCode: '220106001001001',
      state: 'damaged',
      stateZh: '破损',
      initialDate: '2020-05-01',
      changeDate: '2024-03-02',
      streetName: '正阳街道',
      communityName: '爱民社区',
    });
    expect(legacy.events[0]).toMatchObject({ action: 'import', toState: 'damaged' });
    const bin = (await admin.get('/api/components/22010603001000001')).json();
    expect(bin.gridCode.slice(0, 12)).toBe('220106002001');

    // Importing the same file again changes nothing.
    expect((await upload(csv, 'census.csv')).json()).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
  });

  it('refuses a census with errors as a whole, naming each row and field', async () => {
    const csv = [
      HEADER,
      `22010601001000010,雨水井盖,${DEPT},市政处,,完好,2020-05-01,,,,实测,,${at(0.001, 0.001)}`,
      `2201060100100001,雨水井盖,${DEPT},市政处,,完好,2020-05-01,,,,实测,,${at(0.001, 0.001)}`,
      `22010699001000001,未知部件,${DEPT},市政处,,完好,2020-05-01,,,,实测,,${at(0.001, 0.001)}`,
      `22010601001000011,雨水井盖,${DEPT},市政处,,坏了,,,,,实测,,${at(0.001, 0.001)}`,
      `22010601001000012,雨水井盖,${DEPT},市政处,,完好,2020-05-01,,,,实测,,125.0,43.0`,
      `22010601001000010,雨水井盖,${DEPT},市政处,,完好,2020-05-01,,,,实测,,${at(0.001, 0.001)}`,
    ].join('\n');
    const res = await upload(csv, 'bad.csv');
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['row 2.id', 'row 3.id', 'row 4.state', 'row 4.initialDate', 'row 5.lng', 'row 6.id']));
    expect(res.json().error.fields.find((f: { path: string }) => f.path === 'row 4.state').message).toMatch(/完好\/破损\/丢失\/废弃\/移除/);
    expect((await admin.get('/api/components/22010601001000010')).statusCode).toBe(404);
  });

  it('imports xlsx, and what it exports (CSV, GeoJSON) imports back unchanged', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('部件');
    ws.addRow(HEADER.split(','));
    ws.addRow(['22010601002000001', '路灯', DEPT, '绿园区路灯管理所', '', '完好', '2019-09-09', '', '', '', '实测', '', ORIGIN.lng + 0.0015, ORIGIN.lat + 0.0015]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(xlsx, 'census.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ applied: true, added: 1 });

    const csv = await admin.get('/api/components/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0].replace('\uFEFF', '')).toMatch(/^标识码,部件名称,主管部门代码/);
    const again = await upload(csv.rawPayload, 'export.csv', { dryRun: 'true' });
    expect(again.json()).toMatchObject({ rows: 4, valid: 4, added: 0, changed: 0, unchanged: 4, errorCount: 0 });
    const geo = await admin.get('/api/components/export.geojson');
    const viaGeo = await upload(geo.rawPayload, 'export.geojson', { dryRun: 'true' });
    expect(viaGeo.json()).toMatchObject({ rows: 4, unchanged: 4, errorCount: 0 });
  });

  it('registers a component with the next serial, edits its state, and only administrators may', async () => {
    const body = { classCode: '01001', name: '污水井盖', deptCode: DEPT, deptName: '市政处', initialDate: '2025-01-01', lng: ORIGIN.lng + 0.0025, lat: ORIGIN.lat + 0.0005 };
    const created = await admin.post('/api/components', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().id).toBe('22010601001000003');
    expect(created.json().gridCode).toBe('220106001001009');
    expect((await operator.post('/api/components', body)).statusCode).toBe(403);
    const patched = await app.inject({ method: 'PATCH', url: '/api/components/22010601001000003', headers: { cookie, 'x-csrf-token': csrf }, payload: { state: 'lost' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ state: 'lost', changeDate: '2026-11-16', version: 2 });
  });

  it('follows its cases: raised from it, damaged on report, intact when fixed, restored when erroneous', async () => {
    const d = await componentCaseDefaults(w.ctx.db, '2201060101000001');
    expect(d).toMatchObject({ componentId: '22010601001000001', kind: 'component', classCode: '01001', crs: 'WGS84', gridCode: '220106001001001' });
    expect(d.locationText).toMatch(/正阳街道爱民社区 雨水井盖（部件 22010601001000001）/);
    const viaApi = (await operator.get('/api/components/22010601001000001/case-defaults')).json();
    expect(viaApi).toEqual(d);

    const caseId = uuid();
    const e = { componentId: '22010601001000001', caseId, caseNumber: '220106-2026-000001', actorId: w.users.chief.id, at: w.clock.now };
    expect(await w.ctx.db.transaction((tx) => onComponentCaseReported(tx, { ...e, state: 'lost' }))).toBe('lost');
    expect(await w.ctx.db.transaction((tx) => onComponentCaseClosed(tx, { ...e, closeType: 'normal' }))).toBe('intact');
    const after = (await admin.get('/api/components/22010601001000001')).json();
    expect(after.state).toBe('intact');
    expect(after.events.slice(0, 2).map((x: { action: string; caseNumber: string }) => `${x.action}:${x.caseNumber}`)).toEqual(['case_closed:220106-2026-000001', 'case_reported:220106-2026-000001']);

    const wrong = { ...e, caseId: uuid(), caseNumber: '220106-2026-000002' };
    await w.ctx.db.transaction((tx) => onComponentCaseReported(tx, wrong));
    expect((await admin.get('/api/components/22010601001000001')).json().state).toBe('damaged');
    expect(await w.ctx.db.transaction((tx) => onComponentCaseClosed(tx, { ...wrong, closeType: 'erroneous' }))).toBe('intact');
    await expect(componentCaseDefaults(w.ctx.db, '22010601001999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
