// A case walked through every step of the lifecycle over HTTP, as each role would, on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, caseInput, firstCondition, tinyJpeg, type World } from '../support/world';

async function upload(client: Client): Promise<string> {
  const img = await tinyJpeg();
  const boundary = '----wg' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="after.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    img,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.post('/api/photos', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe.each(testDatabaseKinds())('case lifecycle over HTTP (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  const as: Record<string, Client> = {};

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

  it('reports, verifies, files, dispatches, returns, re-dispatches, extends, handles, reworks, checks and closes', async () => {
    const created = await as.operator.post('/api/cases', { ...caseInput(w), source: 'hotline', reporter: { name: '张先生', phone: '13900001111' } });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c.number).toMatch(/^220106-2026-\d{6}$/);
    expect(c.state).toBe('reported');
    expect(c.gridCode).toBe('220106001001005'); // the middle of the 3×3 block, numbered W→E, N→S
    expect(c.light).toBe('green');
    const id = c.id;
    const step = async (who: string, action: string, body: unknown, state: string) => {
      const res = await as[who].post(`/api/cases/${id}/${action}`, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      expect(res.json().state).toBe(state);
      return res.json();
    };

    await step('operator', 'sendVerify', { inspectorId: w.users.inspector.id }, 'verifying');
    // Another inspector may not answer a task sent to someone else.
    const wrong = await as.inspector2.post(`/api/cases/${id}/verify`, { result: 'true' });
    expect(wrong.statusCode).toBe(404); // not even visible to them
    w.clock.advance(20);
    await step('inspector', 'verify', { result: 'true', note: '属实' }, 'verified');
    const fc = await firstCondition(w, 'matter', '09006');
    await step('chief', 'file', { filingCondition: fc }, 'filed');

    const filed = (await as.dispatcher.get(`/api/cases/${id}`)).json();
    // 占道经营 is a matter handled by the locality first (先属地后属主): the street office.
    expect(filed.suggestedDepartment.departmentId).toBe(w.departments.street1);
    expect(filed.suggestedDepartment.basis).toBe('locality');
    await step('dispatcher', 'dispatch', { departmentId: w.departments.sanitation }, 'dispatched');
    await step('dept2', 'requestReturn', { reason: '不属于本部门' }, 'returned');
    await step('dispatcher', 'redispatch', { departmentId: w.departments.enforcement }, 'dispatched');
    await step('dept', 'accept', {}, 'handling');

    const before = (await as.dept.get(`/api/cases/${id}`)).json();
    await step('dept', 'requestExtension', { reason: '需协调', extra: { amount: 1, unit: 'working_days' } }, 'handling');
    const extended = await step('dispatcher', 'approveExtension', {}, 'handling');
    expect(new Date(extended.handleDeadline).getTime()).toBeGreaterThan(new Date(before.handleDeadline).getTime());
    expect(extended.extensionCount).toBe(1);

    // Handling needs an after photo.
    const noPhoto = await as.dept.post(`/api/cases/${id}/handle`, { note: 'done' });
    expect(noPhoto.statusCode).toBe(400);
    expect(noPhoto.json().error.code).toBe('VALIDATION_FAILED');
    const photo1 = await upload(as.dept);
    w.clock.advance(60);
    await step('dept', 'handle', { note: '已清理', photoIds: [photo1] }, 'handled');
    await step('operator', 'sendCheck', { inspectorId: w.users.inspector.id }, 'checking');
    const rework = await step('inspector', 'check', { result: 'not_fixed', note: '仍有摊点' }, 'dispatched');
    expect(rework.departmentId).toBe(w.departments.enforcement); // rework goes back to the same department
    expect(rework.reworkCount).toBe(1);
    await step('dept', 'accept', {}, 'handling');
    const photo2 = await upload(as.dept);
    await step('dept', 'handle', { note: '已彻底清理', photoIds: [photo2] }, 'handled');
    await step('operator', 'sendCheck', { inspectorId: w.users.inspector.id }, 'checking');
    await step('inspector', 'check', { result: 'fixed' }, 'checked');
    const closed = await step('chief', 'close', {}, 'closed');
    expect(closed.closeType).toBe('normal');
    expect(closed.light).toBeNull();

    const actions = closed.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'report', 'sendVerify', 'verify', 'file', 'dispatch', 'requestReturn', 'redispatch', 'accept', 'requestExtension',
      'approveExtension', 'handle', 'sendCheck', 'check', 'accept', 'handle', 'sendCheck', 'check', 'close',
    ]);
    expect(closed.events.map((e: { seq: number }) => e.seq)).toEqual(actions.map((_: string, i: number) => i + 1));
    expect(closed.events.every((e: { actorName: string | null }) => e.actorName)).toBe(true);
    expect(closed.photos.filter((p: { stage: string }) => p.stage === 'after')).toHaveLength(2);
    expect(closed.reporter).toEqual({ name: '张先生', phone: '13900001111' });
    // The timed steps record their deadline as in force at the time.
    const verifyEvent = closed.events.find((e: { action: string }) => e.action === 'verify');
    expect(verifyEvent.inTime).toBe(true);
  });

  it('closes a self-fix report after the operator reviews it', async () => {
    const before = await upload(as.inspector);
    const after = await upload(as.inspector);
    const res = await as.inspector.post('/api/cases', { ...caseInput(w), selfFix: true, photoIds: [before], afterPhotoIds: [after] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const file = await as.chief.post(`/api/cases/${id}/file`, { filingCondition: 'x' });
    expect(file.statusCode).toBe(409);
    const closed = await as.operator.post(`/api/cases/${id}/approveSelfFix`, { note: '自处理属实' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('closed');
    expect(closed.json().photos.map((p: { stage: string }) => p.stage).sort()).toEqual(['after', 'before']);
  });

  it('suspends a long-term case and resumes it after review', async () => {
    const c = (await as.operator.post('/api/cases', caseInput(w))).json();
    for (const [who, action, body] of [
      ['operator', 'register', {}],
      ['chief', 'file', { filingCondition: await firstCondition(w, 'matter', '09006') }],
      ['dispatcher', 'dispatch', { departmentId: w.departments.enforcement }],
      ['dept', 'accept', {}],
      ['dept', 'requestSuspension', { reason: '季节性问题' }],
      ['dispatcher', 'approveSuspension', {}],
    ] as const) {
      const res = await as[who].post(`/api/cases/${c.id}/${action}`, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    }
    const suspended = (await as.dispatcher.get(`/api/cases/${c.id}`)).json();
    expect(suspended.state).toBe('suspended');
    expect(suspended.light).toBeNull(); // out of the clock while suspended
    const resumed = await as.dispatcher.post(`/api/cases/${c.id}/resume`, { note: '条件具备，恢复处置' });
    expect(resumed.json().state).toBe('handling');
    expect(resumed.json().light).toBe('green');
  });

  it('cancels a filed case only with the shift chief’s approval', async () => {
    const c = (await as.operator.post('/api/cases', caseInput(w))).json();
    await as.operator.post(`/api/cases/${c.id}/register`, {});
    const req = await as.operator.post(`/api/cases/${c.id}/requestCancel`, { reason: '重复案卷' });
    expect(req.json().pending.kind).toBe('cancel');
    const denied = await as.operator.post(`/api/cases/${c.id}/approveCancel`, {});
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('ROLE_NOT_ALLOWED');
    const ok = await as.chief.post(`/api/cases/${c.id}/approveCancel`, {});
    expect(ok.json().state).toBe('cancelled');
  });
});
