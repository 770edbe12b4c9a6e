// Hazard inspections and 双随机、一公开 over HTTP on a real database: the register, pool and conflicts; a committed draw
// whose public record hides the secret until the draw and then recomputes to the same result; the rules (two
// inspectors, no conflict, nobody twice running); recording, review and the findings raised as cases; the public results
// without personal data; bad input and access.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performDraw, deriveDrawSeed, inputsHash, ruleViolations, type DrawInputs } from '../../src/domain/inspections';
import { freshDatabase, testDatabaseKinds } from '../support/db';
import { appFor, signIn, type Client } from '../support/http';
import { buildWorld, ORIGIN, type World } from '../support/world';

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

describe.each(testDatabaseKinds())('hazard inspections and 双随机、一公开 (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let w: World;
  let app: FastifyInstance;
  let c: Record<'admin' | 'chief' | 'leader' | 'operator' | 'dept' | 'dept2' | 'street' | 'inspector' | 'inspector2', Client>;
  const entityIds: string[] = [];
  let planId = '';
  let drawId = '';

  const at = (i: number) => ({ lng: ORIGIN.lng + 0.0005 + 0.001 * (i % 6), lat: ORIGIN.lat + 0.0005 + 0.001 * Math.floor(i / 6) });
  const publicGet = (url: string) => app.inject({ method: 'GET', url });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    w = await buildWorld(db);
    app = await appFor(w);
    c = {} as typeof c;
    for (const u of ['admin', 'chief', 'leader', 'operator', 'dept', 'dept2', 'street', 'inspector', 'inspector2'] as const) c[u] = await signIn(app, u, w.users[u].password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('keeps the register of entities: the centre adds them, bad input is refused and stores nothing', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await c.chief.post('/api/inspections/entities', { name: `燃气用户${i + 1}号`, sector: 'gas', ...at(i), contactName: '张经理', contactPhone: '13900001111' });
      expect(res.statusCode, res.body).toBe(201);
      entityIds.push(res.json().id);
    }
    const first = (await c.chief.get(`/api/inspections/entities?sector=gas`)).json();
    expect(first.total).toBe(6);
    expect(first.items[0]).toMatchObject({ code: 'RQ-0001', sector: 'gas', streetCode: '220106001', streetName: '正阳街道', contactPhone: '13900001111' });

    const bad = [
      [await c.chief.post('/api/inspections/entities', { name: '区外企业', sector: 'gas', lng: 120, lat: 30 }), 422, 'OUTSIDE_DISTRICT'],
      [await c.chief.post('/api/inspections/entities', { name: '无效信用代码', sector: 'gas', ...at(1), uscc: 'NOT-A-CODE' }), 400, 'VALIDATION_FAILED'],
      [await c.chief.post('/api/inspections/entities', { name: '重复编码', sector: 'gas', ...at(1), code: 'RQ-0001' }), 409, 'ENTITY_CODE_TAKEN'],
      [await c.chief.post('/api/inspections/entities', { name: '未知行业', sector: 'mining', ...at(1) }), 400, 'VALIDATION_FAILED'],
      [await c.operator.post('/api/inspections/entities', { name: '越权新增', sector: 'gas', ...at(1) }), 403, 'FORBIDDEN'],
    ] as const;
    for (const [res, status, code] of bad) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await c.chief.get('/api/inspections/entities')).json().total).toBe(6);
    // The register and its private contacts are the centre's: a department handler may not list it.
    expect((await c.dept.get('/api/inspections/entities')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/inspections/entities' })).statusCode).toBe(401);
  });

  it('keeps the qualified pool and the declared conflicts of interest', async () => {
    const members: [keyof typeof c, string][] = [['dept', 'JC-001'], ['dept2', 'JC-002'], ['street', 'JC-003'], ['inspector', 'JC-004'], ['inspector2', 'JC-005']];
    for (const [u, code] of members) {
      const res = await c.admin.post('/api/inspections/inspectors', { userId: w.users[u].id, code, sectors: ['gas', 'fire'] });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await c.admin.post('/api/inspections/inspectors', { userId: w.users.leader.id, code: 'JC-001', sectors: ['gas'] })).json().error.code).toBe('POOL_CODE_TAKEN');
    expect((await c.admin.post('/api/inspections/inspectors', { userId: crypto.randomUUID(), code: 'JC-099', sectors: ['gas'] })).json().error.code).toBe('USER_NOT_FOUND');
    expect((await c.admin.post('/api/inspections/inspectors', { userId: w.users.leader.id, code: 'JC-098', sectors: [] })).statusCode).toBe(400);
    expect((await c.dept.post('/api/inspections/inspectors', { userId: w.users.leader.id, code: 'JC-097', sectors: ['gas'] })).statusCode).toBe(403);
    const pool = (await c.chief.get('/api/inspections/inspectors')).json();
    expect(pool.map((p: { code: string }) => p.code)).toEqual(['JC-001', 'JC-002', 'JC-003', 'JC-004', 'JC-005']);

    // dept declares a conflict with entity 1 (a relative manages it); nobody declares for somebody else but the centre.
    const own = await c.dept.post('/api/inspections/conflicts', { entityId: entityIds[0], reason: '亲属任该单位负责人' });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ inspectorCode: 'JC-001', entityCode: 'RQ-0001' });
    expect((await c.dept.post('/api/inspections/conflicts', { entityId: entityIds[0], reason: '重复申报' })).json().error.code).toBe('CONFLICT_EXISTS');
    expect((await c.dept.post('/api/inspections/conflicts', { userId: w.users.dept2.id, entityId: entityIds[1], reason: '代他人申报' })).statusCode).toBe(403);
    expect((await c.chief.post('/api/inspections/conflicts', { userId: w.users.dept2.id, entityId: entityIds[1], reason: '曾在该单位任职' })).statusCode).toBe(201);
    expect((await c.leader.post('/api/inspections/conflicts', { entityId: entityIds[1], reason: '不在人员库' })).statusCode).toBe(403);
    expect((await c.dept.get('/api/inspections/conflicts')).json()).toHaveLength(1); // their own only
  });

  it('creates a plan with the sector checklist; a checklist with an unknown class or bad dates is refused', async () => {
    const res = await c.chief.post('/api/inspections/plans', { name: '2026年燃气安全双随机抽查', sector: 'gas', periodFrom: '2026-11-01', periodTo: '2026-12-31' });
    expect(res.statusCode, res.body).toBe(201);
    planId = res.json().id;
    expect(res.json().checklist.map((i: { code: string }) => i.code)).toEqual(['G01', 'G02', 'G03', 'G04', 'G05']);
    const item = { code: 'X1', textZh: '测试', textEn: 'Test', classCode: '99999', rectifyDays: 3 };
    expect((await c.chief.post('/api/inspections/plans', { name: '错误类别', sector: 'gas', periodFrom: '2026-11-01', periodTo: '2026-12-31', checklist: [item] })).json().error.code).toBe('UNKNOWN_CLASS');
    expect((await c.chief.post('/api/inspections/plans', { name: '日期颠倒', sector: 'gas', periodFrom: '2026-12-01', periodTo: '2026-11-01' })).statusCode).toBe(400);
    expect((await c.chief.get('/api/inspections/plans')).json()).toHaveLength(1);
  });

  it('commits a draw: inputs and the secret’s hash are public, the secret is not; rules it cannot keep are refused', async () => {
    const tooMany = await c.chief.post(`/api/inspections/plans/${planId}/draws`, { sampleSize: 7, inspectorsPerTarget: 2 });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error.code).toBe('DRAW_RULES_UNSATISFIABLE');
    expect((await c.chief.post(`/api/inspections/plans/${planId}/draws`, { sampleSize: 2, inspectorsPerTarget: 1 })).statusCode).toBe(400);
    expect((await c.dept.post(`/api/inspections/plans/${planId}/draws`, { sampleSize: 2 })).statusCode).toBe(403);
    expect((await publicGet('/api/public/inspections/draws')).json()).toEqual([]);

    const res = await c.chief.post(`/api/inspections/plans/${planId}/draws`, { sampleSize: 3, inspectorsPerTarget: 2 });
    expect(res.statusCode, res.body).toBe(201);
    drawId = res.json().id;
    const pub = (await publicGet(`/api/public/inspections/draws/${drawId}`)).json();
    expect(pub).toMatchObject({ status: 'committed', round: 1, secret: null, witness: null, result: null, candidates: 6, pool: 5 });
    expect(pub.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(pub.inputs.conflicts).toEqual([
      ['JC-001', 'RQ-0001'],
      ['JC-002', 'RQ-0002'],
    ]);
    expect(inputsHash(pub.inputs)).toBe(pub.inputsHash);
    expect(JSON.stringify(pub)).not.toContain('13900001111');
    expect((await publicGet(`/api/public/inspections/draws/${drawId}/verify`)).json().error.code).toBe('DRAW_NOT_DRAWN');
    expect((await c.chief.post(`/api/inspections/plans/${planId}/draws`, { sampleSize: 1 })).json().error.code).toBe('DRAW_PENDING');

    // A conflict declared after the commitment does not change the published inputs.
    expect((await c.street.post('/api/inspections/conflicts', { entityId: entityIds[2], reason: '承诺后申报' })).statusCode).toBe(201);
    expect((await publicGet(`/api/public/inspections/draws/${drawId}`)).json().inputsHash).toBe(pub.inputsHash);
  });

  it('draws with the witness value: anyone recomputes the same result from the published record', async () => {
    expect((await c.chief.post(`/api/inspections/draws/${drawId}/draw`, { witness: '' })).statusCode).toBe(400);
    const res = await c.chief.post(`/api/inspections/draws/${drawId}/draw`, { witness: '监督人宣读：08 15 23 31' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await c.chief.post(`/api/inspections/draws/${drawId}/draw`, { witness: 'again' })).json().error.code).toBe('DRAW_ALREADY_DRAWN');

    const pub = (await publicGet(`/api/public/inspections/draws/${drawId}`)).json();
    expect(pub.status).toBe('drawn');
    // Recompute it independently of the server: the commitment, the seed, the result.
    expect(sha(pub.secret)).toBe(pub.commitment);
    const seed = deriveDrawSeed(pub.secret, pub.witness);
    expect(seed).toBe(pub.drawSeed);
    expect(performDraw(pub.inputs as DrawInputs, seed).assignments).toEqual(pub.result.map(({ target, inspectors }: { target: string; inspectors: string[] }) => ({ target, inspectors })));
    expect(ruleViolations(pub.inputs, { assignments: pub.result })).toEqual([]);
    for (const a of pub.result) {
      expect(a.inspectors).toHaveLength(2);
      if (a.target === 'RQ-0001') expect(a.inspectors).not.toContain('JC-001');
      if (a.target === 'RQ-0002') expect(a.inspectors).not.toContain('JC-002');
    }
    const v = (await publicGet(`/api/public/inspections/draws/${drawId}/verify`)).json();
    expect(v).toMatchObject({ commitmentMatches: true, inputsMatch: true, seedMatches: true, resultMatches: true, ruleViolations: [], ok: true });

    const list = (await c.chief.get(`/api/inspections?drawId=${drawId}`)).json();
    expect(list.total).toBe(3);
    expect(list.items.map((i: { entity: { code: string } }) => i.entity.code)).toEqual(pub.result.map((a: { target: string }) => a.target));
    expect(list.items.every((i: { status: string }) => i.status === 'assigned')).toBe(true);
  });

  it('lets only the drawn inspectors record, every item answered, dated between the draw and today', async () => {
    const [first] = (await c.chief.get(`/api/inspections?drawId=${drawId}`)).json().items;
    const detail = (await c.chief.get(`/api/inspections/${first.id}`)).json();
    const [aCode, bCode] = first.inspectors.map((i: { code: string }) => i.code);
    const byCode: Record<string, keyof typeof c> = { 'JC-001': 'dept', 'JC-002': 'dept2', 'JC-003': 'street', 'JC-004': 'inspector', 'JC-005': 'inspector2' };
    const assigned = c[byCode[aCode]];
    const outsider = c[Object.entries(byCode).find(([code]) => code !== aCode && code !== bCode)![1]];
    const answers = detail.checklist.map((i: { code: string }) => ({ code: i.code, passed: i.code !== 'G02', note: i.code === 'G02' ? '管道锈蚀严重' : null }));

    expect((await outsider.post(`/api/inspections/${first.id}/record`, { inspectedOn: '2026-11-16', results: answers })).json().error.code).toBe('INSPECTION_NOT_FOUND');
    expect((await outsider.get(`/api/inspections/${first.id}`)).statusCode).toBe(404);
    const mine = (await assigned.get('/api/inspections')).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(first.id);
    expect(mine.items.every((i: { inspectors: { code: string }[] }) => i.inspectors.some((x) => x.code === aCode))).toBe(true);
    expect((await assigned.get(`/api/inspections/${first.id}`)).json().entityDetail).toBeNull(); // contacts are the centre's

    const incomplete = await assigned.post(`/api/inspections/${first.id}/record`, { inspectedOn: '2026-11-16', results: answers.slice(1) });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.code).toBe('CHECKLIST_INCOMPLETE');
    expect((await assigned.post(`/api/inspections/${first.id}/record`, { inspectedOn: '2026-11-17', results: answers })).statusCode).toBe(400);
    expect((await assigned.post(`/api/inspections/${first.id}/record`, { inspectedOn: '2026-11-15', results: answers })).statusCode).toBe(400);
    expect((await c.chief.get(`/api/inspections/${first.id}`)).json()).toMatchObject({ status: 'assigned', results: null });

    const ok = await assigned.post(`/api/inspections/${first.id}/record`, { inspectedOn: '2026-11-16', results: answers, note: '现场检查' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'recorded', failed: 1, canReview: false });
  });

  it('review: not by an inspector or whoever entered it; returned with a reason; approved, failed items become cases and the result is public', async () => {
    const items = (await c.chief.get(`/api/inspections?drawId=${drawId}`)).json().items;
    const recorded = items.find((i: { status: string }) => i.status === 'recorded');
    const second = items.find((i: { status: string }) => i.status === 'assigned');
    expect((await c.dept.post(`/api/inspections/${recorded.id}/review`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await c.leader.post(`/api/inspections/${recorded.id}/review`, { decision: 'return' })).statusCode).toBe(400);
    const back = await c.leader.post(`/api/inspections/${recorded.id}/review`, { decision: 'return', note: '请补充现场照片说明' });
    expect(back.json()).toMatchObject({ status: 'assigned', reviewNote: '请补充现场照片说明' });

    // The chief enters it from the paper form, so the chief may not approve it: the leader does.
    const detail = (await c.chief.get(`/api/inspections/${recorded.id}`)).json();
    const answers = detail.checklist.map((i: { code: string }) => ({ code: i.code, passed: i.code !== 'G02' && i.code !== 'G05', note: i.code === 'G05' ? '消防通道堆放杂物' : null }));
    expect((await c.chief.post(`/api/inspections/${recorded.id}/record`, { inspectedOn: '2026-11-16', results: answers })).statusCode).toBe(200);
    expect((await c.chief.post(`/api/inspections/${recorded.id}/review`, { decision: 'approve' })).json().error.code).toBe('REVIEWER_IS_INSPECTOR');
    expect((await c.leader.post(`/api/inspections/${second.id}/review`, { decision: 'approve' })).json().error.code).toBe('INSPECTION_STATE');

    const approved = await c.leader.post(`/api/inspections/${recorded.id}/review`, { decision: 'approve', note: '情况属实，责令整改' });
    expect(approved.statusCode, approved.body).toBe(200);
    const a = approved.json();
    expect(a.status).toBe('published');
    expect(a.findings.map((f: { itemCode: string; rectifyBy: string }) => [f.itemCode, f.rectifyBy])).toEqual([
      ['G02', '2026-11-21'],
      ['G05', '2026-11-17'],
    ]);
    for (const f of a.findings) {
      expect(f.caseNumber).toMatch(/^220106-2026-\d{6}$/);
      const cs = (await c.chief.get(`/api/cases/${f.caseId}`)).json();
      expect(cs).toMatchObject({ source: 'inspection', kind: 'matter', classCode: f.classCode, state: 'reported' });
      expect(cs.description).toContain(`责令于 ${f.rectifyBy} 前整改完毕`);
    }
    expect((await c.leader.post(`/api/inspections/${recorded.id}/review`, { decision: 'approve' })).json().error.code).toBe('INSPECTION_STATE');
    expect((await c.leader.post(`/api/inspections/${recorded.id}/record`, { inspectedOn: '2026-11-16', results: answers })).statusCode).toBe(403);

    const pub = await publicGet('/api/public/inspections/results');
    expect(pub.statusCode).toBe(200);
    const body = pub.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ outcome: 'problems', sector: 'gas', inspectedOn: '2026-11-16', entity: { code: detail.entity.code, name: detail.entity.name } });
    expect(body.items[0].findings).toHaveLength(2);
    expect(body.items[0].findings[0]).toMatchObject({ rectifyBy: '2026-11-21', rectified: false, caseNumber: a.findings[0].caseNumber });
    // No personal data: no contact, no names of people, no user ids.
    const text = pub.body;
    for (const secret of ['13900001111', '张经理', ...Object.values(w.users).map((u) => u.id), ...Object.values(w.users).map((u) => `"${u.username}"`)]) expect(text).not.toContain(secret);
  });

  it('the next draw of the plan excludes each target’s previous inspectors', async () => {
    w.clock.advance(180);
    const res = await c.chief.post(`/api/inspections/plans/${planId}/draws`, { sampleSize: 6, inspectorsPerTarget: 2 });
    expect(res.statusCode, res.body).toBe(201);
    const first = (await publicGet(`/api/public/inspections/draws/${drawId}`)).json();
    const second = res.json();
    expect(second.round).toBe(2);
    for (const a of first.result) expect(second.inputs.previous).toContainEqual([a.target, [...a.inspectors].sort()]);
    const drawn = (await c.chief.post(`/api/inspections/draws/${second.id}/draw`, { witness: '福彩3D 第2026316期 517' })).json();
    for (const a of drawn.result) {
      const before = first.result.find((x: { target: string }) => x.target === a.target);
      if (before) for (const i of a.inspectors) expect(before.inspectors).not.toContain(i);
    }
    expect((await publicGet(`/api/public/inspections/draws/${second.id}/verify`)).json().ok).toBe(true);
    expect((await publicGet(`/api/public/inspections/draws`)).json().map((d: { round: number }) => d.round)).toEqual([2, 1]);
  });
});
