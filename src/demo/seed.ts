// The Lvyuan demo: real streets and communities, generated zones and grids, departments, an account per role,
// and a few thousand cases walked through the real state machine so that queues, maps and numbers look alive.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { DEPARTMENT_KINDS, GB47678_5_CLASSES, type CatalogueClass, type DepartmentKind } from '../domain/catalogue';
import { WorkingCalendar, type Limit } from '../domain/calendar';
import { responsibilityFor, type ResponsibilityRule } from '../domain/routing';
import {
  applyAction,
  initialSnapshot,
  DEFAULT_STEP_LIMITS,
  URGENT_STEP_LIMITS,
  type ActionName,
  type CaseSnapshot,
  type CaseSource,
  type Role,
} from '../domain/workflow';
import { hashPassword } from '../server/auth/password';
import type { Db } from '../server/db/client';
import * as t from '../server/db/schema';
import { DEFAULT_CALENDAR } from '../server/settings/settings.service';
import { advanceCaseSerial } from '../server/cases/case.repository';
import { seedDemoIntegrations } from '../server/integrations';
import { seedDemoGazetteer } from '../server/geocode/demo-gazetteer';
import { seedDemoPetitions } from './petitions';
import { seedDemoNotifications } from './notify';
import { seedDemoComponents } from './components';
import { areaClassOf, generateDemoGeography, type DemoGeography } from './geo/geography';
import { makeDemoPhotos } from './photos';
import { mulberry32 } from './geo/prng';
import { seedDemoCampaigns } from './campaigns';
import { seedDemoIllegalBuilding } from './illegal-building';
import { seedDemoSweeping } from './sweeping';
import { seedDemoInspections } from './inspections';
import { seedDemoPlan } from './plan';
import { seedDemoEvaluation } from './evaluation';

export const DEMO_PASSWORD = 'demo';

/** The demo accounts listed in the README and on the login screen. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; roles: Role[]; dept?: DepartmentKind | 'street:220106001' }[] = [
  { username: 'admin', displayName: '系统管理员 王磊', roles: ['admin'] },
  { username: 'operator', displayName: '受理员 李静', roles: ['operator'] },
  { username: 'chief', displayName: '值班长 赵刚', roles: ['chief'] },
  { username: 'dispatcher', displayName: '派遣员 陈敏', roles: ['dispatcher'] },
  { username: 'inspector', displayName: '监督员 刘洋', roles: ['inspector'] },
  { username: 'dept', displayName: '城管执法局 孙伟', roles: ['department'], dept: 'enforcement' },
  { username: 'street', displayName: '正阳街道 周丽', roles: ['department'], dept: 'street:220106001' },
  { username: 'leader', displayName: '区领导 吴强', roles: ['leader'] },
  { username: 'petition', displayName: '信访局 郑红', roles: ['petition'] },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '志强', '海燕', '晓东', '春梅', '国庆', '立新', '玉兰'];

/** Classes that the Lvyuan plans single out, and everyday ones, get more cases. */
const HOT_CLASSES: [string, string, number][] = [
  ['matter', '09006', 10], // 占道经营
  ['matter', '06029', 6], // 露天烧烤
  ['matter', '07001', 8], // 非法小广告
  ['matter', '07003', 3], // 违规户外广告
  ['matter', '09004', 3], // 废品收购乱象
  ['matter', '06001', 3], // 私搭乱建
  ['matter', '08016', 2], // 无证建设
  ['matter', '06010', 6], // 暴露垃圾
  ['component', '01001', 2],
  ['component', '01002', 3],
  ['component', '03001', 2],
];

interface SeedOptions {
  now: Date;
  uploadsDir: string;
  cases?: number;
  days?: number;
  seed?: number;
  log?: (msg: string) => void;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const between = (r: Rand, a: number, b: number) => a + (b - a) * r();
const minutes = (m: number) => m * 60_000;

export async function seedDemo(db: Db, opts: SeedOptions): Promise<string> {
  const log = opts.log ?? (() => {});
  const prng = mulberry32(opts.seed ?? 20260701);
  const rand: Rand = () => prng.next();
  const started = Date.now();

  // ---------------------------------------------------------------- geography
  const geo: DemoGeography = generateDemoGeography();
  await db.transaction(async (tx) => {
    await tx.insert(t.settings).values({ key: 'districtBoundary', value: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: geo.district.boundary, properties: { code: geo.district.code, name: geo.district.name } }] }, updatedAt: opts.now }).onConflictDoNothing();
    await tx.insert(t.streets).values(geo.streets.map((s) => ({ code: s.code, districtCode: geo.district.code, name: s.name, type: s.type, geometry: s.polygon, generated: true })));
    await tx.insert(t.communities).values(geo.communities.map((c) => ({ code: c.code, streetCode: c.streetCode, name: c.name, type: c.type, areaClass: areaClassOf(c.code), geometry: c.polygon, generated: true })));
  });
  log(`  geography: ${geo.streets.length} streets, ${geo.communities.length} communities, ${geo.grids.length} grids`);

  // ---------------------------------------------------------------- departments
  const deptIds = new Map<string, string>(); // kind or street:<code> → id
  const deptRows: (typeof t.departments.$inferInsert)[] = [];
  for (const [kind, names] of Object.entries(DEPARTMENT_KINDS)) {
    if (kind === 'street') continue;
    const id = crypto.randomUUID();
    deptIds.set(kind, id);
    deptRows.push({ id, code: `220106-${kind}`, nameZh: `绿园区${names.nameZh}`.replace('绿园区绿园区', '绿园区'), nameEn: `Lvyuan ${names.nameEn}`, kind });
  }
  for (const s of geo.streets) {
    const id = crypto.randomUUID();
    deptIds.set(`street:${s.code}`, id);
    const office = s.name.endsWith('街道') ? '办事处' : /[镇乡]$/.test(s.name) ? '人民政府' : '管理委员会';
    const officeEn = s.name.endsWith('街道') ? 'Sub-district Office' : /[镇乡]$/.test(s.name) ? 'Town Government' : 'Management Committee';
    deptRows.push({ id, code: s.code, nameZh: `${s.name}${office}`, nameEn: `${s.name} ${officeEn}`, kind: 'street', streetCode: s.code });
  }
  await db.insert(t.departments).values(deptRows);

  // ---------------------------------------------------------------- users
  const hash = await hashPassword(DEMO_PASSWORD);
  const userRows: (typeof t.users.$inferInsert)[] = [];
  const byRole = new Map<string, string[]>();
  const addUser = (username: string, displayName: string, roles: Role[], departmentId: string | null) => {
    const id = crypto.randomUUID();
    userRows.push({ id, username, displayName, passwordHash: hash, roles, departmentId, createdAt: opts.now });
    for (const r of roles) byRole.set(r, [...(byRole.get(r) ?? []), id]);
    return id;
  };
  const accountIds = new Map<string, string>();
  for (const a of DEMO_ACCOUNTS) {
    accountIds.set(a.username, addUser(a.username, a.displayName, a.roles, a.dept ? deptIds.get(a.dept)! : null));
  }
  const personName = (i: number) => SURNAMES[(i * 7) % SURNAMES.length] + GIVEN[(i * 13) % GIVEN.length];
  const inspectors = [accountIds.get('inspector')!];
  for (let i = 2; i <= 24; i++) inspectors.push(addUser(`inspector${String(i).padStart(2, '0')}`, `监督员 ${personName(i)}`, ['inspector'], null));
  const deptHandlers = new Map<string, string>(); // dept id → a handler
  deptHandlers.set(deptIds.get('enforcement')!, accountIds.get('dept')!);
  deptHandlers.set(deptIds.get('street:220106001')!, accountIds.get('street')!);
  let k = 100;
  for (const [key, id] of deptIds) {
    if (deptHandlers.has(id)) continue;
    const username = key.startsWith('street:') ? `street-${key.slice(-3)}` : `dept-${key.replace(/_/g, '-')}`;
    deptHandlers.set(id, addUser(username, `${deptRows.find((d) => d.id === id)!.nameZh} ${personName(k++)}`, ['department'], id));
  }
  const operators = [accountIds.get('operator')!, addUser('operator2', `受理员 ${personName(3)}`, ['operator'], null)];
  const chiefs = [accountIds.get('chief')!];
  const dispatchers = [accountIds.get('dispatcher')!];
  for (let i = 0; i < userRows.length; i += 200) await db.insert(t.users).values(userRows.slice(i, i + 200));
  log(`  organisation: ${deptRows.length} departments, ${userRows.length} users`);

  // ---------------------------------------------------------------- beats (one per community) and grids
  const beatOf = new Map<string, { id: string; inspectorId: string }>();
  const beatRows = geo.communities.map((c, i) => {
    // The demo inspector patrols the communities of 正阳街道; the others share the rest.
    const inspectorId = c.streetCode === '220106001' ? inspectors[0] : inspectors[1 + (i % (inspectors.length - 1))];
    const id = crypto.randomUUID();
    beatOf.set(c.code, { id, inspectorId });
    return { id, code: `${c.code}B`, name: `${c.name}责任网格`, communityCode: c.code, inspectorId };
  });
  await db.insert(t.beats).values(beatRows);
  await db.transaction(async (tx) => {
    const rows = geo.grids.map((g) => ({
      code: g.code,
      communityCode: g.communityCode,
      streetCode: g.streetCode,
      ring: g.ring,
      areaM2: g.areaM2,
      centroidLng: g.centroid[0],
      centroidLat: g.centroid[1],
      beatId: beatOf.get(g.communityCode)?.id ?? null,
      generated: true,
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(t.grids).values(rows.slice(i, i + 1000));
  });

  const places = await seedDemoGazetteer(db);
  log(`  gazetteer: ${places} places, roads and addresses (roads and addresses generated)`);
  log(`  components: ${await seedDemoComponents(db, { now: opts.now })} along the generated roads (generated)`);

  // ---------------------------------------------------------------- responsibility list (权责清单)
  const rules: ResponsibilityRule[] = GB47678_5_CLASSES.map((c) => ({
    id: crypto.randomUUID(),
    kind: c.kind,
    classCode: c.code,
    filingCondition: null,
    areaClass: null,
    streetCode: null,
    departmentId: c.locality || c.departmentKind === 'street' ? null : (deptIds.get(c.departmentKind) ?? null),
    coDepartmentIds: c.locality && c.departmentKind !== 'street' && deptIds.get(c.departmentKind) ? [deptIds.get(c.departmentKind)!] : [],
    limit: null,
  }));
  for (let i = 0; i < rules.length; i += 200) {
    await db.insert(t.responsibilityRules).values(
      rules.slice(i, i + 200).map((r) => ({ id: r.id, kind: r.kind, classCode: r.classCode, departmentId: r.departmentId, coDepartmentIds: r.coDepartmentIds })),
    );
  }

  // ---------------------------------------------------------------- photos
  const photoFiles = await makeDemoPhotos(opts.uploadsDir);

  // ---------------------------------------------------------------- cases
  const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
  const weighted: [CatalogueClass, number][] = GB47678_5_CLASSES.map((c) => {
    const hot = HOT_CLASSES.find(([kind, code]) => kind === c.kind && code === c.code);
    return [c, hot ? hot[2] * 20 : 1];
  });
  const totalWeight = weighted.reduce((s, [, w]) => s + w, 0);
  const pickClass = () => {
    let x = rand() * totalWeight;
    for (const [c, w] of weighted) if ((x -= w) <= 0) return c;
    return weighted[0][0];
  };
  const handlerOf = (deptId: string) => deptHandlers.get(deptId)!;
  const streetOfficeOf = (streetCode: string) => deptIds.get(`street:${streetCode}`)!;

  const nCases = opts.cases ?? 3000;
  const days = opts.days ?? 150;
  const caseRows: (typeof t.cases.$inferInsert)[] = [];
  const eventRows: (typeof t.caseEvents.$inferInsert)[] = [];
  const photoRows: (typeof t.photos.$inferInsert)[] = [];
  const now = opts.now.getTime();

  for (let i = 0; i < nCases; i++) {
    // More cases recently (the platform is being rolled out), within working hours mostly.
    const ageDays = days * Math.pow(rand(), 1.6);
    let created = new Date(now - ageDays * 86400_000);
    if (rand() < 0.8) {
      const wt = calendar.addLimit(created, { amount: 0, unit: 'working_minutes' });
      created = new Date(wt.getTime() + minutes(between(rand, 0, 300)));
    }
    if (created.getTime() > now - minutes(5)) created = new Date(now - minutes(between(rand, 5, 240)));
    const cls = pickClass();
    const grid = pick(rand, geo.grids);
    const lng = grid.centroid[0] + between(rand, -0.0003, 0.0003);
    const lat = grid.centroid[1] + between(rand, -0.0002, 0.0002);
    const community = geo.communities.find((c) => c.code === grid.communityCode)!;
    const street = geo.streets.find((s) => s.code === grid.streetCode)!;
    const beat = beatOf.get(grid.communityCode)!;
    const source: CaseSource = pickWeighted(rand, [['inspector', 70], ['hotline', 12], ['citizen', 10], ['video_ai', 3], ['superior', 2], ['leader', 2], ['media', 1]]);
    const selfFix = source === 'inspector' && rand() < 0.05;
    const urgent = cls.urgent && rand() < 0.5;
    const id = crypto.randomUUID();
    const stepLimits = urgent ? URGENT_STEP_LIMITS : DEFAULT_STEP_LIMITS;
    let snap: CaseSnapshot = initialSnapshot({ classCode: cls.code, selfFix }, { now: created, calendar, stepLimits, warnShare: 0.8 });
    const reporterId = source === 'inspector' ? beat.inspectorId : null;
    const createdBy = reporterId ?? pick(rand, operators);
    const events: (typeof t.caseEvents.$inferInsert)[] = [];
    const beforePhoto = crypto.randomUUID();
    photoRows.push(photoRow(beforePhoto, id, 'before', pick(rand, photoFiles), createdBy, created));
    const reportPhotos = [beforePhoto];
    if (selfFix) {
      const after = crypto.randomUUID();
      photoRows.push(photoRow(after, id, 'after', pick(rand, photoFiles), createdBy, created));
      reportPhotos.push(after);
    }
    events.push({
      caseId: id, seq: 1, action: selfFix ? 'reportSelfFix' : 'report', fromState: null, toState: 'reported', actorId: createdBy,
      role: source === 'inspector' ? 'inspector' : 'operator', at: created, note: describe(cls, community.name), photoIds: reportPhotos,
      payload: { source, kind: cls.kind, classCode: cls.code, lng, lat, gridCode: grid.code },
    });

    // Walk the case through the workflow with human-like delays until it would happen in the future.
    let at = created.getTime();
    const act = (action: ActionName, input: Record<string, unknown>, actorId: string, roles: Role[], departmentId: string | null, delayMin: number, handleLimit?: Limit): boolean => {
      const stall = rand() < 0.03 ? between(rand, 3, 12) : 1; // now and then someone is slow: red lights
      const next = at + minutes(delayMin * stall);
      if (next > now) return false;
      const { next: n, event } = applyAction(snap, action, input as never, {
        now: new Date(next), actor: { id: actorId, roles, departmentId }, calendar, stepLimits, warnShare: 0.8, handleLimit,
      });
      const photoIds = (input.photoIds as string[] | undefined) ?? [];
      events.push({
        caseId: id, seq: events.length + 1, action, fromState: event.fromState, toState: event.toState, actorId, role: event.role,
        at: new Date(next), note: event.note, photoIds, payload: event.payload,
        stepDeadline: event.fromState !== event.toState ? snap.stepDeadline : null, departmentId: n.departmentId,
      });
      snap = n;
      at = next;
      return true;
    };
    simulate: {
      const operator = pick(rand, operators);
      if (selfFix) {
        act('approveSelfFix', { note: '自处理属实，予以结案' }, operator, ['operator'], null, between(rand, 10, 60));
        break simulate;
      }
      if (rand() < 0.03) {
        act('reject', { reason: pick(rand, ['不属于城市管理范畴', '重复上报', '信息不全，无法核实']) }, operator, ['operator'], null, between(rand, 5, 40));
        break simulate;
      }
      if (source === 'inspector' && rand() < 0.85) {
        if (!act('register', { note: '监督员上报，直接受理' }, operator, ['operator'], null, between(rand, 3, 25))) break simulate;
      } else {
        if (!act('sendVerify', { inspectorId: beat.inspectorId }, operator, ['operator'], null, between(rand, 3, 20))) break simulate;
        const ok = rand() < 0.9;
        const verifyPhoto = crypto.randomUUID();
        if (at + minutes(60) < now) photoRows.push(photoRow(verifyPhoto, id, 'other', pick(rand, photoFiles), beat.inspectorId, new Date(at)));
        if (!act('verify', { result: ok ? 'true' : pick(rand, ['false', 'duplicate']), note: ok ? '现场核实属实' : '现场未发现问题', photoIds: at + minutes(60) < now ? [verifyPhoto] : [] }, beat.inspectorId, ['inspector'], null, between(rand, 10, 45))) break simulate;
        if (!ok) break simulate;
      }
      const chief = pick(rand, chiefs);
      if (rand() < 0.02) {
        if (!act('requestCancel', { reason: '上报类别错误，重复立案' }, operator, ['operator'], null, between(rand, 3, 20))) break simulate;
        act('approveCancel', { note: '同意作废' }, chief, ['chief'], null, between(rand, 5, 30));
        break simulate;
      }
      const fc = pick(rand, cls.filingConditions);
      if (!act('file', { filingCondition: `${cls.kind === 'component' ? 'C' : 'M'}${fc.code}`, note: '符合立案条件' }, chief, ['chief'], null, between(rand, 2, 12), fc.limit)) break simulate;
      const dispatcher = pick(rand, dispatchers);
      const routed = responsibilityFor(rules.filter((r) => r.kind === cls.kind && r.classCode === cls.code), { kind: cls.kind, classCode: cls.code, streetCode: street.code }, streetOfficeOf);
      if (!act('dispatch', { departmentId: routed.departmentId, coDepartmentIds: routed.coDepartmentIds }, dispatcher, ['dispatcher'], null, between(rand, 2, 12))) break simulate;
      for (let round = 0; round < 3; round++) {
        let dept = snap.departmentId!;
        if (rand() < 0.05 && round === 0) {
          if (!act('requestReturn', { reason: '不属于本部门职责' }, handlerOf(dept), ['department'], dept, between(rand, 20, 120))) break simulate;
          const other = dept === streetOfficeOf(street.code) ? deptIds.get(cls.departmentKind === 'street' ? 'enforcement' : cls.departmentKind) ?? deptIds.get('enforcement')! : streetOfficeOf(street.code);
          if (!act('redispatch', { departmentId: other === dept ? deptIds.get('enforcement')! : other, note: '经核，改派属地' }, dispatcher, ['dispatcher'], null, between(rand, 10, 60))) break simulate;
          dept = snap.departmentId!;
        }
        if (!act('accept', { note: '已签收' }, handlerOf(dept), ['department'], dept, between(rand, 10, 90))) break simulate;
        if (rand() < 0.02 && round === 0) {
          if (!act('requestSuspension', { reason: '涉及规划调整，需长期处置' }, handlerOf(dept), ['department'], dept, between(rand, 60, 600))) break simulate;
          if (!act('approveSuspension', { note: '同意挂账' }, dispatcher, ['dispatcher'], null, between(rand, 30, 240))) break simulate;
          break simulate;
        }
        if (rand() < 0.07 && round === 0) {
          if (!act('requestExtension', { reason: '需协调相关单位，申请延期', extra: { amount: 2, unit: 'working_days' } }, handlerOf(dept), ['department'], dept, between(rand, 30, 300))) break simulate;
          const approve = rand() < 0.8;
          if (!act(approve ? 'approveExtension' : 'denyExtension', approve ? { note: '同意延期' } : { reason: '延期理由不充分' }, dispatcher, ['dispatcher'], null, between(rand, 20, 120))) break simulate;
        }
        // Handling takes a share of the limit; about one in seven runs over.
        const span = snap.handleDeadline!.getTime() - snap.handleStartedAt!.getTime();
        const share = rand() < 0.14 ? between(rand, 1.05, 1.8) : between(rand, 0.1, 0.95);
        const target = snap.handleStartedAt!.getTime() + span * share;
        const afterPhoto = crypto.randomUUID();
        const handleDelay = Math.max(5, (target - at) / 60_000);
        if (at + minutes(handleDelay) > now) break simulate;
        photoRows.push(photoRow(afterPhoto, id, 'after', pick(rand, photoFiles), handlerOf(dept), new Date(at + minutes(handleDelay))));
        if (!act('handle', { note: '已按要求处置完毕', photoIds: [afterPhoto] }, handlerOf(dept), ['department'], dept, handleDelay)) break simulate;
        const checker = beat.inspectorId;
        if (!act('sendCheck', { inspectorId: checker }, pick(rand, operators), ['operator'], null, between(rand, 5, 30))) break simulate;
        const fixed = rand() < 0.9 || round > 0;
        if (!act('check', { result: fixed ? 'fixed' : 'not_fixed', note: fixed ? '现场核查已处置' : '现场核查未处置到位，返工' }, checker, ['inspector'], null, between(rand, 10, 45))) break simulate;
        if (fixed) break;
      }
      if (snap.state === 'checked') act('close', { note: '核查通过，结案' }, pick(rand, chiefs), ['chief'], null, between(rand, 3, 30));
    }

    // Leaders urge a few long-overdue cases.
    if (snap.state === 'handling' && snap.handleDeadline && snap.handleDeadline.getTime() < now - 86400_000 && rand() < 0.3) {
      events.push({
        caseId: id, seq: events.length + 1, action: 'urge', fromState: snap.state, toState: snap.state, actorId: accountIds.get('leader')!,
        role: 'leader', at: new Date(Math.min(now - minutes(30), snap.handleDeadline.getTime() + 86400_000)), note: '请加快处置进度，尽快办结', photoIds: [], payload: {},
      });
    }
    const last = events[events.length - 1];
    caseRows.push({
      ...snap,
      id,
      number: '',
      districtCode: '220106',
      source,
      kind: cls.kind,
      description: describe(cls, community.name),
      locationText: `${street.name}${community.name} 网格${grid.code.slice(-3)}附近`,
      lng,
      lat,
      gridCode: grid.code,
      communityCode: community.code,
      streetCode: street.code,
      areaClass: areaClassOf(community.code),
      urgency: urgent ? 'urgent' : 'normal',
      assigneeId: snap.assigneeId,
      reporterId,
      reporter: source === 'hotline' || source === 'citizen' ? { name: `${SURNAMES[i % SURNAMES.length]}先生`, phone: `139${String(10_000_000 + i * 7919).slice(-8)}` } : null,
      createdBy,
      participantIds: [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))],
      createdAt: created,
      updatedAt: last.at as Date,
      version: events.length,
    });
    eventRows.push(...events);
  }

  // Case numbers follow intake order within each year.
  caseRows.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
  const counters = new Map<number, number>();
  for (const c of caseRows) {
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(c.createdAt as Date));
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    c.number = `220106-${year}-${String(n).padStart(6, '0')}`;
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < caseRows.length; i += 300) await tx.insert(t.cases).values(caseRows.slice(i, i + 300));
    for (let i = 0; i < eventRows.length; i += 1000) await tx.insert(t.caseEvents).values(eventRows.slice(i, i + 1000));
    for (let i = 0; i < photoRows.length; i += 1000) await tx.insert(t.photos).values(photoRows.slice(i, i + 1000));
    await tx.insert(t.settings).values({
      key: 'demo',
      value: {
        accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, password: DEMO_PASSWORD, roles: a.roles, displayName: a.displayName })),
        note: '街道/社区边界与单元网格为演示生成，非官方数据。Street/community zones and unit grids are generated for the demo, not official.',
      },
      updatedAt: opts.now,
    });
  });
  for (const [year, value] of counters) await advanceCaseSerial(db, year, value);
  await seedDemoIntegrations(db, opts.now);
  log(`  petitions: ${await seedDemoPetitions(db, { now: opts.now })}`);
  await seedDemoNotifications(db, opts.now);
  log(`  programmes: ${await seedDemoCampaigns(db, opts.now)}; ${await seedDemoIllegalBuilding(db, opts.now)}`);
  log(`  sweeping: ${await seedDemoSweeping(db, { now: opts.now })}`);
  log(`  inspections: ${await seedDemoInspections(db, { now: opts.now, afterPhoto: photoFiles[0] })}`);
  log(`  plan supervision: ${await seedDemoPlan(db, { now: opts.now })}`);
  await seedDemoEvaluation(db, opts.now);
  await db.execute(sql`analyze`);
  const open = caseRows.filter((c) => !['closed', 'invalid', 'cancelled'].includes(c.state as string)).length;
  return `${caseRows.length} cases (${open} open), ${eventRows.length} events, ${geo.grids.length} grids, ${userRows.length} users in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function pickWeighted<T>(r: Rand, xs: [T, number][]): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of xs) if ((x -= w) <= 0) return v;
  return xs[0][0];
}

function photoRow(id: string, caseId: string, stage: string, file: { path: string; thumbPath: string; width: number; height: number; bytes: number; sha256: string }, by: string, at: Date) {
  return { id, caseId, stage, mime: 'image/jpeg', ...file, uploadedBy: by, createdAt: at };
}

const DETAILS: Record<string, string[]> = {
  '09006': ['商贩占用人行道摆摊经营', '店外占道经营，堆放货物', '流动摊点占道售卖水果'],
  '06029': ['夜间露天烧烤，油烟扰民', '路边烧烤摊占道经营'],
  '07001': ['墙面、电线杆张贴非法小广告', '楼道内喷涂办证小广告'],
  '07003': ['户外广告牌破损存在安全隐患', '未经审批设置户外广告'],
  '09004': ['废品收购点占道堆放杂物', '废品收购站环境脏乱'],
  '06001': ['居民楼下私搭乱建板房', '屋顶违规搭建彩钢房'],
  '08016': ['无审批手续擅自施工建设', '院内新建违法建筑'],
  '06010': ['路边暴露垃圾未及时清运', '绿化带内堆积生活垃圾'],
};

function describe(cls: CatalogueClass, communityName: string): string {
  const options = DETAILS[cls.code] && cls.kind === 'matter' ? DETAILS[cls.code] : [`${cls.nameZh}${cls.kind === 'component' ? '损坏' : '问题'}，请及时处理`];
  return `${communityName}：${options[(communityName.length + cls.code.charCodeAt(4)) % options.length]}`;
}
