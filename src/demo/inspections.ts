// The hazard-inspection demo: a qualified pool of inspectors from the bureaus, a register of construction sites, gas
// installations, public venues and eateries at the gazetteer's addresses, declared conflicts, and four plans walked
// through the real services — a construction round drawn, inspected, reviewed and its findings rectified (cases closed);
// a gas round part-way (some results awaiting review); a fire round published with its next draw committed and waiting;
// a food plan with no draw yet. Deterministic apart from the draws' fresh secrets (as in real use).
import crypto from 'node:crypto';
import os from 'node:os';
import { and, asc, eq, sql } from 'drizzle-orm';
import { DAY_MS } from '../domain/calendar/shanghai-time';
import { shanghaiDay } from '../domain/calendar';
import type { Sector } from '../domain/inspections';
import type { Role } from '../domain/workflow';
import { hashPassword } from '../server/auth/password';
import type { Actor } from '../server/auth/policy';
import { actOnCase, getCase } from '../server/cases/case.service';
import { listFilingConditions } from '../server/catalogue/catalogue.repository';
import { loadConfig } from '../server/config';
import { createContext } from '../server/context';
import type { Db } from '../server/db/client';
import type { DemoPhotoFile } from './photos';
import { beats, departments, gazetteerEntries, grids, photos, users } from '../server/db/schema';
import { locatePoint } from '../server/geo/geo.repository';
import { commitDraw, executeDraw } from '../server/inspections/draws.service';
import { createPlan } from '../server/inspections/inspections.service';
import { getInspection, recordInspection, reviewInspection } from '../server/inspections/results.service';
import { inspectionConflicts, inspectionEntities, inspectionInspectors } from '../server/inspections/inspections.tables';
import { mulberry32, seedOf } from './geo/prng';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江';
const GIVEN = ['建国', '志刚', '海峰', '丽娟', '春燕', '国良', '晓明', '雪梅', '长军', '玉华', '振宇', '秀芝', '德胜', '红霞'];

/** The pool: username, department kind, sectors. The demo account `dept` (城管执法局) is in it too. */
const POOL: [string, string, Sector[]][] = [
  ['jc01', 'market', ['food', 'fire']],
  ['jc02', 'market', ['food']],
  ['jc03', 'market', ['food', 'gas']],
  ['jc04', 'market', ['food']],
  ['jc05', 'housing', ['construction']],
  ['jc06', 'housing', ['construction', 'gas']],
  ['jc07', 'housing', ['construction']],
  ['jc08', 'housing', ['construction', 'fire']],
  ['jc09', 'emergency', ['fire', 'gas']],
  ['jc10', 'emergency', ['fire', 'gas']],
  ['jc11', 'emergency', ['fire']],
  ['jc12', 'emergency', ['gas', 'construction']],
  ['jc13', 'enforcement', ['food', 'construction']],
];

const NAMES: Record<Sector, (stem: string, i: number) => string> = {
  construction: (s, i) => `${s}${['花园', '名苑', '家园', '学校综合楼', '商业中心', '安置小区'][i % 6]}${['一', '二', '三'][i % 3]}期项目工地`,
  gas: (s, i) => [`${s}小区燃气调压站`, `${s}液化石油气供应站`, `${s}酒家（燃气用户）`, `${s}热力站燃气锅炉房`][i % 4],
  fire: (s, i) => [`${s}购物广场`, `${s}宾馆`, `${s}农贸市场`, `${s}养老服务中心`, `${s}网吧`][i % 5],
  food: (s, i) => [`${s}饭店`, `${s}生鲜超市`, `${s}小学食堂`, `${s}烧烤店`, `${s}早餐店`][i % 5],
};
const PER_SECTOR = 16;
const PREFIX: Record<Sector, string> = { construction: 'JZ', gas: 'RQ', fire: 'XF', food: 'SP' };

type Rand = () => number;

/** `afterPhoto` is the demo photo file the rectified findings show as their after photo. */
export async function seedDemoInspections(db: Db, opts: { now: Date; afterPhoto: DemoPhotoFile }): Promise<string> {
  const prng = mulberry32(seedOf('inspections'));
  const rand: Rand = () => prng.next();
  let clock = new Date(opts.now.getTime() - 80 * DAY_MS);
  const ctx = createContext(loadConfig({ DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' }), { db, kind: 'pglite', close: async () => {} }, () => clock);
  const at = (daysAgo: number, hour = 10) => {
    clock = new Date(Math.max(clock.getTime() + 60_000, Date.parse(`${shanghaiDay(new Date(opts.now.getTime() - daysAgo * DAY_MS))}T${String(hour).padStart(2, '0')}:00:00+08:00`)));
    if (clock.getTime() > opts.now.getTime()) clock = new Date(opts.now.getTime() - 60_000);
  };
  const later = (minutes: number) => (clock = new Date(Math.min(clock.getTime() + minutes * 60_000, opts.now.getTime() - 60_000)));

  // ------------------------------------------------------------ the pool
  const deptRows = await db.select().from(departments);
  const deptOf = (kind: string) => deptRows.find((d) => d.kind === kind)!.id;
  const hash = await hashPassword('demo');
  const poolUsers = POOL.map(([username, kind], i) => ({
    id: crypto.randomUUID(),
    username,
    displayName: `${deptRows.find((d) => d.kind === kind)!.nameZh.replace('绿园区', '')} ${SURNAMES[(i * 5 + 3) % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`,
    passwordHash: hash,
    roles: ['department'] as Role[],
    departmentId: deptOf(kind),
    createdAt: opts.now,
  }));
  await db.insert(users).values(poolUsers);
  const [deptAccount] = await db.select().from(users).where(eq(users.username, 'dept'));
  const members = [...poolUsers.map((u, i) => ({ userId: u.id, sectors: POOL[i][2] })), ...(deptAccount ? [{ userId: deptAccount.id, sectors: ['construction', 'fire'] as Sector[] }] : [])];
  await db.insert(inspectionInspectors).values(members.map((m, i) => ({ userId: m.userId, code: `JC-${String(i + 1).padStart(3, '0')}`, sectors: m.sectors, createdAt: opts.now, updatedAt: opts.now })));

  // ------------------------------------------------------------ the register, at door plates of the generated roads
  const addresses = await db
    .select({ name: gazetteerEntries.name, road: gazetteerEntries.road, lng: gazetteerEntries.lng, lat: gazetteerEntries.lat })
    .from(gazetteerEntries)
    .where(eq(gazetteerEntries.kind, 'address'))
    .orderBy(asc(gazetteerEntries.code));
  const entityRows: (typeof inspectionEntities.$inferInsert)[] = [];
  const sectors: Sector[] = ['construction', 'gas', 'fire', 'food'];
  for (const sector of sectors) {
    for (let i = 0; i < PER_SECTOR && addresses.length; i++) {
      const a = addresses[Math.floor(rand() * addresses.length)];
      const place = await locatePoint(db, a.lng, a.lat);
      if (!place) continue;
      const stem = (a.road ?? a.name).replace(/(大街|路|街)$/, '');
      entityRows.push({
        code: `${PREFIX[sector]}-${String(i + 1).padStart(4, '0')}`,
        name: NAMES[sector](stem, i),
        sector,
        uscc: `91220106MA${String(Math.floor(rand() * 1e7)).padStart(7, '0')}${'0123456789ABCDEFGHJKLMNPQRTUWXY'[Math.floor(rand() * 31)]}`,
        address: `${place.streetName}${a.name}`,
        lng: a.lng,
        lat: a.lat,
        gridCode: place.gridCode,
        communityCode: place.communityCode,
        streetCode: place.streetCode,
        contactName: `${SURNAMES[Math.floor(rand() * SURNAMES.length)]}${GIVEN[Math.floor(rand() * GIVEN.length)]}`,
        contactPhone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
        createdAt: opts.now,
        updatedAt: opts.now,
      });
    }
  }
  const entities = await db.insert(inspectionEntities).values(entityRows).returning();
  // Two declared conflicts: an inspector whose relative runs a site, one who used to work at a market.
  const codeOf = (c: string) => entities.find((e) => e.code === c)!.id;
  await db.insert(inspectionConflicts).values([
    { userId: poolUsers[5].id, entityId: codeOf('JZ-0003'), reason: '亲属任该项目负责人', declaredBy: poolUsers[5].id, declaredAt: opts.now },
    { userId: poolUsers[8].id, entityId: codeOf('XF-0003'), reason: '曾在该单位任职（三年内）', declaredBy: poolUsers[8].id, declaredAt: opts.now },
  ]);

  // ------------------------------------------------------------ people acting in the walk
  const userRows = await db.select().from(users);
  const actor = (u: (typeof userRows)[number]): Actor => ({ id: u.id, username: u.username, roles: u.roles as Role[], departmentId: u.departmentId, streetCode: deptRows.find((d) => d.id === u.departmentId)?.streetCode ?? null });
  const byName = (n: string) => actor(userRows.find((u) => u.username === n)!);
  const chief = byName('chief');
  const leader = byName('leader');
  const operator = byName('operator');
  const dispatcher = byName('dispatcher');
  const byId = new Map(userRows.map((u) => [u.id, actor(u)]));

  // A plan from its sector's checklist; a draw committed at `committedDaysAgo` and made the next working morning.
  const runPlan = async (name: string, sector: Sector, committedDaysAgo: number, sampleSize: number) => {
    at(committedDaysAgo + 2, 9);
    const plan = await createPlan(ctx, chief, { name, sector, periodFrom: shanghaiDay(new Date(opts.now.getTime() - 120 * DAY_MS)), periodTo: shanghaiDay(new Date(opts.now.getTime() + 60 * DAY_MS)) });
    return { plan, draw: committedDaysAgo >= 0 ? await drawRound(plan.id, committedDaysAgo, sampleSize) : null };
  };
  const drawRound = async (planId: string, committedDaysAgo: number, sampleSize: number) => {
    at(committedDaysAgo, 16);
    const committed = await commitDraw(ctx, chief, planId, { sampleSize, inspectorsPerTarget: 2 });
    if (committedDaysAgo === 0) return committed;
    at(committedDaysAgo - 1, 9);
    const witness = `${String(1 + Math.floor(rand() * 33)).padStart(2, '0')} ${String(1 + Math.floor(rand() * 33)).padStart(2, '0')} ${String(1 + Math.floor(rand() * 33)).padStart(2, '0')}（纪检监督员现场报号）`;
    return executeDraw(ctx, chief, committed.id, witness);
  };
  const inspectionsOf = async (drawId: string) => {
    const res = await db.execute(sql`select id from inspections where draw_id = ${drawId} order by position`);
    return (res as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  };
  /** The first drawn inspector records: each item fails with probability `failShare`. */
  const record = async (id: string, daysAgo: number, failShare: number) => {
    at(daysAgo, 10 + Math.floor(rand() * 6));
    const d = await getInspection(ctx, chief, id);
    const results = d.checklist.map((item) => {
      const passed = rand() >= failShare;
      return { code: item.code, passed, note: passed ? null : FAIL_NOTES[item.code] ?? '现场检查不符合要求' };
    });
    return recordInspection(ctx, byId.get(d.inspectors[0].userId)!, id, { inspectedOn: shanghaiDay(clock), results, note: '按检查表逐项检查' });
  };
  const review = async (id: string, daysAgo: number) => {
    at(daysAgo, 15);
    return reviewInspection(ctx, leader, id, { decision: 'approve', note: '审核通过，予以公示' });
  };

  // ------------------------------------------------------------ 1. construction: done, findings rectified
  const construction = await runPlan('2026年建筑工地扬尘治理与施工安全双随机抽查', 'construction', 70, 6);
  const cIds = await inspectionsOf(construction.draw!.id);
  for (const [k, id] of cIds.entries()) await record(id, 66 - k * 2, 0.18);
  const cDone = [];
  for (const [k, id] of cIds.entries()) cDone.push(await review(id, 52 - k));
  for (const [k, r] of cDone.entries()) for (const f of r.findings) await rectify(f.caseId!, k % 3 === 2 ? 'handling' : 'closed');

  // ------------------------------------------------------------ 2. fire: published (its next round is committed below)
  const fire = await runPlan('2026年消防安全双随机抽查', 'fire', 42, 5);
  const fIds = await inspectionsOf(fire.draw!.id);
  for (const [k, id] of fIds.entries()) await record(id, 39 - k * 2, 0.15);
  const fDone = [];
  for (const [k, id] of fIds.entries()) fDone.push(await review(id, 28 - k));
  for (const r of fDone) for (const f of r.findings) await rectify(f.caseId!, 'closed');

  // ------------------------------------------------------------ 3. gas: part-way
  const gas = await runPlan('2026年第四季度城镇燃气安全隐患排查', 'gas', 16, 5);
  const gIds = await inspectionsOf(gas.draw!.id);
  for (const [k, id] of gIds.slice(0, 4).entries()) await record(id, 13 - k * 2, 0.15); // the fifth waits for its inspectors
  const gDone = [];
  for (const [k, id] of gIds.slice(0, 3).entries()) gDone.push(await review(id, 5 - k)); // the fourth waits for review
  for (const r of gDone) for (const f of r.findings) await rectify(f.caseId!, 'dispatched');
  const findings = [...cDone, ...fDone, ...gDone].reduce((n, r) => n + r.findings.length, 0);

  // The fire plan's next round: committed yesterday, to be drawn (its commitment is public meanwhile).
  at(1, 16);
  await drawRound(fire.plan.id, 0, 5);

  // ------------------------------------------------------------ 4. food: a plan, no draw yet
  await runPlan('2026年食品安全“双随机、一公开”监管抽查', 'food', -1, 0);

  return `${members.length} pool inspectors, ${entities.length} entities, 4 plans, ${findings} findings raised as cases`;

  /** Walks a finding's case through the ordinary workflow: registered, filed, dispatched, accepted; then to closed. */
  async function rectify(caseId: string, until: 'dispatched' | 'handling' | 'closed') {
    const detail = await getCase(ctx, operator, caseId);
    later(25);
    await actOnCase(ctx, operator, caseId, 'register', { note: '双随机检查发现问题，直接受理' });
    const [condition] = await listFilingConditions(db, 'matter', detail.classCode);
    later(10);
    await actOnCase(ctx, chief, caseId, 'file', { filingCondition: condition.code, note: '检查发现隐患，立案整改' });
    const routed = (await getCase(ctx, dispatcher, caseId)).suggestedDepartment!;
    later(8);
    await actOnCase(ctx, dispatcher, caseId, 'dispatch', { departmentId: routed.departmentId, note: '请督促责任单位限期整改' });
    if (until === 'dispatched') return;
    const [handlerRow] = await db.select().from(users).where(and(eq(users.departmentId, routed.departmentId), sql`'department' = any(${users.roles})`)).orderBy(asc(users.username)).limit(1);
    const handler = actor(handlerRow);
    later(40);
    await actOnCase(ctx, handler, caseId, 'accept', { note: '已签收，通知责任单位整改' });
    if (until === 'handling') return;
    // The after photo: one of the demo's photo files (there are none in the photos table when the demo has no cases).
    const photoId = crypto.randomUUID();
    later(60 * 6);
    await db.insert(photos).values({ ...opts.afterPhoto, mime: 'image/jpeg', id: photoId, caseId: null, stage: 'other', uploadedBy: handler.id, createdAt: clock });
    await actOnCase(ctx, handler, caseId, 'handle', { note: '责任单位已按要求整改完毕', photoIds: [photoId] });
    const [beat] = await db.select({ inspectorId: beats.inspectorId }).from(grids).innerJoin(beats, eq(beats.id, grids.beatId)).where(eq(grids.code, detail.gridCode!));
    later(30);
    await actOnCase(ctx, operator, caseId, 'sendCheck', { inspectorId: beat.inspectorId!, note: '请现场核查整改情况' });
    later(90);
    await actOnCase(ctx, byId.get(beat.inspectorId!)!, caseId, 'check', { result: 'fixed', note: '现场核查已整改到位' });
    later(20);
    await actOnCase(ctx, chief, caseId, 'close', { note: '整改完成，结案' });
  }
}

const FAIL_NOTES: Record<string, string> = {
  C01: '东侧围挡缺失约20米',
  C02: '土方未覆盖，未见洒水降尘',
  C03: '出入口无冲洗设施，车辆带泥上路',
  C04: '建筑垃圾堆放超过一周未清运',
  C05: '脚手架作业人员未系安全带',
  C06: '公示牌内容缺失、字迹不清',
  G01: '调压箱锈蚀，箱门无法锁闭',
  G02: '露天管道锈蚀，局部被杂物占压',
  G03: '燃气井盖破损',
  G04: '调压箱周边堆放纸箱杂物',
  G05: '消防通道被车辆占用',
  F01: '安全出口上锁，疏散通道堆放货物',
  F02: '灭火器过期，消火栓无水',
  F03: '库房违规存放易燃物品',
  F04: '楼道内电动自行车充电',
  D01: '营业执照未公示',
  D02: '油烟净化器未开启',
  D03: '厨余垃圾未分类、未及时清运',
  D04: '店外摆放桌椅经营',
};
