// The illegal building register over HTTP on every test database: registering, a structure walked from found to
// demolished with a partial demolition, the year's targets, files, cases in and out, bad input and access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor } from '../support/http';
import { buildCase, buildWorld, tinyJpeg, type World } from '../support/world';

interface Res {
  statusCode: number;
  json(): any;
  body: string;
  headers: Record<string, unknown>;
}
interface As {
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  put(url: string, body?: unknown): Promise<Res>;
}

async function signIn(app: FastifyInstance, username: string, password: string): Promise<As> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const { user } = res.json();
  const send = (method: 'POST' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { cookie, 'x-csrf-token': user.csrfToken, ...headers }, payload: body as never });
  return {
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }) as never,
    post: (url, body, headers) => send('POST', url, body, headers) as never,
    put: (url, body) => send('PUT', url, body) as never,
  };
}

async function upload(client: As): Promise<string> {
  const img = await tinyJpeg();
  const boundary = '----wg' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    img,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.post('/api/photos', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe.each(testDatabaseKinds())('illegal building register over HTTP (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, As> = {};
  // The world's clock: Monday 2026-11-16 09:00 Beijing time.
  const entry = (over: Record<string, unknown> = {}) => ({
    stock: 'existing',
    type: 'steel_shed',
    address: '正阳街道爱民社区 3号楼东侧',
    areaM2: 120,
    lng: w.pointIn1.lng,
    lat: w.pointIn1.lat,
    foundOn: '2026-03-02',
    source: 'patrol',
    owner: { kind: 'person', name: '张某', phone: '13900001111' },
    footprint: [
      [w.pointIn1.lng, w.pointIn1.lat],
      [w.pointIn1.lng + 0.0001, w.pointIn1.lat],
      [w.pointIn1.lng + 0.0001, w.pointIn1.lat + 0.0001],
    ],
    ...over,
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

  let id = '';

  it('registers a structure as found, with its place, the street office in charge and a private owner', async () => {
    const res = await as.operator.post('/api/illegal-buildings', entry());
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json();
    id = b.id;
    expect(b).toMatchObject({
      state: 'found',
      streetCode: '220106001',
      streetName: '正阳街道',
      departmentId: w.departments.street1,
      areaM2: 120,
      demolishedM2: 0,
      owner: { kind: 'person', name: '张某', phone: '13900001111' },
      ownerHidden: false,
      allowedActions: ['file', 'dismiss'],
    });
    expect(b.code).toMatch(/^WJ-2026-\d{5}$/);
    expect(b.footprint).toHaveLength(3);
    expect(b.events).toEqual([expect.objectContaining({ action: 'register', toState: 'found', on: '2026-03-02' })]);
  });

  it('the owner is private: leaders and inspectors read the entry without it', async () => {
    for (const who of ['leader', 'inspector', 'dispatcher']) {
      const b = (await as[who].get(`/api/illegal-buildings/${id}`)).json();
      expect(b.owner, who).toBeNull();
      expect(b.ownerHidden).toBe(true);
      expect(JSON.stringify(b)).not.toContain('13900001111');
      expect(b.allowedActions).toEqual([]);
    }
    expect((await as.street.get(`/api/illegal-buildings/${id}`)).json().owner.name).toBe('张某');
  });

  it('walks found → filed → notice served → deadline passed → partly and then wholly demolished', async () => {
    const step = async (who: string, action: string, body: unknown, state: string) => {
      const res = await as[who].post(`/api/illegal-buildings/${id}/${action}`, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      expect(res.json().state).toBe(state);
      return res.json();
    };
    await step('street', 'file', { on: '2026-03-03', caseNo: '绿城管立〔2026〕12号' }, 'filed');
    const served = await step('street', 'serveNotice', { on: '2026-03-05', noticeNo: '限拆〔2026〕7号', deadline: '2026-03-20' }, 'notice_served');
    expect(served.deadline).toBe('2026-03-20');
    await step('street', 'expire', { on: '2026-03-21' }, 'deadline_passed');
    const photo = await upload(as.street);
    const partly = await step('street', 'demolish', { on: '2026-04-02', areaM2: 45, method: 'forced', photoIds: [photo] }, 'deadline_passed');
    expect(partly).toMatchObject({ demolishedM2: 45, remainingM2: 75 });
    expect(partly.files).toEqual([expect.objectContaining({ photoId: photo, kind: 'photo', stage: 'after' })]);
    const done = await step('chief', 'demolish', { on: '2026-05-10', areaM2: 75, method: 'forced' }, 'demolished');
    expect(done).toMatchObject({ demolishedM2: 120, closedOn: '2026-05-10', allowedActions: [] });
    expect(done.events.map((e: { action: string }) => e.action)).toEqual(['register', 'file', 'serveNotice', 'expire', 'demolish', 'demolish']);
    expect(done.events[4]).toMatchObject({ areaM2: 45, payload: { method: 'forced', complete: false } });
    // The photo is served through the register, to those who may read the entry.
    expect((await as.leader.get(partly.files[0].thumbUrl)).statusCode).toBe(200);
    expect((await as.dept2.get(partly.files[0].thumbUrl)).statusCode).toBe(404);
  });

  it('refuses wrong steps with stable codes and changes nothing', async () => {
    const fresh = (await as.street.post('/api/illegal-buildings', entry({ owner: undefined, areaM2: 60, foundOn: '2026-10-08' }))).json();
    const refuse = async (action: string, body: unknown, status: number, code: string) => {
      const res = await as.street.post(`/api/illegal-buildings/${fresh.id}/${action}`, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(code);
    };
    await refuse('serveNotice', { on: '2026-10-09', noticeNo: 'n', deadline: '2026-10-20' }, 409, 'BUILDING_TRANSITION_NOT_ALLOWED');
    await refuse('file', { on: '2026-11-17' }, 422, 'BUILDING_DATE_INVALID'); // tomorrow
    await refuse('file', { on: '2026-10-07' }, 422, 'BUILDING_DATE_INVALID'); // before it was found
    await refuse('file', { on: '8 Oct' }, 400, 'VALIDATION_FAILED');
    await refuse('file', { on: '2026-10-09', extra: 1 }, 400, 'VALIDATION_FAILED');
    await as.street.post(`/api/illegal-buildings/${fresh.id}/file`, { on: '2026-10-09' });
    await refuse('demolish', { on: '2026-10-10', areaM2: 61, method: 'self' }, 422, 'DEMOLISHED_AREA_EXCEEDS');
    await refuse('demolish', { on: '2026-10-10', areaM2: -1, method: 'self' }, 400, 'VALIDATION_FAILED');
    await refuse('serveNotice', { on: '2026-10-10', noticeNo: 'n', deadline: '2026-10-01' }, 422, 'BUILDING_DATE_INVALID');
    await as.street.post(`/api/illegal-buildings/${fresh.id}/serveNotice`, { on: '2026-10-10', noticeNo: 'n', deadline: '2026-12-01' });
    await refuse('expire', { on: '2026-11-16' }, 409, 'DEADLINE_NOT_PASSED');
    await refuse('file', { on: '2026-11-16', expectedVersion: 1 }, 409, 'BUILDING_VERSION_CONFLICT');
    const after = (await as.street.get(`/api/illegal-buildings/${fresh.id}`)).json();
    expect(after).toMatchObject({ state: 'notice_served', demolishedM2: 0, version: 3 });
    expect(after.events).toHaveLength(3);
    // Bad registrations store nothing.
    const total = (await as.chief.get('/api/illegal-buildings')).json().total;
    const bad: [Record<string, unknown>, number, string][] = [
      [entry({ lng: 126.5, lat: 44.5 }), 422, 'OUTSIDE_DISTRICT'],
      [entry({ foundOn: '2026-11-17' }), 422, 'BUILDING_DATE_INVALID'],
      [entry({ type: 'castle' }), 400, 'VALIDATION_FAILED'],
      [entry({ areaM2: 0 }), 400, 'VALIDATION_FAILED'],
      [entry({ footprint: [[125.25, 43.88]] }), 400, 'VALIDATION_FAILED'],
      [entry({ departmentId: '00000000-0000-4000-8000-000000000000' }), 404, 'DEPARTMENT_NOT_FOUND'],
      [entry({ photoIds: ['00000000-0000-4000-8000-000000000000'] }), 404, 'PHOTO_NOT_FOUND'],
    ];
    for (const [body, status, code] of bad) {
      const res = await as.chief.post('/api/illegal-buildings', body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await as.chief.get('/api/illegal-buildings')).json().total).toBe(total);
  });

  it('departments see and change only their own entries; leaders and inspectors only read', async () => {
    const inStreet2 = (await as.chief.post('/api/illegal-buildings', entry({ ...w.pointIn2, address: '春城街道 某处', foundOn: '2026-06-01' }))).json();
    expect(inStreet2.departmentId).toBe(w.departments.street2);
    expect((await as.street.get(`/api/illegal-buildings/${inStreet2.id}`)).statusCode).toBe(404);
    expect((await as.street.post(`/api/illegal-buildings/${inStreet2.id}/file`, { on: '2026-06-02' })).statusCode).toBe(404);
    const list = (await as.street.get('/api/illegal-buildings?pageSize=100')).json();
    expect(list.items.every((b: { streetCode: string }) => b.streetCode === '220106001')).toBe(true);
    expect((await as.chief.get('/api/illegal-buildings?pageSize=100')).json().total).toBe(list.total + 1);
    // A department may not register outside its scope.
    const outside = await as.street.post('/api/illegal-buildings', entry({ ...w.pointIn2 }));
    expect(outside.statusCode).toBe(403);
    for (const who of ['leader', 'inspector', 'dispatcher']) {
      const res = await as[who].post(`/api/illegal-buildings/${inStreet2.id}/file`, { on: '2026-06-02' });
      expect(res.statusCode, who).toBe(403);
    }
    // The intake operator reads the whole register (here: the map); without a session nothing.
    expect((await as.operator.get('/api/illegal-buildings/map')).json().items.length).toBe(list.total + 1);
    expect((await app.inject({ method: 'GET', url: '/api/illegal-buildings' })).statusCode).toBe(401);
    // Filters: by state, stock and street.
    const demolished = (await as.chief.get('/api/illegal-buildings?state=demolished')).json();
    expect(demolished.items.map((b: { id: string }) => b.id)).toEqual([id]);
    expect((await as.chief.get('/api/illegal-buildings?state=gone')).statusCode).toBe(400);
    expect((await as.chief.get('/api/illegal-buildings?streetCode=220106002')).json().total).toBe(1);
  });

  it('a case of 私搭乱建 becomes a register entry linked to it, once; other classes cannot', async () => {
    const c = await buildCase(w, 'filed', { classCode: '06001', description: '居民楼下私搭乱建板房' });
    const res = await as.street.post(`/api/illegal-buildings/from-case/${c.id}`, { stock: 'new', type: 'simple_shed', areaM2: 18 });
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({ source: 'case', foundOn: '2026-11-16', address: c.locationText, stock: 'new' });
    expect(b.cases).toEqual([expect.objectContaining({ id: c.id, relation: 'origin' })]);
    expect(b.events[0].action).toBe('registerFromCase');
    const again = await as.street.post(`/api/illegal-buildings/from-case/${c.id}`, { stock: 'new', type: 'simple_shed', areaM2: 18 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CASE_ALREADY_REGISTERED');
    const trade = await buildCase(w, 'filed');
    const wrong = await as.street.post(`/api/illegal-buildings/from-case/${trade.id}`, { stock: 'new', type: 'simple_shed', areaM2: 18 });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('CASE_NOT_ILLEGAL_BUILDING');

    // The chief raises a case from the entry (e.g. to dispatch its demolition): 08016 for new building.
    const raised = await as.chief.post(`/api/illegal-buildings/${b.id}/raise-case`, {});
    expect(raised.statusCode, raised.body).toBe(201);
    const kase = (await as.chief.get(`/api/cases/${raised.json().caseId}`)).json();
    expect(kase).toMatchObject({ classCode: '08016', source: 'superior', state: 'reported' });
    expect(raised.json().building.cases.map((x: { relation: string }) => x.relation)).toEqual(['origin', 'raised']);
    // A department handler cannot create cases, so cannot raise one.
    expect((await as.street.post(`/api/illegal-buildings/${b.id}/raise-case`, {})).statusCode).toBe(403);
  });

  it('scanned documents are attached from the photo upload, only the uploader\'s own free photos', async () => {
    const scan = await upload(as.street);
    const res = await as.street.post(`/api/illegal-buildings/${id}/files`, { photoId: scan, kind: 'document', docType: 'notice', docNo: '限拆〔2026〕7号', title: '限期拆除通知书' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().files.find((f: { photoId: string }) => f.photoId === scan)).toMatchObject({ kind: 'document', docType: 'notice', title: '限期拆除通知书' });
    expect(res.json().events.at(-1)).toMatchObject({ action: 'attach' });
    const img = await as.chief.get(`/api/illegal-buildings/${id}/files/${scan}`);
    expect(img.statusCode).toBe(200);
    expect(String(img.headers['content-type'])).toContain('image/jpeg');
    // Someone else's upload, or one already attached, cannot be attached.
    const others = await upload(as.chief);
    expect((await as.street.post(`/api/illegal-buildings/${id}/files`, { photoId: others, kind: 'photo' })).json().error.code).toBe('PHOTO_NOT_FOUND');
    expect((await as.street.post(`/api/illegal-buildings/${id}/files`, { photoId: scan, kind: 'photo' })).json().error.code).toBe('PHOTO_NOT_FOUND');
  });

  it('edits are recorded in the history; the owner only by those who may see it', async () => {
    const res = await as.street.put(`/api/illegal-buildings/${id}`, { address: '正阳街道爱民社区 3号楼东侧（已拆除）', note: '更正地址' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().events.at(-1)).toMatchObject({ action: 'update', note: '更正地址', payload: { fields: ['address'] } });
    expect((await as.street.put(`/api/illegal-buildings/${id}`, { areaM2: 100 })).json().error.code).toBe('DEMOLISHED_AREA_EXCEEDS');
    expect((await as.leader.put(`/api/illegal-buildings/${id}`, { address: 'x' })).statusCode).toBe(403);
  });

  it('the targets board: stock demolished by month and street against the year target, and zero growth of new building', async () => {
    const board = await as.leader.get('/api/illegal-buildings/targets?year=2026');
    expect(board.statusCode, board.body).toBe(200);
    const t = board.json();
    expect(t).toMatchObject({ year: 2026, configured: false, targets: { demolishM2: 100_000, newDealWithinDays: 30 }, canEdit: true });
    expect(t.demolition.doneM2).toBe(120);
    expect(t.demolition.byMonth[3]).toMatchObject({ month: '2026-04', existingM2: 45, cumulativeExistingM2: 45 });
    expect(t.demolition.byMonth[4]).toMatchObject({ month: '2026-05', existingM2: 75, cumulativeExistingM2: 120 });
    expect(t.demolition.byMonth[11].cumulativeExistingM2).toBeNull();
    expect(t.demolition.byStreet[0]).toMatchObject({ streetCode: '220106001', name: '正阳街道', existingM2: 120 });
    expect(t.demolition.status).toBe('behind');
    // The new structure registered from the case today stands: zero growth is on track (0 days old).
    expect(t.zeroGrowth).toMatchObject({ found: 1, dealt: 0, status: 'on_track' });
    expect(t.zeroGrowth.standing[0]).toMatchObject({ days: 0, overdue: false, streetName: '正阳街道' });
    // Targets are configurable per year, by leaders and administrators only.
    expect((await as.chief.put('/api/illegal-buildings/targets/2026', { demolishM2: 100, newDealWithinDays: 15 })).statusCode).toBe(403);
    expect((await as.leader.put('/api/illegal-buildings/targets/2026', { demolishM2: -5, newDealWithinDays: 15 })).json().error.code).toBe('VALIDATION_FAILED');
    const set = await as.leader.put('/api/illegal-buildings/targets/2026', { demolishM2: 100, newDealWithinDays: 15 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ configured: true, targets: { demolishM2: 100, newDealWithinDays: 15 }, demolition: { status: 'met' } });
    expect((await as.leader.get('/api/illegal-buildings/targets?year=2027')).json()).toMatchObject({ configured: false, demolition: { doneM2: 0 } });
  });
});
