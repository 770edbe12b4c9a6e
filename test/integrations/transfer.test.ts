// Bulk import (CSV in UTF-8 or GB18030, xlsx), streamed export (CSV, xlsx, GeoJSON) and the 12345 hotline adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import gcoord from 'gcoord';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { addPhoto, buildWorld, firstCondition, type World } from '../support/world';
import { actOnCase } from '../../src/server/cases/case.service';
import { caseEvents, cases } from '../../src/server/db/schema';
import { createApiKey } from '../../src/server/integrations/api-key.service';
import { exportCases } from '../../src/server/integrations/export.service';
import { parseCsv } from '../../src/server/integrations/table';

function multipart(filename: string, data: Buffer, type: string) {
  const boundary = '----wg' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testDatabaseKinds())('import, export and the 12345 adapter (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let operator: Client;
  let keys: Record<'all' | 'own' | 'hotline', string>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    operator = await signIn(app, 'operator', w.users.operator.password);
    const mk = async (scope: 'own' | 'all', channels: ('superior' | 'hotline')[], actions: ('cases.import' | 'cases.export' | 'hotline.submit')[]) =>
      (await createApiKey(w.ctx, w.users.admin, { name: `k-${scope}-${channels[0]}`, channels, actions, scope })).key;
    keys = {
      all: await mk('all', ['superior'], ['cases.import', 'cases.export']),
      own: await mk('own', ['superior'], ['cases.import', 'cases.export']),
      hotline: await mk('own', ['hotline'], ['hotline.submit']),
    };
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('import', () => {
    const csv = (p: { lng: number; lat: number }) =>
      [
        '外部编号,服务代码,问题描述,经度,纬度,地址,来源,紧急程度,反映人,联系电话',
        `SJ-001,M09006,"早市占道，影响通行",${p.lng},${p.lat},,上级交办,一般,李先生,13900002222`,
        `SJ-002,C01001,"井盖缺失 ""危险""",,,正阳街道爱民社区,,紧急,,`,
        'SJ-003,M99999,未知类别,125.2515,43.8815,,,,,',
        'SJ-004,M09006,区外,116.4,39.9,,,,,',
        ',M09006,没有位置,,,,,,,',
      ].join('\r\n');

    it('imports a UTF-8 CSV with Chinese headers row by row, and a second run creates nothing twice', async () => {
      const file = Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(csv(w.pointIn1))]);
      const m = multipart('cases.csv', file, 'text/csv');
      const first = (await operator.post('/api/integrations/import/cases', m.payload, m.headers)).json();
      expect(first).toMatchObject({ total: 5, failed: 3 });
      expect(first.rows.map((r: { row: number; ok: boolean }) => [r.row, r.ok])).toEqual([
        [2, true],
        [3, true],
        [4, false],
        [5, false],
        [6, false],
      ]);
      expect(first.rows[2].error).toMatch(/^UNKNOWN_CLASS/);
      expect(first.rows[3].error).toMatch(/^OUTSIDE_DISTRICT/);
      expect(first.rows[4].error).toMatch(/^VALIDATION_FAILED/);
      const [a] = await w.ctx.db.select().from(cases).where(eq(cases.number, first.rows[0].number));
      expect(a).toMatchObject({ source: 'superior', kind: 'matter', classCode: '09006', description: '早市占道，影响通行', reporter: { name: '李先生', phone: '13900002222' } });
      const [b] = await w.ctx.db.select().from(cases).where(eq(cases.number, first.rows[1].number));
      expect(b).toMatchObject({ kind: 'component', classCode: '01001', description: '井盖缺失 "危险"', urgency: 'urgent', communityCode: '220106001001' });

      const again = (await operator.post('/api/integrations/import/cases', m.payload, m.headers)).json();
      expect(again).toMatchObject({ created: 0, replayed: 2, failed: 3 });
      expect(again.rows[0].number).toBe(first.rows[0].number);
    });

    it('reads CSV saved by Excel on Chinese Windows (GB18030) and xlsx, with an API key', async () => {
      const gbk = Buffer.from(new Uint8Array([0xc0, 0xe0, 0xd0, 0xcd])); // 类型 in GB18030
      expect(new TextDecoder('gb18030').decode(gbk)).toBe('类型');
      const text = `类型,类别编码,问题描述,经度,纬度\r\n事件,09006,GBK编码的描述,${w.pointIn2.lng},${w.pointIn2.lat}\r\n`;
      const encoded = Buffer.from(
        // Node cannot encode GB18030, so only the Chinese cells are written in it, byte by byte.
        [...text].flatMap((ch) => (ch.charCodeAt(0) < 128 ? [ch.charCodeAt(0)] : [...gb18030(ch)])),
      );
      const m = multipart('导出.csv', encoded, 'text/csv');
      const res = await app.inject({ method: 'POST', url: '/api/integrations/import/cases', headers: { ...m.headers, 'x-api-key': keys.own }, payload: m.payload });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ created: 1, failed: 0 });
      const [c] = await w.ctx.db.select().from(cases).where(eq(cases.number, res.json().rows[0].number));
      expect(c.description).toBe('GBK编码的描述');
      expect(c.source).toBe('superior');

      const book = await xlsxOf([
        ['service_code', 'description', 'address_id', 'external_id'],
        ['M07001', '小广告', '220106002001001', 'X-1'],
      ]);
      const x = multipart('cases.xlsx', book, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const xr = await app.inject({ method: 'POST', url: '/api/integrations/import/cases', headers: { ...x.headers, 'x-api-key': keys.own }, payload: x.payload });
      expect(xr.json()).toMatchObject({ created: 1, failed: 0 });
    });

    it('refuses files without the needed columns, broken uploads, and callers without the right', async () => {
      const m = multipart('x.csv', Buffer.from('a,b\r\n1,2\r\n'), 'text/csv');
      const broken = await operator.post('/api/integrations/import/cases', m.payload, multipart('y', Buffer.alloc(0), '').headers);
      expect(broken.statusCode).toBe(400);
      expect((await operator.post('/api/integrations/import/cases', m.payload, m.headers)).statusCode).toBe(400);
      const inspector = await signIn(app, 'dept', w.users.dept.password); // departments do not report cases
      expect((await inspector.post('/api/integrations/import/cases', m.payload, m.headers)).statusCode).toBe(403);
      const noAction = await app.inject({ method: 'POST', url: '/api/integrations/import/cases', headers: { ...m.headers, 'x-api-key': keys.hotline }, payload: m.payload });
      expect(noAction.statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: '/api/integrations/import/cases', headers: m.headers, payload: m.payload })).statusCode).toBe(401);
    });
  });

  describe('export', () => {
    const range = 'from=2026-11-01T00:00:00%2B08:00&to=2026-11-30T00:00:00%2B08:00';

    it('streams the cases of a range as CSV, xlsx and GeoJSON with stable machine columns', async () => {
      const total = await w.ctx.db.$count(cases);
      const res = await app.inject({ method: 'GET', url: `/api/integrations/export/cases.csv?${range}`, headers: { 'x-api-key': keys.all } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="cases-20261101-20261130.csv"');
      expect(res.body.startsWith('\uFEFFnumber,id,source,kind,class_code,service_code')).toBe(true);
      const rows = parseCsv(res.body.slice(1));
      expect(rows).toHaveLength(total + 1);
      const header = rows[0];
      const quoted = rows.find((r) => r[header.indexOf('description')] === '井盖缺失 "危险"');
      expect(quoted![header.indexOf('service_code')]).toBe('C01001');

      const xlsx = await app.inject({ method: 'GET', url: `/api/integrations/export/cases.xlsx?${range}`, headers: { authorization: `Bearer ${keys.all}` } });
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets[0].rowCount).toBe(total + 1);
      expect(wb.worksheets[0].getRow(1).getCell(6).text).toBe('service_code');

      const geo = await app.inject({ method: 'GET', url: `/api/integrations/export/cases.geojson?${range}`, headers: { 'x-api-key': keys.all } });
      expect(geo.headers['content-type']).toBe('application/geo+json; charset=utf-8');
      const fc = geo.json();
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(total);
      expect(fc.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [expect.any(Number), expect.any(Number)] } });
      expect(fc.features[0].properties.number).toBe(fc.features[0].id);
    });

    it('exports only what the caller may see', async () => {
      const own = parseCsv((await app.inject({ method: 'GET', url: `/api/integrations/export/cases.csv?${range}`, headers: { 'x-api-key': keys.own } })).body.slice(1));
      expect(own.length - 1).toBe(2); // the two cases this key imported
      const dept = await signIn(app, 'dept', w.users.dept.password);
      const deptRows = parseCsv((await dept.get(`/api/integrations/export/cases.csv?${range}`)).body.slice(1));
      expect(deptRows).toHaveLength(1); // nothing dispatched to the department yet: the header only
      const inspector = await signIn(app, 'inspector', w.users.inspector.password);
      expect((await inspector.get(`/api/integrations/export/cases.csv?${range}`)).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/integrations/export/cases.csv?from=2025-01-01&to=2026-11-30', headers: { 'x-api-key': keys.all } })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: `/api/integrations/export/cases.pdf?${range}`, headers: { 'x-api-key': keys.all } })).statusCode).toBe(400);
    });

    it('exports the case events (the audit trail) as CSV and xlsx', async () => {
      const events = await w.ctx.db.$count(caseEvents);
      const csv = parseCsv((await operator.get(`/api/integrations/export/events.csv?${range}`)).body.slice(1));
      expect(csv).toHaveLength(events + 1);
      expect(csv[0].slice(0, 5)).toEqual(['event_id', 'case_number', 'case_id', 'seq', 'action']);
      const ids = csv.slice(1).map((r) => Number(r[0]));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      const xlsx = await operator.get(`/api/integrations/export/events.xlsx?${range}`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets[0].rowCount).toBe(events + 1);
    });

    it('reads a large range page by page and sends it in pieces', async () => {
      // 2,500 cases straight into the table (a factory, not intake): enough for many pages.
      await w.ctx.db.execute(sql`
        insert into cases (number, district_code, source, kind, class_code, description, location_text, lng, lat, state, created_at, updated_at)
        select '220106-2026-9' || lpad(g::text, 5, '0'), '220106', 'superior', 'matter', '09006', '批量 ' || g, '测试', 125.2515, 43.8815, 'reported',
               timestamptz '2026-11-10T00:00:00Z' + (g || ' seconds')::interval, timestamptz '2026-11-10T00:00:00Z'
        from generate_series(1, 2500) g`);
      const { stream } = await exportCases(w.ctx, { kind: 'user', actor: w.users.operator }, 'csv', { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') }, { pageSize: 100 });
      let chunks = 0;
      let text = '';
      for await (const chunk of stream) {
        chunks++;
        text += chunk;
      }
      const rows = parseCsv(text.slice(1));
      expect(rows.length - 1).toBe(await w.ctx.db.$count(cases));
      expect(chunks).toBeGreaterThanOrEqual(26); // the header, then one piece per page of 100
      const numbers = rows.slice(1).map((r) => r[0]);
      expect(new Set(numbers).size).toBe(numbers.length); // keyset pages: no row twice, none lost
    });
  });

  describe('12345 hotline work orders', () => {
    const order = (over: Record<string, unknown> = {}) => ({
      orderNo: 'CC12345-20261116-0001',
      acceptedAt: '2026-11-16T08:55:00+08:00',
      appealType: 'complaint',
      title: '小区门口占道经营',
      content: '市民反映锦江路小区门口每天早上有商贩占道经营，影响通行。',
      serviceCode: 'M09006',
      location: { ...gcj(w.pointIn1), crs: 'GCJ02' },
      caller: { name: '赵女士', phone: '13800001234' },
      ...over,
    });
    const post = (body: unknown, key = keys.hotline) => app.inject({ method: 'POST', url: '/api/integrations/hotline/12345/work-orders', headers: { 'x-api-key': key }, payload: body as object });

    it('turns a work order into a hotline case once, converting GCJ-02 coordinates', async () => {
      const res = await post(order());
      expect(res.statusCode, res.body).toBe(201);
      const receipt = res.json();
      expect(receipt).toMatchObject({ orderNo: 'CC12345-20261116-0001', state: 'reported', status: 'open', detailedStatus: 'OPEN', replayed: false });
      const [c] = await w.ctx.db.select().from(cases).where(eq(cases.id, receipt.caseId));
      expect(c).toMatchObject({ source: 'hotline', classCode: '09006', gridCode: '220106001001005', reporter: { name: '赵女士', phone: '13800001234' } });
      expect(c.description).toBe('【12345·投诉】小区门口占道经营\n市民反映锦江路小区门口每天早上有商贩占道经营，影响通行。');
      expect(c.lng).toBeCloseTo(w.pointIn1.lng, 5);
      const again = await post(order());
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ caseId: receipt.caseId, replayed: true });
      const anonymous = await post(order({ orderNo: 'CC-2', location: undefined, address: '春城街道春城社区 12 号楼', caller: { name: '钱先生', anonymous: true } }));
      expect(anonymous.statusCode, anonymous.body).toBe(201);
      const [d] = await w.ctx.db.select().from(cases).where(eq(cases.id, anonymous.json().caseId));
      expect(d).toMatchObject({ streetCode: '220106002', reporter: null, locationText: '春城街道春城社区 12 号楼' });
    });

    it('validates work orders and keys', async () => {
      expect((await post(order({ orderNo: 'CC-3', location: undefined }))).statusCode).toBe(400);
      expect((await post(order({ orderNo: 'CC-4', serviceCode: 'M99999' }))).statusCode).toBe(422);
      expect((await post(order({ orderNo: 'CC-5', extra: 1 }))).statusCode).toBe(400);
      expect((await post(order({ orderNo: 'CC-6' }), keys.all)).statusCode).toBe(403);
    });

    it('answers the handling result by order number', async () => {
      const none = await app.inject({ method: 'GET', url: '/api/integrations/hotline/12345/work-orders/CC-404', headers: { 'x-api-key': keys.hotline } });
      expect(none.statusCode).toBe(404);
      const { caseId } = (await post(order())).json();
      const fc = await firstCondition(w, 'matter', '09006');
      for (const [action, who, input] of [
        ['register', w.users.operator, {}],
        ['file', w.users.chief, { filingCondition: fc }],
        ['dispatch', w.users.dispatcher, { departmentId: w.departments.enforcement }],
        ['accept', w.users.dept, {}],
        ['handle', w.users.dept, { note: '已劝离商贩，恢复通行', photoIds: [await addPhoto(w, w.users.dept)] }],
      ] as const) {
        w.clock.advance(30);
        await actOnCase(w.ctx, who, caseId, action, input);
      }
      const res = await app.inject({ method: 'GET', url: '/api/integrations/hotline/12345/work-orders/CC12345-20261116-0001', headers: { 'x-api-key': keys.hotline } });
      expect(res.statusCode, res.body).toBe(200);
      const fb = res.json();
      expect(fb).toMatchObject({ state: 'handled', stateLabel: '已处置', status: 'open', detailedStatus: 'IN_PROGRESS', department: '城管执法局', result: '已劝离商贩，恢复通行' });
      expect(fb.timeline.map((t: { state: string }) => t.state)).toEqual(['reported', 'verified', 'filed', 'dispatched', 'handling', 'handled']);
      // Another hotline key cannot read this key's orders.
      const other = (await createApiKey(w.ctx, w.users.admin, { name: 'other', channels: ['hotline'], actions: ['hotline.submit'], scope: 'own' })).key;
      expect((await app.inject({ method: 'GET', url: '/api/integrations/hotline/12345/work-orders/CC12345-20261116-0001', headers: { 'x-api-key': other } })).statusCode).toBe(404);
    });

    it('is documented in the OpenAPI document with its fields', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const op = doc.paths['/api/integrations/hotline/12345/work-orders'].post;
      const schema = op.requestBody.content['application/json'].schema;
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['orderNo', 'content', 'serviceCode', 'location', 'caller']));
      expect(schema.properties.orderNo.description).toContain('工单编号');
      expect(doc.paths).toHaveProperty(['/open311/v2/requests.xml']);
      expect(doc.paths).toHaveProperty(['/api/integrations/export/cases.{format}']);
    });
  });
});

/** WGS84 → GCJ-02, as a hotline's map picker would send the point. */
function gcj(p: { lng: number; lat: number }) {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lng, lat };
}

/** GB18030 bytes of a few CJK characters (from the code points of the test's text). */
function gb18030(ch: string): number[] {
  const table: Record<string, number[]> = {
    类: [0xc0, 0xe0], 型: [0xd0, 0xcd], 别: [0xb1, 0xf0], 编: [0xb1, 0xe0], 码: [0xc2, 0xeb], 问: [0xce, 0xca], 题: [0xcc, 0xe2],
    描: [0xc3, 0xe8], 述: [0xca, 0xf6], 经: [0xbe, 0xad], 度: [0xb6, 0xc8], 纬: [0xce, 0xb3], 事: [0xca, 0xc2], 件: [0xbc, 0xfe], 的: [0xb5, 0xc4],
  };
  const bytes = table[ch];
  if (!bytes) throw new Error(`no GB18030 bytes for ${ch}`);
  return bytes;
}
