// The public portal API over HTTP: a citizen reports without an account (with and without a confirmed phone),
// follows, rates and reopens; the public map and case pages never show personal data or exact private points;
// operators moderate, ban numbers and read the SMS outbox — on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, firstCondition, tinyJpeg, uuid, type World } from '../support/world';
import { setSmsSender } from '../../src/server/public/sms';
import { processCaseEvents } from '../../src/server/notify/case-events';
import { deliverDueNotifications } from '../../src/server/notify/outbox';
import exifr from 'exifr';
import { photoWithGps, uploadAs, visitor } from '../field/support';

const PHONE = '13912345678';

describe.each(testDatabaseKinds())('public portal API (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};
  const texts: { phone: string; text: string }[] = [];

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    setSmsSender(w.ctx, { name: 'test', send: async (phone, text) => void texts.push({ phone, text }) });
    app = await appFor(w);
    for (const name of ['admin', 'operator', 'chief', 'dispatcher', 'dept', 'inspector'] as const) as[name] = await signIn(app, w.users[name].username, w.users[name].password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const report = (over: Record<string, unknown> = {}) => ({
    kind: 'matter',
    classCode: '09006',
    description: '小区门口有人占道摆摊，影响通行',
    lng: w.pointIn1.lng,
    lat: w.pointIn1.lat,
    ...over,
  });
  const codeFrom = (phone: string) => {
    const last = [...texts].reverse().find((t) => t.phone === phone);
    return /验证码是 (\d{6})/.exec(last?.text ?? '')?.[1];
  };

  /** Walks a case through the workflow to closed, with an after photo and a department reply. */
  async function close(id: string, reply = '已清理，联系人 张三 13800001111') {
    await as.operator.post(`/api/cases/${id}/register`, {});
    await as.chief.post(`/api/cases/${id}/file`, { filingCondition: await firstCondition(w, 'matter', '09006') });
    await as.dispatcher.post(`/api/cases/${id}/dispatch`, { departmentId: w.departments.enforcement });
    await as.dept.post(`/api/cases/${id}/accept`, {});
    const after = await uploadAs(as.dept, await tinyJpeg());
    expect((await as.dept.post(`/api/cases/${id}/handle`, { note: reply, photoIds: [after] })).statusCode).toBe(200);
    await as.operator.post(`/api/cases/${id}/sendCheck`, { inspectorId: w.users.inspector.id });
    await as.inspector.post(`/api/cases/${id}/check`, { result: 'fixed' });
    const closed = await as.chief.post(`/api/cases/${id}/close`, {});
    expect(closed.json().state).toBe('closed');
    return after;
  }

  it('serves the portal meta without an account', async () => {
    const res = await visitor(app).get('/api/public/meta');
    expect(res.statusCode).toBe(200);
    expect(res.json().settings).toMatchObject({ requirePhoneCode: true, reopenWithinDays: 7 });
    expect(res.json().classes.find((c: { code: string; kind: string }) => c.kind === 'matter' && c.code === '09006').nameZh).toBeTruthy();
  });

  it('takes an anonymous report with a photo, follows it, and rates it after closing', async () => {
    const v = visitor(app);
    // A camera photo: the server reads its GPS position (WGS84) and then strips every metadata block.
    const up = await v.upload(await photoWithGps());
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().exif).toMatchObject({ lng: expect.closeTo(125.26, 6), lat: expect.closeTo(43.88, 6) });
    expect(up.json()).not.toHaveProperty('url'); // no staff URL for the upload
    const key = uuid();
    const res = await v.post('/api/public/reports', report({ photoIds: [up.json().id], locationText: '爱民社区南门' }), { 'idempotency-key': key });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(receipt.number).toMatch(/^220106-2026-\d{6}$/);
    expect(receipt.followToken.length).toBeGreaterThanOrEqual(32);
    expect(receipt.followUrl).toBe(`/portal/follow/${receipt.followToken}`);
    // A retry is answered with the same case and link.
    const retry = await v.post('/api/public/reports', report({ photoIds: [up.json().id], locationText: '爱民社区南门' }), { 'idempotency-key': key });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(receipt);

    // The centre sees a citizen case made by the portal's system user.
    const staff = (await as.operator.get(`/api/cases/${receipt.number}`)).json();
    expect(staff).toMatchObject({ source: 'citizen', state: 'reported', reporter: null });
    expect(staff.photos).toHaveLength(1);

    const follow = await v.get(`/api/public/follow/${receipt.followToken}`);
    expect(follow.statusCode, follow.body).toBe(200);
    const f = follow.json();
    expect(f).toMatchObject({ number: receipt.number, state: 'reported', open: true, canRate: false, canReopen: false, phoneMasked: null });
    expect(f.stateText.zh).toBe('已收到，等待受理');
    expect(f.className.zh).toBe('占道经营');
    expect(f.photos).toEqual([expect.objectContaining({ stage: 'before' })]);
    const photo = await v.get(f.photos[0].thumbUrl);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const full = await v.get(f.photos[0].url);
    expect(await exifr.gps(full.rawPayload).catch(() => undefined)).toBeFalsy();
    expect((await v.get('/api/public/follow/not-a-real-token-at-all')).json().error.code).toBe('FOLLOW_LINK_INVALID');

    // Rating before closing is refused.
    const early = await v.post(`/api/public/follow/${receipt.followToken}/rate`, { satisfaction: 'satisfied' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('NOT_RATABLE');

    await close(staff.id);
    const closed = (await v.get(`/api/public/follow/${receipt.followToken}`)).json();
    expect(closed).toMatchObject({ state: 'closed', open: false, canRate: true, canReopen: true });
    expect(closed.reply.text).toContain('已清理');
    expect(closed.department.zh).toBe('城管执法局');
    expect(closed.photos.map((p: { stage: string }) => p.stage)).toEqual(['before', 'after']);
    expect(closed.timeline.map((t: { state: string }) => t.state)).toEqual(['reported', 'verified', 'filed', 'dispatched', 'handling', 'handled', 'checking', 'checked', 'closed']);

    const rated = await v.post(`/api/public/follow/${receipt.followToken}/rate`, { satisfaction: 'basic', comment: '处理及时' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ canRate: false, rating: { satisfaction: 'basic', comment: '处理及时' } });
    expect((await v.post(`/api/public/follow/${receipt.followToken}/rate`, { satisfaction: 'satisfied' })).json().error.code).toBe('ALREADY_RATED');
    expect((await v.post(`/api/public/follow/${receipt.followToken}/rate`, { satisfaction: 'great' })).statusCode).toBe(400);

    // The rating is a case event the evaluation reads: action rate, role citizen, payload.satisfaction.
    const events = (await as.operator.get(`/api/cases/${staff.id}`)).json().events;
    const rate = events.find((e: { action: string }) => e.action === 'rate');
    expect(rate).toMatchObject({ role: 'citizen', fromState: 'closed', toState: 'closed', note: '处理及时', payload: { satisfaction: 'basic', channel: 'app' } });
  });

  it('needs a texted code for a phone, keeps the phone private, and texts the follow link on closing', async () => {
    const v = visitor(app);
    const noCode = await v.post('/api/public/reports', report({ phone: PHONE }));
    expect(noCode.json().error.code).toBe('CODE_REQUIRED');
    expect((await v.post('/api/public/sms/code', { phone: '12345' })).json().error.code).toBe('PHONE_INVALID');
    const sent = await v.post('/api/public/sms/code', { phone: `+86 ${PHONE.slice(0, 3)}-${PHONE.slice(3)}` });
    expect(sent.statusCode, sent.body).toBe(200);
    // One code a minute per number.
    expect((await v.post('/api/public/sms/code', { phone: PHONE })).statusCode).toBe(429);
    const code = codeFrom(PHONE)!;
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await v.post('/api/public/reports', report({ phone: PHONE, code: code === '000000' ? '111111' : '000000' }));
    expect(wrong.json().error.code).toBe('CODE_INVALID');
    const ok = await v.post('/api/public/reports', report({ phone: PHONE, code, name: '王女士' }));
    expect(ok.statusCode, ok.body).toBe(201);
    // A code is used once.
    expect((await v.post('/api/public/reports', report({ phone: PHONE, code }))).json().error.code).toBe('CODE_INVALID');

    const { number, followToken } = ok.json();
    const staff = (await as.operator.get(`/api/cases/${number}`)).json();
    expect(staff.reporter).toEqual({ name: '王女士', phone: PHONE }); // centre staff only
    expect((await as.dept.get(`/api/cases/${number}`)).statusCode).toBe(404);
    const follow = (await v.get(`/api/public/follow/${followToken}`)).json();
    expect(follow.phoneMasked).toBe('139****5678');
    expect(JSON.stringify(follow)).not.toContain(PHONE);
    expect(JSON.stringify(follow)).not.toContain('王女士');

    texts.length = 0;
    await close(staff.id);
    // The notice goes out through the notifications outbox (src/server/notify), as the server's worker sends it.
    await processCaseEvents(w.ctx);
    await deliverDueNotifications(w.ctx);
    expect(texts).toEqual([{ phone: PHONE, text: expect.stringContaining(`/portal/follow/${followToken}`) }]);

    // The admin sees the outbox; the operator does not.
    const outbox = await as.admin.get('/api/public/sms-outbox');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json().items[0]).toMatchObject({ phone: PHONE, purpose: 'notice', provider: 'test', status: 'sent' });
    expect((await as.operator.get('/api/public/sms-outbox')).statusCode).toBe(403);
  });

  it('reopens a closed case within the set days as a new linked case, once', async () => {
    const v = visitor(app);
    const { number, followToken } = (await v.post('/api/public/reports', report({ description: '路灯不亮', kind: 'component', classCode: '01001' }))).json();
    const staff = (await as.operator.get(`/api/cases/${number}`)).json();
    expect((await v.post(`/api/public/follow/${followToken}/reopen`, { note: '还是不亮' })).json().error.code).toBe('NOT_REOPENABLE');
    // The fast path of this test world: register, file, dispatch … close.
    await as.operator.post(`/api/cases/${staff.id}/register`, {});
    await as.chief.post(`/api/cases/${staff.id}/file`, { filingCondition: await firstCondition(w, 'component', '01001') });
    await as.dispatcher.post(`/api/cases/${staff.id}/dispatch`, { departmentId: w.departments.enforcement });
    await as.dept.post(`/api/cases/${staff.id}/accept`, {});
    await as.dept.post(`/api/cases/${staff.id}/handle`, { photoIds: [await uploadAs(as.dept, await tinyJpeg())] });
    await as.operator.post(`/api/cases/${staff.id}/sendCheck`, { inspectorId: w.users.inspector.id });
    await as.inspector.post(`/api/cases/${staff.id}/check`, { result: 'fixed' });
    await as.chief.post(`/api/cases/${staff.id}/close`, {});

    const key = uuid();
    const res = await v.post(`/api/public/follow/${followToken}/reopen`, { note: '晚上还是不亮' }, { 'idempotency-key': key });
    expect(res.statusCode, res.body).toBe(201);
    const again = await v.post(`/api/public/follow/${followToken}/reopen`, { note: '晚上还是不亮' }, { 'idempotency-key': key });
    expect(again.json()).toEqual(res.json());
    const second = await v.post(`/api/public/follow/${followToken}/reopen`, { note: '又坏了' });
    expect(second.json().error.code).toBe('NOT_REOPENABLE');

    const old = (await v.get(`/api/public/follow/${followToken}`)).json();
    expect(old).toMatchObject({ state: 'closed', canReopen: false, reopenedAs: { number: res.json().number } });
    const fresh = (await v.get(`/api/public/follow/${res.json().followToken}`)).json();
    expect(fresh).toMatchObject({ state: 'reported', reopenOf: { number } });
    expect(fresh.description).toContain(`原案卷 ${number}`);
    const oldEvents = (await as.operator.get(`/api/cases/${staff.id}`)).json().events;
    expect(oldEvents.at(-1)).toMatchObject({ action: 'reopen', role: 'citizen', fromState: 'closed', toState: 'closed', payload: { number: res.json().number } });
  });

  it('shows the public map with class, state and area only, coarsening private classes', async () => {
    const v = visitor(app);
    // 06001 私搭乱建 (illegal building) is a class whose exact place is private.
    const classes = (await v.get('/api/public/meta')).json().classes;
    expect(classes.length).toBeGreaterThan(100);
    const privateCode = '06001';
    const exact = { lng: w.pointIn2.lng + 0.00037, lat: w.pointIn2.lat + 0.00021 };
    const priv = (await v.post('/api/public/reports', report({ classCode: privateCode, ...exact, description: '邻居家私搭乱建' }))).json();

    const map = await v.get('/api/public/map');
    expect(map.statusCode).toBe(200);
    const items = map.json().items;
    expect(items.length).toBeGreaterThan(3);
    const body = map.body;
    for (const secret of [PHONE, '王女士', 'reporter', 'description', '张三', '13800001111', 'followToken', 'photo']) expect(body).not.toContain(secret);
    const item = items.find((i: { number: string }) => i.number === priv.number);
    expect(item.approximate).toBe(true);
    expect(item.lng).not.toBeCloseTo(exact.lng, 4);
    expect(Math.abs(item.lng - exact.lng)).toBeLessThan(0.005);
    expect(Math.abs(item.lat - exact.lat)).toBeLessThan(0.005);
    expect(Object.keys(item).sort()).toEqual(['approximate', 'area', 'className', 'classCode', 'kind', 'lat', 'lng', 'number', 'reportedAt', 'state', 'stateText', 'updatedAt'].sort());
    expect(item.area).toEqual({ street: '春城街道', community: '春城社区' });

    // The public case page: no text until an operator publishes it; the reply with a phone number can be redacted.
    const page = (await v.get(`/api/public/cases/${priv.number}`)).json();
    expect(page).toMatchObject({ description: null, approximate: true, lng: item.lng, lat: item.lat });
    expect(JSON.stringify(page)).not.toContain('邻居');
    expect((await v.get('/api/public/cases/220106-2026-999999')).statusCode).toBe(404);
  });

  it('lets operators publish, redact and hide public items and ban numbers', async () => {
    const v = visitor(app);
    const up = (await v.upload(await tinyJpeg())).json();
    const { number } = (await v.post('/api/public/reports', report({ description: '我家楼下 13911112222 的摊位占道', photoIds: [up.id] }))).json();
    const staff = (await as.operator.get(`/api/cases/${number}`)).json();
    const after = await close(staff.id, '已处理，联系人 李四 13800002222');

    const queue = await as.operator.get('/api/public/moderation');
    expect(queue.statusCode).toBe(200);
    const mine = queue.json().items.filter((i: { caseId: string }) => i.caseId === staff.id);
    expect(mine.map((i: { item: string }) => i.item).sort()).toEqual(['report_photo', 'report_text']);
    expect((await v.get(`/api/public/photos/${up.id}`)).statusCode).toBe(404); // pending: not public yet
    expect((await v.get(`/api/public/photos/${after}/thumb`)).statusCode).toBe(200); // after photos are public

    const decide = (body: Record<string, unknown>) => as.operator.post('/api/public/moderation', { caseId: staff.id, ...body });
    expect((await decide({ item: 'report_text', action: 'redact', text: '楼下摊位占道' })).statusCode).toBe(200);
    expect((await decide({ item: 'report_photo', ref: up.id, action: 'publish' })).statusCode).toBe(200);
    const all = (await as.operator.get('/api/public/moderation?status=all')).json().items.filter((i: { caseId: string }) => i.caseId === staff.id);
    const replyItem = all.find((i: { item: string }) => i.item === 'reply');
    expect(replyItem).toMatchObject({ status: 'published', text: expect.stringContaining('李四') });
    expect((await decide({ item: 'reply', ref: replyItem.ref, action: 'redact', text: '已处理。' })).statusCode).toBe(200);
    expect((await decide({ item: 'after_photo', ref: after, action: 'hide', reason: '含人脸' })).statusCode).toBe(200);
    expect((await decide({ item: 'reply', ref: '999', action: 'hide' })).json().error.code).toBe('MODERATION_ITEM_NOT_FOUND');
    expect((await decide({ item: 'report_photo', ref: up.id, action: 'redact', text: 'x' })).statusCode).toBe(400);
    expect((await as.dept.post('/api/public/moderation', { caseId: staff.id, item: 'case', action: 'hide' })).statusCode).toBe(403);

    const page = (await v.get(`/api/public/cases/${number}`)).json();
    expect(page.description).toBe('楼下摊位占道');
    expect(page.reply.text).toBe('已处理。');
    expect(page.photos.map((p: { id: string }) => p.id)).toEqual([up.id]);
    expect((await v.get(`/api/public/photos/${up.id}`)).statusCode).toBe(200);
    expect((await v.get(`/api/public/photos/${after}`)).statusCode).toBe(404);
    expect(JSON.stringify(page)).not.toMatch(/1391111|1380000|李四/);

    // Hidden from the public map and page.
    await decide({ item: 'case', action: 'hide' });
    expect((await v.get('/api/public/map')).json().items.some((i: { number: string }) => i.number === number)).toBe(false);
    expect((await v.get(`/api/public/cases/${number}`)).statusCode).toBe(404);

    // Banned numbers get no codes and make no reports.
    const banned = await as.operator.post('/api/public/banned', { phone: '13700001111', reason: '恶意举报' });
    expect(banned.statusCode, banned.body).toBe(200);
    expect(banned.json().items[0]).toMatchObject({ phone: '13700001111', reason: '恶意举报' });
    expect((await v.post('/api/public/sms/code', { phone: '13700001111' })).json().error.code).toBe('PHONE_BANNED');
    expect((await v.post('/api/public/reports', report({ phone: '13700001111', code: '123456' }))).json().error.code).toBe('PHONE_BANNED');
    const lifted = await app.inject({ method: 'DELETE', url: '/api/public/banned/13700001111' });
    expect(lifted.statusCode).toBe(401);
  });

  it('limits sizes and rates', async () => {
    const v = visitor(app);
    expect((await v.post('/api/public/reports', report({ description: 'x'.repeat(501) }))).statusCode).toBe(400);
    expect((await v.post('/api/public/reports', report({ lng: 116.4, lat: 39.9 }))).json().error.code).toBe('OUTSIDE_DISTRICT');
    expect((await v.post('/api/public/reports', report({ photoIds: [uuid()] }))).json().error.code).toBe('PHOTO_NOT_FOUND');
    // A staff member's unattached photo cannot be attached by a citizen.
    const staffPhoto = await uploadAs(as.inspector, await tinyJpeg());
    expect((await v.post('/api/public/reports', report({ photoIds: [staffPhoto] }))).json().error.code).toBe('PHOTO_NOT_FOUND');
    const big = Buffer.alloc(9 * 1024 * 1024, 1);
    expect((await v.upload(big)).statusCode).toBe(413);
    expect((await v.upload(Buffer.from('not an image'))).statusCode).toBe(415);

    // Per address: the report route takes 20 an hour.
    const flood = visitor(app, '10.200.0.1');
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await flood.post('/api/public/reports', report({ description: `第${i}次` }))).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 201)).toBe(true);
    expect(codes[20]).toBe(429);
    expect((await visitor(app, '10.200.0.2').post('/api/public/reports', report())).statusCode).toBe(201);
  });

  // Last: it moves the clock past every session's lifetime.
  it('refuses to reopen after the set days', async () => {
    const v = visitor(app);
    const { followToken: t2 } = (await v.post('/api/public/reports', report())).json();
    const c2 = (await as.operator.get(`/api/cases?source=citizen&pageSize=1`)).json().items[0];
    await close(c2.id);
    w.clock.advance(8 * 24 * 60);
    expect((await v.post(`/api/public/follow/${t2}/reopen`, { note: '没修好' })).json().error.code).toBe('NOT_REOPENABLE');
    expect((await v.get(`/api/public/follow/${t2}`)).json().canReopen).toBe(false);
  });
});
