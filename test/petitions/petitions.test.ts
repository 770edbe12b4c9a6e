// The petitions API over HTTP (信访): registration from every channel, 诉访分离 routing, the workflow with its limits on
// the working calendar (acceptance, handling with one extension, reply, satisfaction, review), conversion into a
// city-management case, the limits configuration and bad input — on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, type Client } from '../support/http';
import { buildWorld, uuid, type World } from '../support/world';
import { visitor } from '../field/support';
import { addPetitionStaff, letter, PETITIONER, put, rawSignIn, recordSms, signInFresh } from './support';

/** Friday 2026-09-18 10:30 in Shanghai: a fortnight before 国庆节 (10-01..10-07). */
const START = new Date('2026-09-18T02:30:00Z');
const DAY_MIN = 24 * 60;
/** The instant a period ends whose last day is `day` (24:00 Shanghai = 16:00 UTC). */
const endOf = (day: string) => new Date(`${day}T16:00:00.000Z`).toISOString();

describe.each(testDatabaseKinds())('petitions API (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};
  let texts: { phone: string; text: string }[];
  let staff: { username: string; password: string };

  /** Sessions last 12 hours of the test clock: sign in again after moving it by days. */
  async function signInAll() {
    as.petition = await signInFresh(app, staff.username, staff.password);
    for (const name of ['admin', 'operator', 'leader', 'dept', 'dept2', 'street'] as const) as[name] = await signInFresh(app, w.users[name].username, w.users[name].password);
  }
  async function moveClock(to: Date | number) {
    if (typeof to === 'number') w.clock.advance(to);
    else w.clock.now = to;
    await signInAll();
  }

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db, START);
    texts = recordSms(w);
    staff = await addPetitionStaff(w);
    app = await appFor(w);
    await signInAll();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const count = async (table: string) => {
    const res = (await w.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
    return Number(res.rows[0].n);
  };
  const register = async (over: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await as.petition.post('/api/petitions', letter(over), headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { petition: { id: string; number: string; state: string; [k: string]: unknown }; receipt: { number: string; queryCode: string; followToken: string } };
  };
  const act = async (who: string, id: string, action: string, body: unknown = {}) => as[who].post(`/api/petitions/${id}/${action}`, body);
  const ok = async (who: string, id: string, action: string, body: unknown = {}) => {
    const res = await act(who, id, action, body);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    return res.json();
  };

  it('registers a letter received earlier: one number, a receipt, and 15 days to decide rolled past 国庆节', async () => {
    const key = uuid();
    const { petition: p, receipt } = await register({ receivedAt: '2026-09-18T01:00:00Z' }, { 'idempotency-key': key });
    expect(p.number).toMatch(/^XF220106-2026-\d{6}$/);
    expect(receipt.number).toBe(p.number);
    expect(receipt.queryCode).toMatch(/^\d{6}$/);
    expect(p).toMatchObject({ state: 'registered', channel: 'letter', step: 'accept', light: 'green', petitioner: PETITIONER });
    // Received Friday 09-18: day 15 is Saturday 10-03, inside the holiday; the period ends with Thursday 10-08.
    expect(p.stepDeadline).toBe(endOf('2026-10-08'));
    const events = p.events as { action: string; notice: string | null }[];
    expect(events.map((e) => e.action)).toEqual(['register']);
    expect(events[0].notice).toContain('2026年10月8日前告知是否受理');
    expect(texts.some((m) => m.phone === PETITIONER.phone && m.text.includes(p.number))).toBe(true);

    // A retry with the same key is the same item; the same key with another body is refused.
    const again = await as.petition.post('/api/petitions', letter({ receivedAt: '2026-09-18T01:00:00Z' }), { 'idempotency-key': key });
    expect(again.statusCode).toBe(200);
    expect(again.json().petition.number).toBe(p.number);
    const other = await as.petition.post('/api/petitions', letter({ subject: '另一件事' }), { 'idempotency-key': key });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('takes every staff channel into the one register, each with its own number', async () => {
    const numbers = new Set<string>();
    for (const channel of ['letter', 'visit', 'phone'] as const) {
      const { petition } = await register({ channel, subject: `${channel} 渠道来件`, peopleCount: channel === 'visit' ? 6 : 1 });
      expect(petition.channel).toBe(channel);
      numbers.add(petition.number);
    }
    expect(numbers.size).toBe(3);
    const list = (await as.petition.get('/api/petitions?queue=registered&pageSize=100')).json();
    for (const n of numbers) expect(list.items.some((i: { number: string }) => i.number === n)).toBe(true);
    const stats = (await as.petition.get('/api/petitions/stats')).json();
    expect(stats.byChannel.visit).toBeGreaterThanOrEqual(1);
    expect(stats.byChannel.phone).toBeGreaterThanOrEqual(1);
  });

  it('诉访分离: a matter for the courts is registered, routed out with its guidance, and not handled as a petition', async () => {
    const guidance = '您反映的事项已由人民法院作出判决，请依法申请强制执行或通过上诉途径解决。';
    const { petition: p } = await register({
      topic: 'other',
      subject: '合同纠纷判决不执行',
      content: '我与装修公司的合同纠纷法院已经判决，对方拒不履行，请政府督促。',
      screening: { route: 'litigation', basis: '已有生效判决', guidance },
    });
    expect(p).toMatchObject({ state: 'routed_out', route: 'litigation', step: null, light: null, allowedActions: ['comment'] });
    const events = p.events as { action: string; notice: string | null; payload: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual(['register', 'routeOut']);
    expect(events[1].notice).toContain(guidance);
    expect(events[1].payload).toMatchObject({ route: 'litigation', basis: '已有生效判决' });
    expect((await act('petition', p.id, 'accept')).json().error.code).toBe('PETITION_TRANSITION_NOT_ALLOWED');
    const routed = (await as.petition.get('/api/petitions?queue=routed_out')).json();
    expect(routed.items.map((i: { number: string }) => i.number)).toContain(p.number);
    const registered = (await as.petition.get('/api/petitions?queue=registered&pageSize=200')).json();
    expect(registered.items.map((i: { number: string }) => i.number)).not.toContain(p.number);

    // Entered as a petition, the words still raise the flag; staff route it out at the decision on acceptance.
    const { petition: q } = await register({ topic: 'labour_social_security', subject: '装修公司拖欠工资', content: '某装修公司拖欠工资三个月，多次讨要无果，请求帮助。' });
    expect(q).toMatchObject({ state: 'registered', suggestedRoute: 'arbitration' });
    expect((q.screening as { matched: string[] }).matched).toContain('拖欠工资');
    const out = await ok('petition', q.id, 'routeOut', { route: 'arbitration', guidance: '请向绿园区劳动人事争议仲裁委员会申请仲裁。' });
    expect(out).toMatchObject({ state: 'routed_out', route: 'arbitration' });

    // A route out without its guidance is refused, and nothing is stored.
    const before = await count('petitions');
    const bad = await as.petition.post('/api/petitions', letter({ screening: { route: 'administrative_review' } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(await count('petitions')).toBe(before);
  });

  it('runs the limits on the calendar: accept, assign, one extension of at most 30 days, lights, reply, rating, close', async () => {
    const { petition: p, receipt } = await register();
    const { petition: late } = await register({ subject: '另一处占道经营' });
    await moveClock(3 * DAY_MIN); // Monday 09-21 10:30
    const accepted = await ok('petition', p.id, 'accept', { note: '符合受理条件' });
    // 60 days from Monday 09-21: Friday 11-20.
    expect(accepted).toMatchObject({ state: 'accepted', step: 'handle', handleDays: 60, handleDeadline: endOf('2026-11-20') });
    expect(accepted.events.at(-1).notice).toContain('2026年11月20日前办结');
    await ok('petition', late.id, 'accept');
    const assigned = await ok('petition', p.id, 'assign', { departmentId: w.departments.enforcement });
    expect(assigned).toMatchObject({ state: 'handling', departmentId: w.departments.enforcement, departmentName: '城管执法局' });
    await ok('petition', late.id, 'assign', { departmentId: w.departments.enforcement });

    // The body extends once, by at most 30 days; another body cannot even see the item.
    expect((await act('dept', p.id, 'extend', { days: 31, reason: '需协调规划部门' })).json().error.code).toBe('EXTENSION_TOO_LONG');
    expect((await act('dept2', p.id, 'extend', { days: 10, reason: '需协调' })).json().error.code).toBe('PETITION_NOT_FOUND');
    const extended = await ok('dept', p.id, 'extend', { days: 30, reason: '需协调规划部门' });
    // 90 days from 09-21 is Sunday 12-20: the period ends with Monday 12-21.
    expect(extended).toMatchObject({ extensionDays: 30, handleDays: 90, handleDeadline: endOf('2026-12-21'), stepDeadline: endOf('2026-12-21') });
    expect(extended.events.at(-1).notice).toContain('延长30日');
    expect((await act('dept', p.id, 'extend', { days: 5, reason: '再延' })).json().error.code).toBe('EXTENSION_ALREADY_USED');

    // Lights: green at 70 % of the extended period, yellow past 80 %; the item without extension is red and overdue.
    await moveClock(new Date('2026-11-30T02:30:00Z'));
    expect((await as.petition.get(`/api/petitions/${p.id}`)).json().light).toBe('green');
    await moveClock(new Date('2026-12-10T02:30:00Z'));
    const yellow = (await as.dept.get(`/api/petitions/${p.id}`)).json();
    expect(yellow).toMatchObject({ light: 'yellow', daysLeft: 11 });
    const red = (await as.petition.get(`/api/petitions/${late.id}`)).json();
    expect(red.light).toBe('red');
    expect(red.daysLeft).toBeLessThan(0);
    const overdue = (await as.petition.get('/api/petitions?queue=overdue')).json();
    expect(overdue.items.map((i: { number: string }) => i.number)).toContain(late.number);
    expect(overdue.items.map((i: { number: string }) => i.number)).not.toContain(p.number);
    expect((await act('dept', late.id, 'extend', { days: 10, reason: '太晚了' })).json().error.code).toBe('EXTENSION_TOO_LATE');

    // Written reply by the body: the petitioner may ask for a review for 30 days (Saturday 2027-01-09 → Monday 01-11).
    const replied = await ok('dept', p.id, 'reply', { text: '经现场调查，已依法取缔该露天烧烤摊点，并安排夜间巡查防止反弹。' });
    expect(replied).toMatchObject({ state: 'replied', step: null, reviewUntil: endOf('2027-01-11') });
    expect(replied.events.at(-1).payload.inTime).toBe(true);
    expect((await act('petition', p.id, 'close')).json().error.code).toBe('PETITION_NOT_CLOSABLE');

    // The petitioner rates on the follow page; then the office closes the item.
    const v = visitor(app);
    const view = (await v.get(`/api/public/petitions/follow/${receipt.followToken}`)).json();
    expect(view).toMatchObject({ state: 'replied', canRate: true, canRequestReview: true });
    expect(view.reply.text).toContain('取缔');
    expect(view.notices.map((n: { action: string }) => n.action)).toEqual(['register', 'accept', 'assign', 'extend', 'reply']);
    const rated = await v.post(`/api/public/petitions/follow/${receipt.followToken}/rate`, { satisfaction: 'satisfied', comment: '处理及时' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ rating: { satisfaction: 'satisfied', comment: '处理及时' }, canRate: false });
    expect((await v.post(`/api/public/petitions/follow/${receipt.followToken}/rate`, { satisfaction: 'basic' })).json().error.code).toBe('PETITION_ALREADY_RATED');
    const closed = await ok('petition', p.id, 'close', { note: '信访人满意，办结' });
    expect(closed.state).toBe('closed');
    expect(closed.events.map((e: { action: string }) => e.action)).toEqual(['register', 'accept', 'assign', 'extend', 'reply', 'rate', 'close']);
    expect(closed.events.find((e: { action: string }) => e.action === 'rate').role).toBe('citizen');
  });

  it('review: asked for within the window on the follow page, decided by the office; too late is refused', async () => {
    const { petition: p, receipt } = await register({ subject: '复查测试' });
    await ok('petition', p.id, 'accept');
    await ok('petition', p.id, 'assign', { departmentId: w.departments.enforcement });
    await ok('dept', p.id, 'reply', { text: '经核查，该处不属于违法建设，系经审批的临时设施。' });
    const v = visitor(app);
    const asked = await v.post(`/api/public/petitions/follow/${receipt.followToken}/review`, { reason: '该设施审批已过期，答复不实' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().state).toBe('reviewing');
    const reviewing = (await as.petition.get(`/api/petitions/${p.id}`)).json();
    expect(reviewing).toMatchObject({ state: 'reviewing', step: 'review', light: 'green' });
    const decided = await ok('petition', p.id, 'decideReview', { decision: 'changed', opinion: '经复查，该临时设施审批已过期，责令承办单位依法拆除。' });
    expect(decided).toMatchObject({ state: 'reviewed', reviewDecision: 'changed' });
    const view = (await v.get(`/api/public/petitions/follow/${receipt.followToken}`)).json();
    expect(view.reviewDecision).toMatchObject({ decision: 'changed' });
    expect(view.open).toBe(false);

    const { petition: q, receipt: r2 } = await register({ subject: '逾期复查测试' });
    await ok('petition', q.id, 'accept');
    await ok('petition', q.id, 'assign', { departmentId: w.departments.enforcement });
    await ok('dept', q.id, 'reply', { text: '已责令商户整改，经复查已整改到位。' });
    await moveClock(40 * DAY_MIN);
    const tooLate = await v.post(`/api/public/petitions/follow/${r2.followToken}/review`, { reason: '不满意' });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().error.code).toBe('REVIEW_WINDOW_CLOSED');
    // Once the window has passed, the office may close without a rating.
    expect((await ok('petition', q.id, 'close')).state).toBe('closed');
  });

  it('makes a city-management case from an item in one step, linked both ways, without the petitioner', async () => {
    const { petition: p } = await register({ subject: '正阳街道路口占道经营' });
    const cases0 = await count('cases');
    const body = { kind: 'matter', classCode: '09006', description: '正阳街道路口商贩长期占道经营，影响通行（信访转办）', lng: w.pointIn1.lng, lat: w.pointIn1.lat };

    // Outside the district: refused, no case, no link.
    const outside = await as.petition.post(`/api/petitions/${p.id}/convert`, { ...body, lng: 126.5, lat: 45.8 });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('OUTSIDE_DISTRICT');
    expect(await count('cases')).toBe(cases0);
    expect((await as.operator.post(`/api/petitions/${p.id}/convert`, body)).statusCode).toBe(403);

    const res = await as.petition.post(`/api/petitions/${p.id}/convert`, body);
    expect(res.statusCode, res.body).toBe(201);
    const { case: made, petition } = res.json();
    expect(made.number).toMatch(/^220106-\d{4}-\d{6}$/);
    expect(await count('cases')).toBe(cases0 + 1);
    expect(petition.linkedCase).toMatchObject({ id: made.id, number: made.number, state: 'reported' });
    expect(petition.canConvert).toBe(false);
    expect(petition.events.at(-1)).toMatchObject({ action: 'linkCase', payload: { caseId: made.id, caseNumber: made.number } });

    // The case: source petition, no reporter, nothing of the petitioner anywhere in it.
    const c = await as.operator.get(`/api/cases/${made.id}`);
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ source: 'petition', reporter: null });
    for (const secret of [PETITIONER.name, PETITIONER.phone, PETITIONER.idNumber]) expect(c.body).not.toContain(secret);

    // The link back from the case is shown only to those who may read the item.
    const link = async (who: string) => (await as[who].get(`/api/petitions/by-case/${made.id}`)).json().petition;
    expect(await link('petition')).toMatchObject({ id: p.id, number: p.number });
    expect(await link('leader')).toMatchObject({ number: p.number });
    expect(await link('operator')).toBeNull();
    expect(await link('dept')).toBeNull(); // not assigned to the enforcement bureau (yet)
    await ok('petition', p.id, 'accept');
    await ok('petition', p.id, 'assign', { departmentId: w.departments.enforcement });
    expect(await link('dept')).toMatchObject({ number: p.number });
    expect(await link('dept2')).toBeNull();

    const twice = await as.petition.post(`/api/petitions/${p.id}/convert`, body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('PETITION_ALREADY_LINKED');
    expect(await count('cases')).toBe(cases0 + 1);
  });

  it('refuses bad input with a stable code and stores nothing', async () => {
    const before = await count('petitions');
    const events = await count('petition_events');
    const cases = [
      [letter({ channel: 'fax' }), 400, 'VALIDATION_FAILED'],
      [letter({ receivedAt: new Date(w.clock.now.getTime() + 86_400_000).toISOString() }), 422, 'RECEIVED_IN_FUTURE'],
      [letter({ petitioner: { ...PETITIONER, idNumber: '12345' } }), 400, 'VALIDATION_FAILED'],
      [letter({ petitioner: { name: '' } }), 400, 'VALIDATION_FAILED'],
      [letter({ channel: 'reception_day' }), 400, 'VALIDATION_FAILED'],
      [letter({ lng: 125.25 }), 400, 'VALIDATION_FAILED'],
      [letter({ content: 'x'.repeat(5001) }), 400, 'VALIDATION_FAILED'],
      [letter({ reception: { dayId: uuid() }, channel: 'reception_day' }), 404, 'RECEPTION_DAY_NOT_FOUND'],
    ] as const;
    for (const [body, status, code] of cases) {
      const res = await as.petition.post('/api/petitions', body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await as.operator.post('/api/petitions', letter())).json().error.code).toBe('FORBIDDEN');
    expect(await count('petitions')).toBe(before);
    expect(await count('petition_events')).toBe(events);

    const { petition: p } = await register({ subject: '错误输入测试' });
    expect((await act('petition', p.id, 'assign', { departmentId: w.departments.enforcement })).json().error.code).toBe('PETITION_TRANSITION_NOT_ALLOWED');
    await ok('petition', p.id, 'accept');
    expect((await act('petition', p.id, 'assign', { departmentId: uuid() })).json().error.code).toBe('DEPARTMENT_NOT_FOUND');
    expect((await as.petition.post(`/api/petitions/${p.id}/assign?expectedVersion=1`, { departmentId: w.departments.enforcement })).json().error.code).toBe('PETITION_VERSION_CONFLICT');
    await ok('petition', p.id, 'assign', { departmentId: w.departments.enforcement });
    expect((await act('dept', p.id, 'reply', { text: '已处理' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await act('dept', p.id, 'accept')).json().error.code).toBe('PETITION_TRANSITION_NOT_ALLOWED');
    expect((await act('leader', p.id, 'reply', { text: '领导不能直接答复此件信访事项。' })).json().error.code).toBe('ROLE_NOT_ALLOWED');
    expect((await act('petition', p.id, 'linkCase', { caseId: uuid(), caseNumber: 'x' })).statusCode).toBe(404);
    expect((await as.petition.get(`/api/petitions/${uuid()}`)).json().error.code).toBe('PETITION_NOT_FOUND');
    expect((await as.petition.get('/api/petitions/not-a-number')).json().error.code).toBe('PETITION_NOT_FOUND');
    const after = (await as.petition.get(`/api/petitions/${p.id}`)).json();
    expect(after.events.map((e: { action: string }) => e.action)).toEqual(['register', 'accept', 'assign']);
  });

  it('keeps the limits as configuration: administrators and petition staff change them, the next item follows', async () => {
    const limits = (await as.leader.get('/api/petitions/settings')).json();
    expect(limits).toMatchObject({ acceptDays: 15, handleDays: 60, maxExtensionDays: 30, reviewRequestDays: 30, reviewDecisionDays: 30 });
    const admin = await rawSignIn(app, w.users.admin.username, w.users.admin.password);
    const operator = await rawSignIn(app, w.users.operator.username, w.users.operator.password);
    expect((await put(app, operator, '/api/petitions/settings', { ...limits, acceptDays: 10 })).statusCode).toBe(403);
    const bad = await put(app, admin, '/api/petitions/settings', { ...limits, acceptDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect((await as.leader.get('/api/petitions/settings')).json().acceptDays).toBe(15);
    const good = await put(app, admin, '/api/petitions/settings', { ...limits, acceptDays: 10, rollOverDaysOff: false });
    expect(good.statusCode, good.body).toBe(200);
    await moveClock(new Date('2026-11-16T01:00:00Z')); // Monday 09:00
    const { petition } = await register({ subject: '新时限测试' });
    expect(petition.stepDeadline).toBe(endOf('2026-11-26'));
    await put(app, admin, '/api/petitions/settings', limits);
  });
});
