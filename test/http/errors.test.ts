// Bad input gets a 4xx with a stable code and messages in zh-CN and en, and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildCase, buildWorld, caseInput, type World } from '../support/world';

function multipart(name: string, data: Buffer, type: string) {
  const boundary = '----wgtest';
  return {
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(testDatabaseKinds())('bad input and access (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let operator: Client;
  let dept: Client;
  let street: Client;
  const count = async (table: string) => Number(((await w.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    operator = await signIn(app, 'operator', w.users.operator.password);
    dept = await signIn(app, 'dept', w.users.dept.password);
    street = await signIn(app, 'street', w.users.street.password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const expectError = (res: { statusCode: number; json(): any }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    const e = res.json().error;
    expect(e.code).toBe(code);
    expect(e.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(e.messageEn).toMatch(/[a-z]/i);
  };

  it('refuses unknown classes, points outside the district, malformed JSON and extra fields, storing nothing', async () => {
    const before = await count('cases');
    expectError(await operator.post('/api/cases', caseInput(w, { classCode: '99999' })), 422, 'UNKNOWN_CLASS');
    expectError(await operator.post('/api/cases', caseInput(w, { lng: 116.4, lat: 39.9 })), 422, 'OUTSIDE_DISTRICT');
    expectError(await operator.post('/api/cases', { ...caseInput(w), description: '' }), 400, 'VALIDATION_FAILED');
    expectError(await operator.post('/api/cases', { ...caseInput(w), extra: 1 }), 400, 'VALIDATION_FAILED');
    const session = await loginCookie();
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: '{"kind": "matter",',
    });
    expectError(malformed, 400, 'MALFORMED_JSON');
    expect(await count('cases')).toBe(before);
  });

  async function loginCookie() {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'chief', password: w.users.chief.password } });
    return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: res.json().user.csrfToken as string };
  }

  it('answers in English when asked', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/cases', headers: { 'accept-language': 'en-US' } });
    expectError(res, 401, 'UNAUTHENTICATED');
    expect(res.json().error.message).toBe('Please sign in first');
  });

  it('requires the CSRF header on state changes made with a session cookie', async () => {
    const { cookie } = await loginCookie();
    const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: caseInput(w) });
    expectError(res, 403, 'CSRF_FAILED');
  });

  it('refuses illegal transitions and wrong roles without touching the case', async () => {
    const c = await buildCase(w, 'filed');
    const events = await count('case_events');
    expectError(await operator.post(`/api/cases/${c.id}/close`, {}), 409, 'TRANSITION_NOT_ALLOWED');
    expectError(await operator.post(`/api/cases/${c.id}/dispatch`, { departmentId: w.departments.enforcement }), 403, 'ROLE_NOT_ALLOWED');
    expect(await count('case_events')).toBe(events);
  });

  it('detects a lost update with expectedVersion', async () => {
    const c = await buildCase(w, 'reported');
    expectError(await operator.post(`/api/cases/${c.id}/register?expectedVersion=${c.version + 5}`, {}), 409, 'CASE_VERSION_CONFLICT');
    const ok = await operator.post(`/api/cases/${c.id}/register?expectedVersion=${c.version}`, {});
    expect(ok.statusCode).toBe(200);
  });

  it('lets exactly one of two concurrent actions on the same case win', async () => {
    const c = await buildCase(w, 'reported');
    const other = await signIn(app, 'operator', w.users.operator.password);
    const [a, b] = await Promise.all([operator.post(`/api/cases/${c.id}/register`, {}), other.post(`/api/cases/${c.id}/register`, {})]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const detail = (await operator.get(`/api/cases/${c.id}`)).json();
    expect(detail.events).toHaveLength(2);
  });

  it('checks uploads: wrong type and oversized files are refused', async () => {
    const photos = await count('photos');
    const text = multipart('a.jpg', Buffer.from('not an image at all'), 'image/jpeg');
    expectError(await operator.post('/api/photos', text.body, text.headers), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const big = multipart('big.jpg', Buffer.alloc(w.ctx.config.maxUploadBytes + 1024, 1), 'image/jpeg');
    expectError(await operator.post('/api/photos', big.body, big.headers), 413, 'FILE_TOO_LARGE');
    expect(await count('photos')).toBe(photos);
  });

  it('keeps a department to its own cases and a street office to its own area', async () => {
    const theirs = await buildCase(w, 'dispatched', { lng: w.pointIn2.lng, lat: w.pointIn2.lat }); // enforcement, street 2
    const mine = await buildCase(w, 'filed');
    expect((await dept.get(`/api/cases/${theirs.id}`)).statusCode).toBe(200); // enforcement holds it
    expectError(await street.get(`/api/cases/${theirs.id}`), 404, 'CASE_NOT_FOUND'); // other street, other department
    expect((await street.get(`/api/cases/${mine.id}`)).statusCode).toBe(200); // in the street's own area
    const list = (await street.get('/api/cases?pageSize=1000')).json();
    expect(list.items.every((c: { streetCode: string }) => c.streetCode === '220106001')).toBe(true);
    expect(list.items.some((c: { id: string }) => c.id === theirs.id)).toBe(false);
  });

  it('creates one case for one idempotency key, even when retried concurrently', async () => {
    const before = await count('cases');
    const key = 'phone-retry-0001';
    const results = await Promise.all(Array.from({ length: 5 }, () => operator.post('/api/cases', caseInput(w), { 'idempotency-key': key })));
    const ids = new Set(results.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true);
    expect(await count('cases')).toBe(before + 1);
    expectError(await operator.post('/api/cases', caseInput(w, { description: 'different' }), { 'idempotency-key': key }), 409, 'IDEMPOTENCY_KEY_REUSED');
  });
});
