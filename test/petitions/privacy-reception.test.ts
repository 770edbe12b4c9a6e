// Who sees a petitioner (信访人): petition staff only — per role over HTTP; the public and the petitioner's private
// page; the online petition form; reception days with citizens' bookings, visits and follow-up tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, type Client } from '../support/http';
import { buildWorld, uuid, type World } from '../support/world';
import { visitor } from '../field/support';
import { addPetitionStaff, codeFrom, letter, PETITIONER, recordSms, signInFresh } from './support';

describe.each(testDatabaseKinds())('petition privacy, portal and reception days (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};
  let texts: { phone: string; text: string }[];
  let item: { id: string; number: string; followToken: string; queryCode: string };

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db); // Monday 2026-11-16 09:00 Shanghai
    texts = recordSms(w);
    const staff = await addPetitionStaff(w);
    app = await appFor(w);
    as.petition = await signInFresh(app, staff.username, staff.password);
    for (const name of ['admin', 'operator', 'chief', 'dispatcher', 'inspector', 'leader', 'dept', 'dept2', 'street'] as const) {
      as[name] = await signInFresh(app, w.users[name].username, w.users[name].password);
    }
    const res = await as.petition.post('/api/petitions', letter());
    expect(res.statusCode, res.body).toBe(201);
    const { petition, receipt } = res.json();
    item = { id: petition.id, number: petition.number, followToken: receipt.followToken, queryCode: receipt.queryCode };
    await as.petition.post(`/api/petitions/${item.id}/accept`, {});
    await as.petition.post(`/api/petitions/${item.id}/assign`, { departmentId: w.departments.enforcement });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const secrets = [PETITIONER.name, PETITIONER.phone, PETITIONER.idNumber, PETITIONER.address];

  it('shows the petitioner to petition staff only; leaders and the assigned body read the item without it', async () => {
    const staff = await as.petition.get(`/api/petitions/${item.id}`);
    expect(staff.json().petitioner).toEqual(PETITIONER);
    expect(staff.json().petitionerName).toBe(PETITIONER.name);

    for (const who of ['leader', 'dept']) {
      const res = await as[who].get(`/api/petitions/${item.id}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().petitioner, who).toBeNull();
      expect(res.json().petitionerName, who).toBeNull();
      for (const s of secrets) expect(res.body, `${who} sees ${s}`).not.toContain(s);
      const list = await as[who].get('/api/petitions?queue=all');
      expect(list.statusCode).toBe(200);
      for (const s of secrets) expect(list.body, `${who} list shows ${s}`).not.toContain(s);
    }
    // Another body, and a street office whose area the item may concern, do not see the item at all.
    for (const who of ['dept2', 'street']) {
      const res = await as[who].get(`/api/petitions/${item.id}`);
      expect(res.statusCode, who).toBe(404);
      expect(res.json().error.code).toBe('PETITION_NOT_FOUND');
      expect((await as[who].get('/api/petitions')).json().total, who).toBe(0);
    }
    // The centre's case staff and administrators have no business in the register.
    for (const who of ['operator', 'chief', 'dispatcher', 'inspector', 'admin']) {
      const res = await as[who].get(`/api/petitions/${item.id}`);
      expect(res.statusCode, who).toBe(403);
      expect((await as[who].get('/api/petitions')).statusCode, who).toBe(403);
    }
    expect((await visitor(app).get(`/api/petitions/${item.id}`)).statusCode).toBe(401);
  });

  it('searches by the petitioner\'s name for petition staff only', async () => {
    const q = encodeURIComponent(PETITIONER.name);
    expect((await as.petition.get(`/api/petitions?q=${q}`)).json().total).toBe(1);
    expect((await as.leader.get(`/api/petitions?q=${q}`)).json().total).toBe(0);
    expect((await as.leader.get(`/api/petitions?q=${item.number}`)).json().total).toBe(1);
  });

  it('lets the petitioner follow the item by private link or number + query code, masked, and nothing else', async () => {
    const v = visitor(app);
    const view = await v.get(`/api/public/petitions/follow/${item.followToken}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ number: item.number, state: 'handling', petitionerMasked: '王** 138****5678' });
    expect(view.json().department.zh).toBe('城管执法局');
    for (const s of [PETITIONER.phone, PETITIONER.idNumber, PETITIONER.address]) expect(view.body).not.toContain(s);
    expect((await v.get(`/api/public/petitions/follow/${'x'.repeat(32)}`)).json().error.code).toBe('FOLLOW_LINK_INVALID');

    const found = await v.post('/api/public/petitions/lookup', { number: item.number, code: item.queryCode });
    expect(found.statusCode).toBe(200);
    expect(found.json().followToken).toBe(item.followToken);
    const wrong = item.queryCode === '000000' ? '111111' : '000000';
    expect((await v.post('/api/public/petitions/lookup', { number: item.number, code: wrong })).json().error.code).toBe('PETITION_LOOKUP_FAILED');
    expect((await v.post('/api/public/petitions/lookup', { number: 'XF220106-2026-999999', code: wrong })).json().error.code).toBe('PETITION_LOOKUP_FAILED');
    expect((await v.post('/api/public/petitions/lookup', { number: item.number, code: '12' })).statusCode).toBe(400);
  });

  it('locks the number + code lookup after ten wrong codes (the private link still works)', async () => {
    const { receipt } = (await as.petition.post('/api/petitions', letter({ subject: '查询码锁定测试' }))).json();
    const wrong = receipt.queryCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 10; i++) {
      const ip = visitor(app, `10.5.0.${i}`);
      expect((await ip.post('/api/public/petitions/lookup', { number: receipt.number, code: wrong })).json().error.code).toBe('PETITION_LOOKUP_FAILED');
    }
    const locked = await visitor(app, '10.5.1.1').post('/api/public/petitions/lookup', { number: receipt.number, code: receipt.queryCode });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('PETITION_LOOKUP_LOCKED');
    expect((await visitor(app).get(`/api/public/petitions/follow/${receipt.followToken}`)).statusCode).toBe(200);
  });

  it('takes an online petition with a confirmed phone; a retry is the same item; staff see it waiting with its screening', async () => {
    const v = visitor(app);
    const phone = '13911112222';
    const body = {
      petitioner: { name: '李秀英', phone },
      topic: 'law_enforcement_conduct',
      subject: '对罚款决定不服',
      content: '城管执法人员对我的早餐摊作出罚款决定，我认为处罚过重，请求撤销。',
    };
    const noCode = await v.post('/api/public/petitions', body);
    expect(noCode.statusCode).toBe(422);
    expect(noCode.json().error.code).toBe('CODE_REQUIRED');
    expect((await v.post('/api/public/sms/code', { phone })).statusCode).toBe(200);
    const key = uuid();
    const res = await v.post('/api/public/petitions', { ...body, code: codeFrom(texts, phone) }, { 'idempotency-key': key });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(receipt.number).toMatch(/^XF220106-2026-\d{6}$/);
    expect(receipt.followUrl).toBe(`/portal/petition/follow/${receipt.followToken}`);
    const again = await v.post('/api/public/petitions', { ...body, code: '000000' }, { 'idempotency-key': key });
    expect(again.statusCode).toBe(200);
    expect(again.json().number).toBe(receipt.number);

    const waiting = (await as.petition.get('/api/petitions?queue=registered&channel=online')).json();
    const row = waiting.items.find((i: { number: string }) => i.number === receipt.number);
    expect(row).toMatchObject({ channel: 'online', state: 'registered', suggestedRoute: 'administrative_review', petitionerName: '李秀英' });
    const detail = (await as.petition.get(`/api/petitions/${row.id}`)).json();
    expect(detail.events[0]).toMatchObject({ action: 'register', role: 'citizen' });
    expect(texts.some((m) => m.phone === phone && m.text.includes(receipt.number))).toBe(true);

    // Bad input on the public form: nothing stored.
    const total = (await as.petition.get('/api/petitions')).json().total;
    for (const bad of [{ ...body, petitioner: { name: '李秀英' } }, { ...body, content: '太短' }, { ...body, topic: 'weather' }, { ...body, extra: 1 }]) {
      const r = await v.post('/api/public/petitions', { ...bad, code: '123456' });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await as.petition.get('/api/petitions')).json().total).toBe(total);
  });

  it('reception days: the public books, staff see who booked, the visit is recorded, tasks are done by the body', async () => {
    const dayBody = {
      day: '2026-11-20',
      startTime: '09:00',
      endTime: '11:30',
      kind: 'district_leader',
      hostName: '吴强',
      hostTitle: '副区长',
      departmentId: w.departments.enforcement,
      place: '绿园区信访接待中心一楼接待室',
      topics: '城市管理、违法建设',
      capacity: 2,
    };
    expect((await as.leader.post('/api/reception/days', dayBody)).statusCode).toBe(403);
    expect((await as.petition.post('/api/reception/days', { ...dayBody, endTime: '08:00' })).statusCode).toBe(400);
    const created = await as.petition.post('/api/reception/days', dayBody);
    expect(created.statusCode, created.body).toBe(201);
    const dayId = created.json().day.id;

    const v = visitor(app);
    const pub = (await v.get('/api/public/reception/days')).json();
    expect(pub.items.find((d: { id: string }) => d.id === dayId)).toMatchObject({ hostName: '吴强', hostTitle: '副区长', capacity: 2, booked: 0 });

    const phone = '13933334444';
    await v.post('/api/public/sms/code', { phone });
    const booking = { dayId, name: '赵立新', phone, subject: '小区旁违建长期未拆除', peopleCount: 1 };
    const booked = await v.post('/api/public/reception/appointments', { ...booking, code: codeFrom(texts, phone) });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ seq: 1, day: { id: dayId, booked: 1 } });
    expect(booked.body).not.toContain('赵立新');
    expect((await v.get('/api/public/reception/days')).body).not.toContain('赵立新');
    await as.petition.post(`/api/reception/days/${dayId}/appointments`, { name: '钱桂英', subject: '噪声扰民' });
    const full = await as.petition.post(`/api/reception/days/${dayId}/appointments`, { name: '孙海燕', subject: '第三位' });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('RECEPTION_DAY_FULL');

    const staffView = (await as.petition.get(`/api/reception/days/${dayId}`)).json();
    expect(staffView.appointments.map((a: { name: string }) => a.name)).toEqual(['赵立新', '钱桂英']);
    const leaderView = (await as.leader.get(`/api/reception/days/${dayId}`)).json();
    expect(leaderView.appointments.map((a: { name: string | null; subject: string }) => [a.name, a.subject])).toEqual([
      [null, '小区旁违建长期未拆除'],
      [null, '噪声扰民'],
    ]);
    expect((await as.dept.get(`/api/reception/days/${dayId}`)).json().appointments).toEqual([]);

    // The visit: registered as an item of the register on that day, fulfilling the appointment.
    const appointmentId = staffView.appointments[0].id;
    const visit = await as.petition.post(
      '/api/petitions',
      letter({
        channel: 'reception_day',
        petitioner: { name: '赵立新', phone },
        topic: 'illegal_building',
        subject: '小区旁违建长期未拆除',
        content: '小区东侧有违法建设彩钢房两年未拆除，多次反映无果。',
        reception: { dayId, appointmentId, leaderInstruction: '请城管执法局一周内核查，依法处置并答复群众。' },
      }),
    );
    expect(visit.statusCode, visit.body).toBe(201);
    const v1 = visit.json().petition;
    expect(v1.reception).toMatchObject({ appointmentId, leaderInstruction: '请城管执法局一周内核查，依法处置并答复群众。' });
    const day = (await as.petition.get(`/api/reception/days/${dayId}`)).json();
    expect(day.appointments[0]).toMatchObject({ status: 'visited', petitionNumber: v1.number });
    expect(day.visits.map((x: { number: string }) => x.number)).toEqual([v1.number]);
    const reuse = await as.petition.post('/api/petitions', letter({ channel: 'reception_day', reception: { dayId, appointmentId } }));
    expect(reuse.json().error.code).toBe('APPOINTMENT_NOT_OPEN');

    // A follow-up task to the enforcement bureau: 7 days, its light; the body reports it done; another body cannot.
    const task = await as.petition.post('/api/reception/tasks', { petitionId: v1.id, departmentId: w.departments.enforcement, text: '核查违建并依法处置', days: 7 });
    expect(task.statusCode, task.body).toBe(201);
    expect(task.json()).toMatchObject({ status: 'open', light: 'green', daysLeft: 7, dayId, departmentName: '城管执法局' });
    expect(task.json().deadline).toBe('2026-11-23T16:00:00.000Z'); // Monday 11-16 + 7 = Monday 11-23, to its end
    expect((await as.dept2.get('/api/reception/tasks')).json().items).toEqual([]);
    expect((await as.dept2.post(`/api/reception/tasks/${task.json().id}/done`, { note: '不是我们的' })).json().error.code).toBe('RECEPTION_TASK_NOT_FOUND');
    const mine = (await as.dept.get('/api/reception/tasks')).json().items;
    expect(mine.map((t: { id: string }) => t.id)).toEqual([task.json().id]);
    const done = await as.dept.post(`/api/reception/tasks/${task.json().id}/done`, { note: '已核查，下达限期拆除通知' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', light: null, doneNote: '已核查，下达限期拆除通知' });
    expect((await as.dept.post(`/api/reception/tasks/${task.json().id}/done`, { note: '再报' })).json().error.code).toBe('RECEPTION_TASK_DONE');

    // A cancelled day takes no more bookings.
    const cancelled = await as.petition.post(`/api/reception/days/${dayId}/cancel`, { reason: '领导临时公务' });
    expect(cancelled.json().day).toMatchObject({ cancelled: true, cancelReason: '领导临时公务' });
    expect((await v.get('/api/public/reception/days')).json().items.some((d: { id: string }) => d.id === dayId)).toBe(false);
    const phone2 = '13955556666';
    await v.post('/api/public/sms/code', { phone: phone2 });
    const late = await v.post('/api/public/reception/appointments', { ...booking, name: '周平', phone: phone2, code: codeFrom(texts, phone2) });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('RECEPTION_DAY_CLOSED');
  });
});
