// Demo illegal building register (违法建设): existing stock across Lvyuan's streets with demolitions over the year's
// months (on the plan's pace toward 100,000 m²), new building found this year (some from the demo's 06001/08016 cases)
// mostly demolished within days, a few still standing; every entry walked through the real state machine.
import crypto from 'node:crypto';
import { and, asc, gte, inArray, like, lt, notInArray } from 'drizzle-orm';
import { addDays, daysBetween } from '../domain/campaigns';
import { shanghaiDay } from '../domain/calendar';
import {
  applyBuildingAction,
  DEFAULT_YEAR_TARGETS,
  newBuilding,
  yearElapsed,
  type BuildingAction,
  type BuildingActionInputs,
  type BuildingSnapshot,
} from '../domain/illegal-building';
import type { Db } from '../server/db/client';
import { cases, communities, departments, grids, photos, streets, users } from '../server/db/schema';
import {
  illegalBuildingCases,
  illegalBuildingEvents,
  illegalBuildingFiles,
  illegalBuildings,
  illegalBuildingTargets,
} from '../server/illegal-building/illegal-building.tables';
import { nextSerial } from '../server/illegal-building/illegal-building.repository';
import { mulberry32 } from './geo/prng';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const between = (r: Rand, a: number, b: number) => a + (b - a) * r();
const int = (r: Rand, a: number, b: number) => Math.floor(between(r, a, b + 1));

const TYPES: { type: string; weight: number; min: number; max: number; zh: string }[] = [
  { type: 'steel_shed', weight: 5, min: 60, max: 900, zh: '彩钢房' },
  { type: 'brick', weight: 3, min: 80, max: 1600, zh: '砖混结构房屋' },
  { type: 'simple_shed', weight: 4, min: 15, max: 220, zh: '简易棚' },
  { type: 'rooftop', weight: 2, min: 40, max: 450, zh: '屋顶加层' },
  { type: 'enclosure', weight: 1, min: 300, max: 3800, zh: '违规圈占院落' },
];
const ROADS = ['西安大路', '景阳大路', '皓月大路', '青年路', '普阳街', '春城大街', '正阳街', '同光路', '锦程大街', '飞跃路', '迎宾路', '绿园路'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏';
const GIVEN = ['建国', '海峰', '秀兰', '立军', '玉芬', '长春', '德明', '淑华', '志刚', '凤琴', '宝山', '桂荣', '永胜', '丽娟', '福林'];
const UNITS = ['物流有限公司', '建材经销处', '汽车修理厂', '农业合作社', '仓储服务部', '废旧物资回收站'];
/** How busy each month is (Changchun's winter stops most building and demolition). */
const SEASON = [0.15, 0.2, 0.6, 1.2, 1.4, 1.4, 1.2, 1.2, 1.3, 1.2, 0.8, 0.3];

/** A day of `year` up to `last` (inclusive), weighted by the season. */
function seasonalDay(r: Rand, year: number, last: string): string | null {
  const days: string[] = [];
  const weights: number[] = [];
  for (let d = `${year}-01-01`; d <= last && d.startsWith(String(year)); d = addDays(d, 1)) {
    days.push(d);
    weights.push(SEASON[Number(d.slice(5, 7)) - 1]);
  }
  if (!days.length) return null;
  let x = r() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < days.length; i++) if ((x -= weights[i]) <= 0) return days[i];
  return days[days.length - 1];
}

/** A rectangle of about `areaM2` around a point, [lng, lat] WGS84. */
function footprint(r: Rand, lng: number, lat: number, areaM2: number): [number, number][] {
  const aspect = between(r, 0.4, 1);
  const w = Math.sqrt(areaM2 / aspect);
  const h = w * aspect;
  const dLat = h / 2 / 111_320;
  const dLng = w / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [
    [lng - dLng, lat - dLat],
    [lng + dLng, lat - dLat],
    [lng + dLng, lat + dLat],
    [lng - dLng, lat + dLat],
  ];
}

interface Step {
  action: BuildingAction;
  input: BuildingActionInputs[BuildingAction];
}

/** Seeds the register and this year's targets. Returns a line for the seed log. */
export async function seedDemoIllegalBuilding(db: Db, now: Date): Promise<string> {
  const r: Rand = (() => {
    const p = mulberry32(20180328);
    return () => p.next();
  })();
  const today = shanghaiDay(now);
  const year = Number(today.slice(0, 4));
  const streetRows = await db.select({ code: streets.code, name: streets.name, type: streets.type }).from(streets).orderBy(asc(streets.code));
  if (!streetRows.length) return 'no streets: illegal building register not seeded';
  const communityRows = await db.select({ code: communities.code, name: communities.name }).from(communities);
  const communityName = new Map(communityRows.map((c) => [c.code, c.name]));
  const gridRows = await db.select({ code: grids.code, streetCode: grids.streetCode, communityCode: grids.communityCode, lng: grids.centroidLng, lat: grids.centroidLat }).from(grids).orderBy(asc(grids.code));
  const gridsOf = new Map<string, typeof gridRows>();
  for (const g of gridRows) gridsOf.set(g.streetCode, [...(gridsOf.get(g.streetCode) ?? []), g]);
  const deptRows = await db.select({ id: departments.id, code: departments.code, streetCode: departments.streetCode }).from(departments);
  const officeOf = (street: string) => deptRows.find((d) => d.streetCode === street)?.id ?? null;
  const enforcement = deptRows.find((d) => d.code === '220106-enforcement')?.id ?? null;
  const staff = await db.select({ id: users.id, username: users.username, departmentId: users.departmentId }).from(users);
  const chief = staff.find((s) => s.username === 'chief')?.id ?? null;
  const actorFor = (deptId: string | null) => staff.find((s) => s.departmentId === deptId)?.id ?? chief;
  const demoPhotos = await db.select().from(photos).where(like(photos.path, 'demo/%')).limit(40);
  const photoFiles = [...new Map(demoPhotos.map((p) => [p.path, p])).values()];

  // Towns and villages on the edge of the city carry most of the old stock.
  const streetWeight = (s: (typeof streetRows)[number]) => (s.type === '镇' || s.type === '乡' ? 3 : s.type === '园区' ? 1.5 : 1);
  const streetPool = streetRows.flatMap((s) => Array.from({ length: Math.round(streetWeight(s) * 2) }, () => s)).filter((s) => gridsOf.get(s.code)?.length);

  const buildingRows: (typeof illegalBuildings.$inferInsert)[] = [];
  const eventRows: (typeof illegalBuildingEvents.$inferInsert)[] = [];
  const fileRows: (typeof illegalBuildingFiles.$inferInsert)[] = [];
  const photoRows: (typeof photos.$inferInsert)[] = [];
  const caseLinks: (typeof illegalBuildingCases.$inferInsert)[] = [];

  const addPhoto = (buildingId: string, stage: string, by: string | null, on: string) => {
    if (!photoFiles.length) return null;
    const f = pick(r, photoFiles);
    const id = crypto.randomUUID();
    const at = new Date(`${on}T02:00:00Z`);
    photoRows.push({ ...f, id, caseId: null, stage: 'other', uploadedBy: by, createdAt: at });
    fileRows.push({ buildingId, photoId: id, kind: 'photo', stage, title: '', addedBy: by, addedAt: at });
    return id;
  };

  const serials: number[] = [];
  const add = async (o: {
    stock: 'existing' | 'new';
    street: (typeof streetRows)[number];
    point?: { lng: number; lat: number; gridCode: string; communityCode: string; address?: string };
    foundOn: string;
    source: string;
    steps: Step[];
    origin?: { caseId: string };
  }) => {
    const t = (() => {
      let x = r() * TYPES.reduce((s, k) => s + k.weight, 0);
      for (const k of TYPES) if ((x -= k.weight) <= 0) return k;
      return TYPES[0];
    })();
    const areaM2 = Math.round(between(r, t.min, o.stock === 'new' ? Math.min(t.max, 400) : t.max));
    const g = o.point ?? (() => {
      const cell = pick(r, gridsOf.get(o.street.code)!);
      return { lng: cell.lng + between(r, -0.0003, 0.0003), lat: cell.lat + between(r, -0.0002, 0.0002), gridCode: cell.code, communityCode: cell.communityCode };
    })();
    const id = crypto.randomUUID();
    const departmentId = t.type === 'enclosure' || areaM2 > 1200 ? (r() < 0.5 ? enforcement : officeOf(o.street.code)) : officeOf(o.street.code);
    const actor = actorFor(departmentId);
    const serial = await nextSerial(db);
    serials.push(serial);
    const cname = communityName.get(g.communityCode) ?? '';
    // A park's placeholder community (虚拟社区) is no part of an address.
    const address = o.point?.address ?? `${o.street.name}${cname.includes('虚拟') ? '' : cname} ${pick(r, ROADS)}${int(r, 1, 999)}号${pick(r, ['院内', '东侧', '西侧', '南侧空地', '北侧', '楼顶', '后院'])}`;
    const personOwner = r() < 0.75;
    let snap: BuildingSnapshot = newBuilding({ areaM2, foundOn: o.foundOn });
    const events: (typeof illegalBuildingEvents.$inferInsert)[] = [
      {
        buildingId: id, seq: 1, action: o.origin ? 'registerFromCase' : 'register', fromState: null, toState: 'found', on: o.foundOn,
        at: new Date(`${o.foundOn}T03:00:00Z`), actorId: actor, note: `${t.zh}，约 ${areaM2} 平方米`,
        payload: o.origin ? { caseId: o.origin.caseId, areaM2 } : { areaM2, source: o.source }, photoIds: [],
      },
    ];
    const before = r() < 0.6 ? addPhoto(id, 'before', actor, o.foundOn) : null;
    if (before) events[0].photoIds = [before];
    for (const s of o.steps) {
      // A step that does not fit (a date before the previous one, more area than is left) is where the story stops.
      if (s.action === 'demolish') {
        // complete: what is left; a negative area: that share of what is left (a partial demolition).
        const d = s.input as BuildingActionInputs['demolish'];
        const left = snap.areaM2 - snap.demolishedM2;
        d.areaM2 = Math.round((d.complete ? left : d.areaM2 < 0 ? left * -d.areaM2 : Math.min(d.areaM2, left)) * 10) / 10;
      }
      let t2: ReturnType<typeof applyBuildingAction>;
      try {
        t2 = applyBuildingAction(snap, s.action, s.input, today);
      } catch {
        break;
      }
      snap = t2.next;
      const photo = s.action === 'demolish' && r() < 0.7 ? addPhoto(id, 'after', actor, t2.event.on) : null;
      events.push({
        buildingId: id, seq: events.length + 1, action: s.action, fromState: t2.event.fromState, toState: t2.event.toState, on: t2.event.on,
        at: new Date(`${t2.event.on}T06:30:00Z`), actorId: actor, note: null, areaM2: t2.event.areaM2, payload: t2.event.payload, photoIds: photo ? [photo] : [],
      });
    }
    const lastAt = events[events.length - 1].at as Date;
    buildingRows.push({
      id,
      code: `WJ-${o.foundOn.slice(0, 4)}-${String(serial).padStart(5, '0')}`,
      stock: o.stock,
      type: t.type,
      address: address.slice(0, 256),
      description: `${t.zh}，${o.stock === 'new' ? '新增违法建设' : '存量违法建设'}`,
      lng: g.lng,
      lat: g.lat,
      location: [g.lng, g.lat],
      footprint: r() < 0.8 ? footprint(r, g.lng, g.lat, areaM2) : null,
      gridCode: g.gridCode,
      communityCode: g.communityCode,
      streetCode: o.street.code,
      areaM2,
      demolishedM2: snap.demolishedM2,
      ownerKind: personOwner ? 'person' : 'unit',
      ownerName: personOwner ? pick(r, [...SURNAMES]) + pick(r, GIVEN) : `长春市绿园区${pick(r, ['兴盛', '宏达', '鑫源', '顺通', '恒泰'])}${pick(r, UNITS)}`,
      ownerPhone: `13${int(r, 0, 9)}${String(int(r, 0, 99_999_999)).padStart(8, '0')}`,
      foundOn: o.foundOn,
      source: o.source,
      state: snap.state,
      deadline: snap.deadline,
      lastOn: snap.lastOn,
      closedOn: snap.closedOn,
      departmentId,
      createdBy: actor,
      createdAt: new Date(`${o.foundOn}T03:00:00Z`),
      updatedAt: lastAt,
      version: events.length,
    });
    eventRows.push(...events);
    if (o.origin) caseLinks.push({ buildingId: id, caseId: o.origin.caseId, relation: 'origin', linkedAt: new Date(`${o.foundOn}T03:00:00Z`) });
    return snap;
  };

  /** The enforcement path of an existing structure ending in a demolition on `day`: forced after the deadline, or by the owner within it. */
  const demolitionPath = (day: string, complete: boolean): Step[] => {
    const filed = addDays(day, -int(r, 40, 120));
    const notice = addDays(filed, int(r, 2, 12));
    const forced = r() < 0.6;
    const deadline = forced ? addDays(day, -int(r, 2, 25)) : addDays(day, int(r, 1, 12));
    const steps: Step[] = [
      { action: 'file', input: { on: filed, caseNo: `绿城管立〔${filed.slice(0, 4)}〕${int(r, 10, 999)}号` } },
      { action: 'serveNotice', input: { on: notice, noticeNo: `绿限拆〔${notice.slice(0, 4)}〕${int(r, 10, 999)}号`, deadline: deadline < notice ? addDays(notice, 15) : deadline } },
    ];
    if (forced && deadline >= notice) steps.push({ action: 'expire', input: { on: addDays(deadline, 1) } });
    steps.push({ action: 'demolish', input: { on: day, areaM2: 0, method: forced ? 'forced' : 'self', complete } });
    return steps;
  };
  const oldFound = (before: string) => {
    const start = '2018-03-01';
    const span = Math.max(1, daysBetween(start, before));
    return addDays(start, int(r, 0, span - 1));
  };

  // ---- existing stock demolished this year, on the plan's pace (a little ahead or behind), month by month
  const targets = DEFAULT_YEAR_TARGETS(year);
  const aim = targets.demolishM2 * yearElapsed(year, today) * between(r, 0.93, 1.06);
  let demolished = 0;
  let existing = 0;
  for (let guard = 0; demolished < aim && guard < 600; guard++) {
    const day = seasonalDay(r, year, addDays(today, -1));
    if (!day) break;
    const street = pick(r, streetPool);
    const partial = r() < 0.15;
    const steps = demolitionPath(day, !partial);
    const foundOn = oldFound(addDays(day, -130));
    const snap = await add({ stock: 'existing', street, foundOn, source: foundOn < '2018-07-01' ? 'census' : pick(r, ['patrol', 'aerial', 'report']), steps: partial ? halve(steps) : steps });
    demolished += snap.demolishedM2;
    existing++;
  }
  // ---- existing stock dealt with otherwise, or still standing at some step
  for (let i = 0; i < 70; i++) {
    const street = pick(r, streetPool);
    const foundOn = oldFound(addDays(today, -200));
    const x = r();
    let steps: Step[] = [];
    if (x < 0.12) {
      const on = addDays(today, -int(r, 20, 500));
      const path = demolitionPath(on, true).slice(0, -1);
      steps = [...path, { action: 'retain', input: { on, decisionNo: `绿城管罚〔${on.slice(0, 4)}〕${int(r, 10, 999)}号`, fineYuan: int(r, 5, 80) * 1000 } }];
    } else if (x < 0.18) {
      const on = addDays(today, -int(r, 20, 400));
      steps = [...demolitionPath(on, true).slice(0, -1), { action: 'confiscate', input: { on, decisionNo: `绿城管没〔${on.slice(0, 4)}〕${int(r, 10, 99)}号` } }];
    } else if (x < 0.3) {
      // Demolished in an earlier year.
      steps = demolitionPath(addDays(`${year}-01-01`, -int(r, 10, 600)), true);
    } else if (x < 0.45) {
      steps = [];
    } else if (x < 0.62) {
      steps = [{ action: 'file', input: { on: addDays(today, -int(r, 5, 200)) } }];
    } else if (x < 0.82) {
      const filed = addDays(today, -int(r, 30, 150));
      const notice = addDays(filed, int(r, 2, 15));
      steps = [
        { action: 'file', input: { on: filed } },
        { action: 'serveNotice', input: { on: notice, noticeNo: `绿限拆〔${notice.slice(0, 4)}〕${int(r, 10, 999)}号`, deadline: addDays(today, int(r, -10, 40)) } },
      ];
    } else {
      const filed = addDays(today, -int(r, 60, 300));
      const notice = addDays(filed, int(r, 2, 15));
      const deadline = addDays(notice, int(r, 15, 40));
      steps = [
        { action: 'file', input: { on: filed } },
        { action: 'serveNotice', input: { on: notice, noticeNo: `绿限拆〔${notice.slice(0, 4)}〕${int(r, 10, 999)}号`, deadline } },
        { action: 'expire', input: { on: addDays(deadline, int(r, 1, 10)) } },
      ];
    }
    const first = steps[0]?.input.on;
    await add({ stock: 'existing', street, foundOn: first && first < foundOn ? oldFound(first) : foundOn, source: pick(r, ['census', 'patrol', 'aerial', 'report']), steps });
    existing++;
  }

  // ---- new building found this year: from the demo's cases of 私搭乱建 / 无证建设, and from patrols
  const fromCases = await db
    .select({ id: cases.id, lng: cases.lng, lat: cases.lat, gridCode: cases.gridCode, communityCode: cases.communityCode, streetCode: cases.streetCode, createdAt: cases.createdAt, locationText: cases.locationText })
    .from(cases)
    .where(and(inArray(cases.classCode, ['06001', '08016']), notInArray(cases.state, ['invalid', 'cancelled']), gte(cases.createdAt, new Date(`${year - 1}-12-31T16:00:00Z`)), lt(cases.createdAt, now)))
    .orderBy(asc(cases.createdAt))
    .limit(12);
  let fresh = 0;
  const newOne = async (foundOn: string, street: (typeof streetRows)[number], point?: Parameters<typeof add>[0]['point'], origin?: { caseId: string }) => {
    const age = daysBetween(foundOn, today);
    const x = r();
    let steps: Step[];
    const filed = addDays(foundOn, int(r, 0, 2));
    if (age > 3 && x < 0.82) {
      // 即查即拆: filed at once and demolished within days.
      const on = addDays(foundOn, Math.min(age - 1, int(r, 1, 18)));
      steps = [{ action: 'file', input: { on: filed } }, { action: 'demolish', input: { on: on < filed ? filed : on, areaM2: 0, method: r() < 0.5 ? 'self' : 'forced', complete: true } }];
    } else if (age > 40 && x < 0.93) {
      const notice = addDays(filed, 2);
      const deadline = addDays(notice, 15);
      steps = [
        { action: 'file', input: { on: filed } },
        { action: 'serveNotice', input: { on: notice, noticeNo: `绿限拆〔${notice.slice(0, 4)}〕${int(r, 10, 999)}号`, deadline } },
        { action: 'expire', input: { on: addDays(deadline, 1) } },
        { action: 'confiscate', input: { on: addDays(deadline, 9), decisionNo: `绿城管没〔${year}〕${int(r, 10, 99)}号` } },
      ];
    } else if (age > 3) {
      const notice = addDays(filed, 1);
      steps = [
        { action: 'file', input: { on: filed } },
        { action: 'serveNotice', input: { on: notice, noticeNo: `绿限拆〔${notice.slice(0, 4)}〕${int(r, 10, 999)}号`, deadline: addDays(notice, 10) } },
      ];
    } else {
      steps = age > 0 ? [{ action: 'file', input: { on: filed > today ? today : filed } }] : [];
    }
    await add({ stock: 'new', street, point, foundOn, source: origin ? 'case' : pick(r, ['patrol', 'patrol', 'report', 'aerial']), steps, origin });
    fresh++;
  };
  for (const c of fromCases) {
    const street = streetRows.find((s) => s.code === c.streetCode);
    if (!street || !c.gridCode || !c.communityCode) continue;
    await newOne(shanghaiDay(c.createdAt), street, { lng: c.lng, lat: c.lat, gridCode: c.gridCode, communityCode: c.communityCode, address: c.locationText }, { caseId: c.id });
  }
  for (let i = 0; i < 16; i++) {
    const day = seasonalDay(r, year, today);
    if (day) await newOne(day, pick(r, streetPool));
  }

  await db.transaction(async (tx) => {
    for (let i = 0; i < buildingRows.length; i += 200) await tx.insert(illegalBuildings).values(buildingRows.slice(i, i + 200));
    for (let i = 0; i < eventRows.length; i += 500) await tx.insert(illegalBuildingEvents).values(eventRows.slice(i, i + 500));
    for (let i = 0; i < photoRows.length; i += 500) await tx.insert(photos).values(photoRows.slice(i, i + 500));
    for (let i = 0; i < fileRows.length; i += 500) await tx.insert(illegalBuildingFiles).values(fileRows.slice(i, i + 500));
    if (caseLinks.length) await tx.insert(illegalBuildingCases).values(caseLinks);
    await tx.insert(illegalBuildingTargets).values({ year, demolishM2: targets.demolishM2, newDealWithinDays: targets.newDealWithinDays, updatedAt: now }).onConflictDoNothing();
  });
  return `${existing} existing and ${fresh} new illegal structures on the register, ${Math.round(demolished).toLocaleString('en')} m² of stock demolished this year`;

  /** A partial demolition: the last step takes a third to two thirds of the area and does not complete. */
  function halve(steps: Step[]): Step[] {
    const last = steps[steps.length - 1].input as BuildingActionInputs['demolish'];
    return [...steps.slice(0, -1), { action: 'demolish', input: { ...last, areaM2: -between(r, 0.33, 0.66), complete: false } }];
  }
}
