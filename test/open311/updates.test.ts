// The servicerequestupdates extension as FixMyStreet uses it: fetching the updates of the reports it sent (with the
// extended statuses mapped from our states) and posting citizens' updates back, on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor } from '../support/http';
import { addPhoto, buildCase, buildWorld, firstCondition, type World } from '../support/world';
import { seedDemoIntegrations } from '../../src/server/integrations';
import { createApiKey } from '../../src/server/integrations/api-key.service';
import { actOnCase } from '../../src/server/cases/case.service';
import { caseEvents, cases } from '../../src/server/db/schema';
import type { ActionName } from '../../src/domain/workflow';
import { FmsClient, parseXml } from './fms-client';

const START = '2026-11-16T00:00:00+08:00';
const END = '2026-11-20T00:00:00+08:00';

describe.each(testDatabaseKinds())('Open311 servicerequestupdates (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let fms: FmsClient;
  let fmsKey: string;

  const caseIdOf = async (number: string) => (await w.ctx.db.select().from(cases).where(eq(cases.number, number)))[0].id;

  async function send(detail: string): Promise<string> {
    const res = await fms.sendServiceRequest({ title: '占道经营', detail, name: '王 芳', lat: w.pointIn1.lat, lng: w.pointIn1.lng }, 'M09006');
    expect(res.statusCode, res.body).toBe(200);
    return parseXml(res).service_requests.request[0].service_request_id;
  }

  async function walk(number: string, steps: [ActionName, keyof World['users'], Record<string, unknown>][]) {
    const id = await caseIdOf(number);
    for (const [action, who, input] of steps) {
      w.clock.advance(10);
      await actOnCase(w.ctx, w.users[who], id, action, input);
    }
  }

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    await seedDemoIntegrations(w.ctx.db, w.clock.now);
    app = await appFor(w);
    fmsKey = (await createApiKey(w.ctx, w.users.admin, { name: 'FixMyStreet', channels: ['citizen'], actions: ['open311.submit', 'open311.updates'], scope: 'own' })).key;
    fms = new FmsClient(app, { apiKey: fmsKey, jurisdiction: '220106' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('gives the updates of the reports the client sent, with extended statuses mapped from our states', async () => {
    const number = await send('每天傍晚占道');
    const fc = await firstCondition(w, 'matter', '09006');
    await walk(number, [
      ['register', 'operator', {}],
      ['file', 'chief', { filingCondition: fc }],
      ['dispatch', 'dispatcher', { departmentId: w.departments.enforcement }],
      ['accept', 'dept', {}],
      ['comment', 'dept', { note: '内部备注：联系人 138' }],
    ]);
    await walk(number, [['handle', 'dept', { note: '已清理摊位并教育劝离', photoIds: [await addPhoto(w, w.users.dept)] }]]);
    await walk(number, [
      ['sendCheck', 'operator', { inspectorId: w.users.inspector.id }],
      ['check', 'inspector', { result: 'fixed' }],
      ['close', 'chief', {}],
    ]);
    // A case the client did not send is not its business.
    await buildCase(w, 'filed');

    const res = await fms.getServiceRequestUpdates(START, END);
    expect(res.statusCode, res.body).toBe(200);
    const updates = parseXml(res).service_request_updates.request_update as Record<string, string>[];
    expect(updates.map((u) => u.service_request_id)).toEqual(Array(8).fill(number));
    expect(updates.map((u) => u.status)).toEqual(['investigating', 'action_scheduled', 'action_scheduled', 'in_progress', 'in_progress', 'in_progress', 'fixed', 'fixed']);
    expect(updates.map((u) => u.external_status_code)).toEqual(['verified', 'filed', 'dispatched', 'handling', 'handled', 'checking', 'checked', 'closed']);
    expect(new Set(updates.map((u) => u.update_id)).size).toBe(8);
    for (const u of updates) expect(u.updated_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const times = updates.map((u) => u.updated_datetime);
    expect([...times].sort()).toEqual(times);
    // The department's account of the work is public; internal notes are not.
    expect(updates[4].description).toContain('已清理摊位并教育劝离');
    expect(res.body).not.toContain('内部备注');
    // The report itself (made by the client) is not echoed back.
    expect(updates.some((u) => u.status === 'open')).toBe(false);

    const json = (await fms.get('servicerequestupdates.json', { api_key: fmsKey, start_date: START, end_date: END })).json();
    expect(json).toHaveLength(8);
    expect(json[7]).toMatchObject({ service_request_id: number, status: 'fixed', external_status_code: 'closed' });
    const page = (await fms.get('servicerequestupdates.json', { api_key: fmsKey, start_date: START, end_date: END, page: '2', page_size: '3' })).json();
    expect(page.map((u: { update_id: string }) => u.update_id)).toEqual(json.slice(3, 6).map((u: { update_id: string }) => u.update_id));

    // Once the case is closed, the request reads closed.
    const closed = parseXml(await fms.get(`requests/${number}.xml`, { extensions: 'true' })).service_requests.request[0];
    expect(closed).toMatchObject({ status: 'closed', detailed_status: 'fixed' });
    expect(closed.notes.note.map((n: { status: string }) => n.status)).toEqual(['open', 'investigating', 'action_scheduled', 'action_scheduled', 'in_progress', 'in_progress', 'in_progress', 'fixed', 'fixed']);
  });

  it('maps refusals to DUPLICATE, NOT_COUNCILS_RESPONSIBILITY and NO_FURTHER_ACTION', async () => {
    const dup = await send('重复');
    const notOurs = await send('不归城管');
    const untrue = await send('现场没有');
    const original = (await buildCase(w, 'reported')).number;
    await walk(dup, [['reject', 'operator', { reason: '重复上报', duplicateOf: original }]]);
    await walk(notOurs, [['reject', 'operator', { reason: '属于物业管理范围' }]]);
    await walk(untrue, [
      ['sendVerify', 'operator', { inspectorId: w.users.inspector.id }],
      ['verify', 'inspector', { result: 'false' }],
    ]);
    const updates = (await fms.get('servicerequestupdates.json', { api_key: fmsKey, start_date: START, end_date: END })).json() as Record<string, string>[];
    const last = (n: string) => updates.filter((u) => u.service_request_id === n).at(-1)!;
    expect(last(dup).status).toBe('duplicate');
    expect(last(notOurs)).toMatchObject({ status: 'not_councils_responsibility', external_status_code: 'invalid' });
    expect(last(notOurs).description).toContain('属于物业管理范围');
    expect(last(untrue).status).toBe('no_further_action');
    // Not public (not taken up), but the key that reported them reads them.
    expect((await fms.get('requests.json', { service_request_id: `${dup},${notOurs},${untrue}` })).json()).toEqual([]);
    const detailed = (await fms.get('requests.json', { service_request_id: `${dup},${notOurs},${untrue}`, extensions: 'true', api_key: fmsKey })).json();
    expect(Object.fromEntries(detailed.map((r: { service_request_id: string; detailed_status: string }) => [r.service_request_id, r.detailed_status]))).toEqual({
      [dup]: 'duplicate',
      [notOurs]: 'not_councils_responsibility',
      [untrue]: 'no_further_action',
    });
    expect(detailed.every((r: { status: string }) => r.status === 'closed')).toBe(true);
  });

  it('shows every case to a key whose scope is all, and refuses a missing key', async () => {
    const demo = new FmsClient(app, { apiKey: 'demo-open311-key' });
    const all = (await demo.get('servicerequestupdates.json', { api_key: 'demo-open311-key', start_date: START, end_date: END })).json();
    const mine = (await fms.get('servicerequestupdates.json', { api_key: fmsKey, start_date: START, end_date: END })).json();
    expect(all.length).toBeGreaterThan(mine.length);
    const none = await app.inject({ method: 'GET', url: `/open311/v2/servicerequestupdates.xml?start_date=${encodeURIComponent(START)}` });
    expect(none.statusCode).toBe(403);
    expect(parseXml(none).errors.error[0].code).toBe('403');
  });

  it('records a posted update once as a note on the case, and does not echo it back', async () => {
    const number = await send('还在占道');
    const post = () =>
      fms.postServiceRequestUpdate({ serviceRequestId: number, updateId: '9001', status: 'OPEN', text: '今天又来了 <两个> 摊位', name: 'Fang Wang', at: '2026-11-16T10:00:00+08:00', mediaUrl: 'https://fixmystreet.example/u/9001.jpeg' });
    const first = await post();
    expect(first.statusCode, first.body).toBe(200);
    const updateId = parseXml(first).service_request_updates.request_update[0].update_id;
    expect(updateId).toMatch(/^\d+$/);
    const again = await post();
    expect(parseXml(again).service_request_updates.request_update[0].update_id).toBe(updateId);
    const notes = await w.ctx.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, await caseIdOf(number)), eq(caseEvents.action, 'comment')));
    expect(notes).toHaveLength(1);
    expect(notes[0].id).toBe(Number(updateId));
    expect(notes[0].note).toContain('今天又来了 <两个> 摊位');
    expect(notes[0].note).toContain('Fang Wang');
    expect(notes[0].note).toContain('https://fixmystreet.example/u/9001.jpeg');
    const updates = (await fms.get('servicerequestupdates.json', { api_key: fmsKey, start_date: START, end_date: END })).json();
    expect(updates.some((u: { update_id: string }) => u.update_id === updateId)).toBe(false);
  });

  it('refuses bad updates: missing fields (every one named), unknown or foreign cases, closed cases', async () => {
    const bad = await fms.post('servicerequestupdates.xml', { status: 'MAYBE' });
    expect(bad.statusCode).toBe(400);
    const problems = parseXml(bad).errors.error.map((e: { description: string }) => e.description).join('\n');
    for (const f of ['service_request_id', 'update_id', 'status MAYBE', 'description']) expect(problems).toContain(f);

    const unknown = await fms.postServiceRequestUpdate({ serviceRequestId: '220106-2026-999999', updateId: 'u1', status: 'OPEN', text: 'x', name: 'A B', at: '2026-11-16T10:00:00Z' });
    expect(unknown.statusCode).toBe(404);
    const foreign = (await buildCase(w, 'reported')).number;
    const notMine = await fms.postServiceRequestUpdate({ serviceRequestId: foreign, updateId: 'u2', status: 'OPEN', text: 'x', name: 'A B', at: '2026-11-16T10:00:00Z' });
    expect(notMine.statusCode).toBe(404);

    const closedCase = await send('已结案的');
    await walk(closedCase, [['reject', 'operator', { reason: '不属实' }]]);
    const reopen = await fms.postServiceRequestUpdate({ serviceRequestId: closedCase, updateId: 'u3', status: 'REOPEN', text: '还没修好', name: 'A B', at: '2026-11-16T10:00:00Z' });
    expect(reopen.statusCode).toBe(400);
    expect(parseXml(reopen).errors.error[0].description).toContain(closedCase);
    // A refused update can be sent again later (its id is not used up).
    const retry = await fms.postServiceRequestUpdate({ serviceRequestId: closedCase, updateId: 'u3', status: 'REOPEN', text: '还没修好', name: 'A B', at: '2026-11-16T10:00:00Z' });
    expect(retry.statusCode).toBe(400);
    expect(parseXml(retry).errors.error[0].description).not.toContain('being recorded');
  });
});
