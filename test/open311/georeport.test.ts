// Contract tests of the GeoReport v2 methods: what a FixMyStreet-style client sends, and our answers parsed as it parses
// them, in XML and JSON, on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor } from '../support/http';
import { buildWorld, caseInput, type World } from '../support/world';
import { seedDemoIntegrations } from '../../src/server/integrations';
import { createApiKey } from '../../src/server/integrations/api-key.service';
import { actOnCase, createCase } from '../../src/server/cases/case.service';
import { apiKeyUsage, cases, integrationCaseRefs, publicModeration } from '../../src/server/db/schema';
import { upsertEntries } from '../../src/server/geocode/geocode.repository';
import { FmsClient, form, parseXml, type Report } from './fms-client';

const KEY = 'demo-open311-key';

describe.each(testDatabaseKinds())('Open311 GeoReport v2 (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let fms: FmsClient;
  const report = (over: Partial<Report> = {}): Report => ({
    title: '人行道上有流动摊贩',
    detail: '每天傍晚占用盲道经营',
    name: 'Wei Zhang',
    email: 'zhang.wei@example.cn',
    phone: '13900001111',
    lat: w.pointIn1.lat,
    lng: w.pointIn1.lng,
    ...over,
  });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    await seedDemoIntegrations(w.ctx.db, w.clock.now);
    app = await appFor(w);
    fms = new FmsClient(app, { apiKey: KEY, jurisdiction: '220106' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('discovery', () => {
    it('lists the v2 endpoint with both formats, in XML and JSON', async () => {
      const x = parseXml(await fms.get('discovery.xml')).discovery;
      expect(x.endpoints.endpoint).toHaveLength(1);
      expect(x.endpoints.endpoint[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production' });
      expect(x.endpoints.endpoint[0].url).toMatch(/\/open311\/v2$/);
      expect(x.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
      for (const k of ['changeset', 'contact', 'key_service']) expect(x[k]).toBeTruthy();
      const j = await app.inject({ method: 'GET', url: '/open311/discovery.json' });
      expect(j.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(j.json().endpoints[0].formats).toEqual(['text/xml', 'application/json']);
    });
  });

  describe('services', () => {
    it('lists every class as a service: C/M service codes, group = major class, Chinese by default', async () => {
      const x = parseXml(await fms.get('services.xml'));
      const services = x.services.service as Record<string, string>[];
      expect(services.length).toBeGreaterThan(300);
      const codes = new Set(services.map((s) => s.service_code));
      expect(codes.size).toBe(services.length); // unambiguous although components and matters share 5 digits
      expect(codes.has('C01001')).toBe(true);
      expect(codes.has('M01001')).toBe(true);
      const hawking = services.find((s) => s.service_code === 'M09006')!;
      expect(hawking).toMatchObject({ service_name: '占道经营', group: '街面秩序类', metadata: 'true', type: 'realtime' });
      expect(hawking.keywords.split(',')).toContain('09006');
    });

    it('speaks English by Accept-Language and by the locale parameter', async () => {
      const byHeader = new FmsClient(app, { apiKey: KEY, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      const en = parseXml(await byHeader.get('services.xml')).services.service.find((s: { service_code: string }) => s.service_code === 'M09006');
      expect(en.group).toBe('Street order');
      expect(en.service_name).toMatch(/[A-Za-z]/);
      const byParam = (await app.inject({ method: 'GET', url: '/open311/v2/services.json?locale=en_US' })).json();
      expect(byParam.find((s: { service_code: string }) => s.service_code === 'M09006').service_name).toBe(en.service_name);
      const zh = (await app.inject({ method: 'GET', url: '/open311/v2/services.json', headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } })).json();
      expect(zh.find((s: { service_code: string }) => s.service_code === 'M09006').service_name).toBe('占道经营');
    });

    it('defines attributes of every datatype, with list values from the filing conditions', async () => {
      for (const format of ['xml', 'json'] as const) {
        const res = await fms.get(`services/M09006.${format}`);
        expect(res.statusCode).toBe(200);
        const def = format === 'xml' ? parseXml(res).service_definition : res.json();
        expect(def.service_code).toBe('M09006');
        const attrs = format === 'xml' ? def.attributes.attribute : def.attributes;
        const types = new Set(attrs.map((a: { datatype: string }) => a.datatype));
        expect([...types].sort()).toEqual(['datetime', 'multivaluelist', 'number', 'singlevaluelist', 'string', 'text']);
        const orders = attrs.map((a: { order: string | number }) => Number(a.order));
        expect(new Set(orders).size).toBe(orders.length);
        const condition = attrs.find((a: { code: string }) => a.code === 'condition');
        const values = format === 'xml' ? condition.values.value : condition.values;
        expect(values.map((v: { key: string }) => v.key)).toEqual(['M09006-01', 'M09006-02']);
        const notice = attrs.find((a: { code: string }) => a.code === 'notice');
        expect(String(notice.variable)).toBe('false');
        for (const a of attrs) expect(['true', 'false']).toContain(String(a.required));
      }
    });

    it('answers 404 in the spec format for unknown and ambiguous service codes', async () => {
      for (const code of ['X99999', '09006', 'M99999']) {
        const res = await fms.get(`services/${code}.xml`);
        expect(res.statusCode).toBe(404);
        const err = parseXml(res).errors.error;
        expect(err).toHaveLength(1);
        expect(err[0].code).toBe('404');
        expect(err[0].description).toContain(code);
      }
      const json = await fms.get('services/09006.json');
      expect(json.statusCode).toBe(404);
      expect(json.json()).toEqual([{ code: 404, description: expect.stringContaining('09006') }]);
    });
  });

  describe('POST requests', () => {
    it('refuses a missing or wrong api_key with 403, in XML and JSON', async () => {
      const none = new FmsClient(app, { apiKey: '' });
      const res = await none.sendServiceRequest(report(), 'M09006');
      expect(res.statusCode).toBe(403);
      expect(parseXml(res).errors.error[0]).toMatchObject({ code: '403', description: expect.stringContaining('api_key') });
      const wrong = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        payload: form({ api_key: 'not-a-key', service_code: 'M09006', lat: '43.88', long: '125.25' }),
      });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json()[0].code).toBe(403);
      const count = await w.ctx.db.$count(cases);
      expect(count).toBe(0);
    });

    it('creates a case from exactly what FixMyStreet sends, and tells its id', async () => {
      const res = await fms.sendServiceRequest(
        report({ imageUrl: 'https://fixmystreet.example/photo/1.full.jpeg', extra: { condition: 'M09006-01', hazards: ['blocks_pedestrians', 'noise'], quantity: '3', landmark: '解放大路88号' } }),
        'M09006',
      );
      expect(res.statusCode, res.body).toBe(200);
      const request = parseXml(res).service_requests.request;
      expect(request).toHaveLength(1);
      const id = request[0].service_request_id;
      expect(id).toMatch(/^220106-2026-\d{6}$/);
      expect(request[0].token).toBeUndefined(); // realtime: an id, never a token too
      expect(request[0].service_notice).toContain(id);

      const [c] = await w.ctx.db.select().from(cases).where(eq(cases.number, id));
      expect(c).toMatchObject({ source: 'citizen', kind: 'matter', classCode: '09006', state: 'reported', gridCode: '220106001001005' });
      expect(c.description).toContain('人行道上有流动摊贩');
      expect(c.description).toContain('问题情形：流动占道经营');
      expect(c.description).toContain('造成的影响：影响行人通行、噪声扰民');
      expect(c.description).toContain('附近地标或门牌号：解放大路88号');
      expect(c.reporter).toEqual({ name: 'Wei Zhang', phone: '13900001111' });
      const [ref] = await w.ctx.db.select().from(integrationCaseRefs).where(eq(integrationCaseRefs.caseId, c.id));
      expect(ref.attributes).toMatchObject({ condition: 'M09006-01', hazards: ['blocks_pedestrians', 'noise'], quantity: 3, landmark: '解放大路88号' });
      expect(ref.mediaUrls).toEqual(['https://fixmystreet.example/photo/1.full.jpeg']);
      expect(ref.contact).toMatchObject({ email: 'zhang.wei@example.cn', first_name: 'Wei', last_name: 'Zhang', jurisdiction_id: '220106' });

      // The token resolves to the same request (GET tokens/{token}).
      const token = res.headers['open311-token'] as string;
      expect(token).toBeTruthy();
      const byToken = parseXml(await fms.get(`tokens/${token}.xml`)).service_requests.request[0];
      expect(byToken).toEqual({ service_request_id: id, token });
      const tokenJson = (await fms.get(`tokens/${token}.json`)).json();
      expect(tokenJson).toEqual([{ service_request_id: id, token }]);
      expect((await fms.get('tokens/nope.xml')).statusCode).toBe(404);

      // FixMyStreet reads requests without a key: it gets the public view, without the unmoderated text and media.
      const pub = parseXml(await fms.get('requests.xml', { service_request_id: id })).service_requests.request[0];
      expect(pub).toMatchObject({ service_request_id: id, status: 'open', service_code: 'M09006' });
      expect(pub.description).toBeUndefined();
      expect(pub.media_url).toBeUndefined();
      // With the key it reported with, it sees the request in full.
      const back = parseXml(await fms.get('requests.xml', { service_request_id: id, api_key: KEY })).service_requests.request;
      expect(back).toHaveLength(1);
      expect(back[0]).toMatchObject({
        service_request_id: id,
        status: 'open',
        service_code: 'M09006',
        service_name: '占道经营',
        address_id: '220106001001005',
        media_url: 'https://fixmystreet.example/photo/1.full.jpeg',
      });
      expect(Number(back[0].lat)).toBeCloseTo(w.pointIn1.lat, 5);
      expect(Number(back[0].long)).toBeCloseTo(w.pointIn1.lng, 5);
      expect(back[0].requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    });

    it('takes attribute[code][] lists, several media_url values, and answers JSON', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({
          api_key: KEY,
          service_code: 'C01001',
          lat: String(w.pointIn2.lat),
          long: String(w.pointIn2.lng),
          description: '井盖缺失',
          'attribute[hazards][]': ['safety_risk', 'blocks_traffic'],
          'attribute[observed_at]': '2026-11-16T08:30:00+08:00',
          'attribute[details]': '第一行\n第二行',
          media_url: ['https://a.example/1.jpg', 'https://a.example/2.jpg'],
          account_id: 'acct-42',
          device_id: 'dev-1',
        }),
      });
      expect(res.statusCode, res.body).toBe(200);
      const [answer] = res.json();
      expect(answer.account_id).toBe('acct-42');
      const [c] = await w.ctx.db.select().from(cases).where(eq(cases.number, answer.service_request_id));
      expect(c).toMatchObject({ kind: 'component', classCode: '01001', streetCode: '220106002' });
      const [ref] = await w.ctx.db.select().from(integrationCaseRefs).where(eq(integrationCaseRefs.caseId, c.id));
      expect(ref.attributes).toMatchObject({ hazards: ['safety_risk', 'blocks_traffic'], observed_at: '2026-11-16T00:30:00.000Z', details: '第一行\n第二行' });
      expect(ref.mediaUrls).toEqual(['https://a.example/1.jpg', 'https://a.example/2.jpg']);
    });

    it('also takes a JSON body from clients that send one', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: { api_key: KEY, service_code: 'M09006', lat: w.pointIn1.lat, long: w.pointIn1.lng, description: 'JSON', attribute: { hazards: ['noise'], quantity: 2 } },
      });
      expect(res.statusCode, res.body).toBe(200);
      const [c] = await w.ctx.db.select().from(cases).where(eq(cases.number, res.json()[0].service_request_id));
      expect(c.description).toBe('JSON\n造成的影响：噪声扰民\n数量或面积（个、处或平方米）：2');
    });

    it('places requests by address_string or address_id when there is no lat/long', async () => {
      const byText = parseXml(await fms.post('requests.xml', { service_code: 'M09006', address_string: '正阳街道爱民社区 解放大路 88 号', description: '占道' }));
      const byCode = parseXml(await fms.post('requests.xml', { service_code: 'M09006', address_id: '220106002001003', description: '占道' }));
      const [a] = await w.ctx.db.select().from(cases).where(eq(cases.number, byText.service_requests.request[0].service_request_id));
      const [b] = await w.ctx.db.select().from(cases).where(eq(cases.number, byCode.service_requests.request[0].service_request_id));
      expect(a.communityCode).toBe('220106001001');
      expect(a.locationText).toBe('正阳街道爱民社区 解放大路 88 号');
      expect(b.gridCode).toBe('220106002001003');

      // A house number in the gazetteer (地名地址库) places the request at the door.
      await upsertEntries(w.ctx.db, [
        { kind: 'address', name: '青年路12号', code: 'addr-qingnian-12', road: '青年路', houseNumber: '12', streetCode: '220106002', communityCode: '220106002001', lng: w.pointIn2.lng, lat: w.pointIn2.lat, generated: false, source: 'test' },
      ]);
      const byAddress = parseXml(await fms.post('requests.xml', { service_code: 'M09006', address_string: '青年路12号门前', description: '占道' }));
      const [g] = await w.ctx.db.select().from(cases).where(eq(cases.number, byAddress.service_requests.request[0].service_request_id));
      expect([g.lng, g.lat]).toEqual([w.pointIn2.lng, w.pointIn2.lat]);
    });

    it('answers 400 with one error per problem, and 404 for an unknown service or jurisdiction', async () => {
      const before = await w.ctx.db.$count(cases);
      const bad = await fms.sendServiceRequest(report({ extra: { quantity: 'many', observed_at: 'yesterday', condition: 'M01001-01' } }), 'M09006');
      expect(bad.statusCode).toBe(400);
      const errors = parseXml(bad).errors.error.map((e: { description: string }) => e.description);
      expect(errors).toHaveLength(3);
      expect(errors.join('\n')).toMatch(/attribute\[quantity\]/);
      expect(errors.join('\n')).toMatch(/attribute\[observed_at\]/);
      expect(errors.join('\n')).toMatch(/attribute\[condition\]/);

      const noPlace = await fms.post('requests.xml', { service_code: 'M09006', description: 'x' });
      expect(noPlace.statusCode).toBe(400);
      expect(parseXml(noPlace).errors.error[0].description).toMatch(/location/);
      const halfPlace = await fms.post('requests.xml', { service_code: 'M09006', lat: '43.88' });
      expect(halfPlace.statusCode).toBe(400);
      const outside = await fms.sendServiceRequest(report({ lat: 39.9, lng: 116.4 }), 'M09006');
      expect(outside.statusCode).toBe(400);
      expect(parseXml(outside).errors.error[0].description).toContain('位置不在本区范围内');
      const unknownAddress = await fms.post('requests.xml', { service_code: 'M09006', address_string: 'Baker Street 221b' });
      expect(unknownAddress.statusCode).toBe(400);
      const noCode = await fms.post('requests.xml', { lat: String(w.pointIn1.lat), long: String(w.pointIn1.lng) });
      expect(noCode.statusCode).toBe(400);
      const unknown = await fms.sendServiceRequest(report(), 'M99999');
      expect(unknown.statusCode).toBe(404);
      const otherCity = new FmsClient(app, { apiKey: KEY, jurisdiction: 'sfgov.org' });
      const elsewhere = await otherCity.sendServiceRequest(report(), 'M09006');
      expect(elsewhere.statusCode).toBe(404);
      expect(parseXml(elsewhere).errors.error[0].description).toContain('jurisdiction_id');
      expect(await w.ctx.db.$count(cases)).toBe(before);
    });

    it('makes retries with the same Idempotency-Key safe', async () => {
      const first = await fms.sendServiceRequest(report({ detail: 'retry me' }), 'M09006', {});
      expect(first.statusCode).toBe(200);
      const key = { 'idempotency-key': 'fms-report-000123' };
      const a = await fms.post('requests.json', { service_code: 'M09006', lat: String(w.pointIn1.lat), long: String(w.pointIn1.lng), description: '同一请求' }, key);
      const b = await fms.post('requests.json', { service_code: 'M09006', lat: String(w.pointIn1.lat), long: String(w.pointIn1.lng), description: '同一请求' }, key);
      expect(a.statusCode).toBe(200);
      expect(b.statusCode).toBe(200);
      expect(b.headers['idempotent-replayed']).toBe('true');
      expect(b.json()[0].service_request_id).toBe(a.json()[0].service_request_id);
    });

    it('refuses keys without the submit action, and reports through the key\'s channel', async () => {
      const readOnly = await createApiKey(w.ctx, w.users.admin, { name: 'updates only', channels: ['citizen'], actions: ['open311.updates'], scope: 'own' });
      const res = await new FmsClient(app, { apiKey: readOnly.key }).sendServiceRequest(report(), 'M09006');
      expect(res.statusCode).toBe(403);
      const hotline = await createApiKey(w.ctx, w.users.admin, { name: '12345', channels: ['hotline'], actions: ['open311.submit'], scope: 'own' });
      const ok = parseXml(await new FmsClient(app, { apiKey: hotline.key }).sendServiceRequest(report(), 'M09006'));
      const [c] = await w.ctx.db.select().from(cases).where(eq(cases.number, ok.service_requests.request[0].service_request_id));
      expect(c.source).toBe('hotline');
    });
  });

  describe('GET requests', () => {
    it('filters by service_code, status, dates and pages, newest first', async () => {
      const all = (await fms.get('requests.json')).json() as { service_request_id: string; service_code: string; status: string; requested_datetime: string }[];
      expect(all.length).toBeGreaterThanOrEqual(5);
      const times = all.map((r) => r.requested_datetime);
      expect([...times].sort().reverse()).toEqual(times);
      const components = parseXml(await fms.get('requests.xml', { service_code: 'C01001' })).service_requests.request;
      expect(components.every((r: { service_code: string }) => r.service_code === 'C01001')).toBe(true);
      expect(components.length).toBeGreaterThan(0);
      const both = (await fms.get('requests.json', { service_code: 'C01001,M09006' })).json();
      expect(both.length).toBe(all.filter((r) => ['C01001', 'M09006'].includes(r.service_code)).length);
      expect((await fms.get('requests.json', { status: 'closed' })).json()).toEqual([]);
      expect((await fms.get('requests.json', { status: 'open' })).json()).toHaveLength(all.length);

      const page1 = (await fms.get('requests.json', { page_size: '2', page: '1' })).json();
      const page2 = (await fms.get('requests.json', { page_size: '2', page: '2' })).json();
      expect(page1.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(all.slice(0, 2).map((r) => r.service_request_id));
      expect(page2.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(all.slice(2, 4).map((r) => r.service_request_id));

      const later = (await fms.get('requests.json', { start_date: '2026-11-17T00:00:00+08:00', end_date: '2026-11-30T00:00:00+08:00' })).json();
      expect(later).toEqual([]);
      const sameDay = (await fms.get('requests.json', { start_date: '2026-11-16T00:00:00Z', end_date: '2026-11-17T00:00:00Z' })).json();
      expect(sameDay).toHaveLength(all.length);
    });

    it('reads 90 days back by default and refuses longer or malformed ranges', async () => {
      const { case: old } = await createCase(w.ctx, w.users.operator, caseInput(w, { description: '三个月前' }));
      w.clock.advance(91 * 24 * 60);
      try {
        const recent = (await fms.get('requests.json')).json();
        expect(recent.some((r: { service_request_id: string }) => r.service_request_id === old.number)).toBe(false);
        const byId = (await fms.get('requests.json', { service_request_id: old.number })).json();
        expect(byId).toHaveLength(1); // service_request_id overrides every other argument
      } finally {
        w.clock.advance(-91 * 24 * 60);
      }
      for (const params of [
        { start_date: '2026-01-01T00:00:00Z', end_date: '2026-11-01T00:00:00Z' },
        { start_date: 'last week' },
        { status: 'pending' },
        { page_size: '5000' },
        { service_code: '09006' },
      ]) {
        const res = await fms.get('requests.xml', params);
        expect(res.statusCode, JSON.stringify(params)).toBe(400);
        expect(parseXml(res).errors.error[0].code).toBe('400');
      }
    });

    it('shows one request with extensions: detailed status, extended attributes and notes', async () => {
      const id = (await fms.get('requests.json')).json()[0].service_request_id;
      const plain = parseXml(await fms.get(`requests/${id}.xml`)).service_requests.request[0];
      expect(plain.detailed_status).toBeUndefined(); // strict clients get only the spec's elements
      const ext = parseXml(await fms.get(`requests/${id}.xml`, { extensions: 'true' })).service_requests.request[0];
      expect(ext.detailed_status).toBe('open');
      expect(ext.extended_attributes).toMatchObject({ state: 'reported', street: expect.any(String) });
      expect(ext.notes.note[0]).toMatchObject({ type: 'report', status: 'open' });
      const json = (await fms.get(`requests/${id}.json`, { extensions: 'true' })).json();
      expect(json[0].notes[0].type).toBe('report');
      expect((await fms.get('requests/220106-2026-999999.xml')).statusCode).toBe(404);
      expect((await fms.get(`requests/${id}.html`)).statusCode).toBe(404);
    });

    it('shows the public only what the public portal shows; a key sees its own cases in full', async () => {
      const own = await createApiKey(w.ctx, w.users.admin, { name: 'app', channels: ['citizen'], actions: ['open311.submit'], scope: 'own' });
      const app2 = new FmsClient(app, { apiKey: own.key });
      const sent = parseXml(await app2.sendServiceRequest(report({ detail: '私人住址 解放大路 88 号 3 楼', imageUrl: 'https://a.example/p.jpg' }), 'M06001'));
      const id = sent.service_requests.request[0].service_request_id;
      const anonymous = async () => (await app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json?extensions=true` })).json()[0];
      const pub = await anonymous();
      expect(pub.description).toBeUndefined(); // the report text waits for moderation
      expect(pub.media_url).toBeUndefined();
      expect(pub.address).toBe('正阳街道爱民社区');
      expect(pub.address_id).toBe('220106001001'); // 私搭乱建 has a private owner: only the community
      expect(pub.extended_attributes.approximate).toBe(true);
      expect(Math.abs(pub.lat - w.pointIn1.lat) + Math.abs(pub.long - w.pointIn1.lng)).toBeGreaterThan(0);
      const mine = (await app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json?api_key=${own.key}` })).json()[0];
      expect(mine).toMatchObject({ description: expect.stringContaining('私人住址'), media_url: 'https://a.example/p.jpg', lat: w.pointIn1.lat });

      const [c] = await w.ctx.db.select().from(cases).where(eq(cases.number, id));
      const decide = (item: string, status: string, redactedText: string | null = null) =>
        w.ctx.db
          .insert(publicModeration)
          .values({ caseId: c.id, item, ref: '', status, redactedText, decidedBy: w.users.operator.id, decidedAt: w.clock.now })
          .onConflictDoUpdate({ target: [publicModeration.caseId, publicModeration.item, publicModeration.ref], set: { status, redactedText } });
      await decide('report_text', 'redacted', '私人住址已隐去');
      expect((await anonymous()).description).toBe('私人住址已隐去');
      await decide('case', 'hidden');
      expect((await app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).statusCode).toBe(404);
      const list = (await app.inject({ method: 'GET', url: '/open311/v2/requests.json' })).json();
      expect(list.some((r: { service_request_id: string }) => r.service_request_id === id)).toBe(false);
      const ownList = (await app.inject({ method: 'GET', url: `/open311/v2/requests.json?api_key=${own.key}` })).json();
      expect(ownList.some((r: { service_request_id: string }) => r.service_request_id === id)).toBe(true);

      // Cases not taken up are not public either.
      const { case: rejected } = await createCase(w.ctx, w.users.operator, caseInput(w));
      await actOnCase(w.ctx, w.users.operator, rejected.id, 'reject', { reason: '不属实' });
      expect((await app.inject({ method: 'GET', url: `/open311/v2/requests/${rejected.number}.xml` })).statusCode).toBe(404);
      expect((await fms.get(`requests/${rejected.number}.xml`, { api_key: KEY })).statusCode).toBe(200); // a key with scope all sees it
    });

    it('refuses an invalid api_key even where none is needed, and logs the use of valid ones', async () => {
      const res = await app.inject({ method: 'GET', url: '/open311/v2/services.xml?api_key=wrong' });
      expect(res.statusCode).toBe(403);
      const usage = await w.ctx.db.select().from(apiKeyUsage);
      expect(usage.length).toBeGreaterThan(0);
      expect(usage.every((u) => !u.path.includes('api_key'))).toBe(true);
      expect(usage.some((u) => u.method === 'POST' && u.path === '/open311/v2/requests.xml' && u.status === 200)).toBe(true);
    });
  });

  describe('format', () => {
    it('escapes markup and control characters so that strict parsers read the text back unchanged', async () => {
      const nasty = `<script>alert("x")</script> & 'quotes' ]]> \u0001\u0008 end`;
      const res = await fms.post('requests.xml', { service_code: 'M09006', lat: String(w.pointIn1.lat), long: String(w.pointIn1.lng), description: nasty });
      expect(res.statusCode, res.body).toBe(200);
      const id = parseXml(res).service_requests.request[0].service_request_id;
      const back = await fms.get(`requests/${id}.xml`, { api_key: KEY });
      expect(back.body).not.toContain('<script>');
      expect(back.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos; ]]&gt;');
      // Characters XML cannot carry at all become U+FFFD; everything else reads back exactly.
      expect(parseXml(back).service_requests.request[0].description).toBe(nasty.replace(/[\u0001\u0008]/g, '\uFFFD'));
      const json = (await fms.get(`requests/${id}.json`, { api_key: KEY })).json();
      expect(json[0].description).toContain(`<script>alert("x")</script> & 'quotes' ]]>`);
    });

    it('answers unknown paths and methods in the spec error format', async () => {
      const res = await app.inject({ method: 'GET', url: '/open311/v2/bogus.json' });
      expect(res.statusCode).toBe(404);
      expect(res.json()[0].code).toBe(404);
      const wrongMethod = await app.inject({ method: 'DELETE', url: '/open311/v2/requests.xml' });
      expect(wrongMethod.statusCode).toBe(404);
      expect(parseXml(wrongMethod).errors.error[0].code).toBe('404');
    });
  });
});
