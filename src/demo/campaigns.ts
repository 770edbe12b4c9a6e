// Demo special campaigns (专项整治): the four campaigns of the Lvyuan 2018 plan, with periods around the demo's cases,
// plausible targets, departments and tighter handling limits; the cases already in scope are tagged as on creation.
import crypto from 'node:crypto';
import { and, asc, eq, inArray, like, lt } from 'drizzle-orm';
import { addDays, chooseHandleLimit, type CampaignScope } from '../domain/campaigns';
import { shanghaiDay, WorkingCalendar, type Limit } from '../domain/calendar';
import { applyAction, DEFAULT_STEP_LIMITS, initialSnapshot, type ActionName, type CaseSnapshot, type Role } from '../domain/workflow';
import type { Db } from '../server/db/client';
import { caseEvents, cases, departments, filingConditions, photos, users } from '../server/db/schema';
import { insertCampaign } from '../server/campaigns/campaigns.repository';
import { campaigns } from '../server/campaigns/campaigns.tables';
import { retagCampaign } from '../server/campaigns/campaigns.service';
import { ensureCaseSequence, nextCaseSerial } from '../server/cases/case.repository';
import { locatePoint } from '../server/geo/geo.repository';
import { DEFAULT_CALENDAR } from '../server/settings/settings.service';
import { mulberry32 } from './geo/prng';

interface DemoCampaign {
  nameZh: string;
  nameEn: string;
  description: string;
  classes: { kind: 'matter'; code: string; limit: { amount: number; unit: string } | null }[];
  /**
   * The targets are set, as a district would, from the expected volume: the cases in scope so far projected over the
   * whole period, times this factor (so the demo looks the same whatever number of cases it seeds).
   */
  countFactor: number;
  /** Days before and after the seed's "now". */
  from: number;
  to: number;
  targetClosureRate: number;
  targetRecurrenceRate: number;
  recurrence: { radiusM: number; withinDays: number };
  lead: string;
  co: string[];
}

const CAMPAIGNS: DemoCampaign[] = [
  {
    nameZh: '露天烧烤专项整治',
    nameEn: 'Open-air barbecue campaign',
    description: '夏秋夜间露天烧烤油烟扰民、占道经营问题集中整治：发现即制止，设施当场撤除，重点路段每晚巡查。',
    classes: [{ kind: 'matter', code: '06029', limit: { amount: 1, unit: 'clock_hours' } }],
    from: 120,
    to: 45,
    countFactor: 1.0,
    targetClosureRate: 0.95,
    targetRecurrenceRate: 0.03,
    recurrence: { radiusM: 50, withinDays: 30 },
    lead: 'enforcement',
    co: ['ecology', 'market'],
  },
  {
    nameZh: '占道经营专项整治',
    nameEn: 'Road-occupying trade campaign',
    description: '对主次干道、学校和医院周边流动摊点、店外经营集中整治，疏堵结合，规范设置便民市场。',
    classes: [{ kind: 'matter', code: '09006', limit: { amount: 1, unit: 'working_hours' } }],
    from: 90,
    to: 90,
    countFactor: 0.95,
    targetClosureRate: 0.9,
    targetRecurrenceRate: 0.08,
    recurrence: { radiusM: 50, withinDays: 30 },
    lead: 'enforcement',
    co: ['market', 'traffic_police'],
  },
  {
    nameZh: '非法小广告及违规户外广告整治',
    nameEn: 'Illegal small ads and outdoor advertising campaign',
    description: '清理张贴、涂写、刻画的非法小广告，依法查处发布者；对未经许可和存在安全隐患的户外广告限期整改或拆除。',
    classes: [
      { kind: 'matter', code: '07001', limit: { amount: 4, unit: 'working_hours' } },
      { kind: 'matter', code: '07003', limit: null },
    ],
    from: 150,
    to: 30,
    countFactor: 1.05,
    targetClosureRate: 0.95,
    targetRecurrenceRate: 0.1,
    recurrence: { radiusM: 30, withinDays: 20 },
    lead: 'enforcement',
    co: ['public_security', 'housing'],
  },
  {
    nameZh: '废品收购站点乱象整治',
    nameEn: 'Disorderly scrap collection campaign',
    description: '整治废品收购站点占道堆放、环境脏乱和无证经营，取缔无证站点，规范保留站点。',
    classes: [{ kind: 'matter', code: '09004', limit: { amount: 4, unit: 'working_hours' } }],
    from: 60,
    to: 120,
    countFactor: 0.9,
    targetClosureRate: 0.9,
    targetRecurrenceRate: 0.05,
    recurrence: { radiusM: 80, withinDays: 45 },
    lead: 'enforcement',
    co: ['market', 'ecology'],
  },
];

/** Creates the four campaigns and tags the demo's cases in their scope. Returns a line for the seed log. */
export async function seedDemoCampaigns(db: Db, now: Date): Promise<string> {
  const repeats = await seedRecurringSpots(db, now);
  const kinds = [...new Set(CAMPAIGNS.flatMap((c) => [c.lead, ...c.co]))];
  const rows = await db.select({ id: departments.id, code: departments.code }).from(departments).where(inArray(departments.code, kinds.map((k) => `220106-${k}`)));
  const dept = (kind: string) => rows.find((r) => r.code === `220106-${kind}`)?.id ?? null;
  const today = shanghaiDay(now);
  let tagged = 0;
  await db.transaction(async (tx) => {
    for (const c of CAMPAIGNS) {
      const row = await insertCampaign(tx, {
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        description: c.description,
        classes: c.classes,
        streetCodes: [],
        communityCodes: [],
        startDate: addDays(today, -c.from),
        endDate: addDays(today, c.to),
        targetCount: null,
        targetClosureRate: c.targetClosureRate,
        targetRecurrenceRate: c.targetRecurrenceRate,
        recurrenceRadiusM: c.recurrence.radiusM,
        recurrenceDays: c.recurrence.withinDays,
        leadDepartmentId: dept(c.lead),
        coDepartmentIds: c.co.map(dept).filter((x): x is string => !!x),
        createdAt: now,
        updatedAt: now,
      });
      const added = (await retagCampaign(tx, row, now)).added;
      tagged += added;
      // The target: the cases so far, projected over the whole period, rounded to tens.
      const elapsed = (c.from + 1) / (c.from + c.to + 1);
      const projected = Math.max(10, Math.round((added / elapsed) * c.countFactor * 0.9 / 10) * 10);
      await tx.update(campaigns).set({ targetCount: projected }).where(eq(campaigns.id, row.id));
    }
  });
  return `${CAMPAIGNS.length} special campaigns, ${tagged} cases in scope (${repeats} spots reported again after closing)`;
}

const DAY_MS = 86_400_000;
const REPEAT_NOTES: Record<string, string> = {
  '06029': '原烧烤点位夜间再次出摊烧烤',
  '09006': '原占道经营点位商贩再次摆摊',
  '07001': '已清理墙面再次被张贴小广告',
  '07003': '已整改的户外广告再次违规设置',
  '09004': '废品收购点再次占道堆放',
};

/**
 * The same spots reported again after closing (反弹), as campaigns meet them: a stall back at its corner a week after it
 * was cleared. The demo's cases are spread at random, so a few such reports are added: for some closed cases of the
 * campaign classes, a new report of the same class a few metres away, within the recurrence window, walked through the
 * real state machine up to now (filed with the campaign's tighter limit).
 */
async function seedRecurringSpots(db: Db, now: Date): Promise<number> {
  const prng = mulberry32(20180601);
  const rand = () => prng.next();
  const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
  const today = shanghaiDay(now);
  const staff = await db.select({ id: users.id, username: users.username, departmentId: users.departmentId, roles: users.roles }).from(users);
  const byName = (u: string) => staff.find((s) => s.username === u)?.id;
  const operator = byName('operator');
  const chief = byName('chief');
  const dispatcher = byName('dispatcher');
  if (!operator || !chief || !dispatcher) return 0;
  const anyInspector = staff.find((s) => s.roles.includes('inspector'))?.id;
  if (!anyInspector) return 0;
  const handlerOf = (deptId: string) => staff.find((s) => s.departmentId === deptId && s.roles.includes('department'))?.id;
  const [demoPhoto] = await db.select().from(photos).where(like(photos.path, 'demo/%')).limit(1);
  const rows: (typeof cases.$inferInsert)[] = [];
  const events: (typeof caseEvents.$inferInsert)[] = [];
  const photoRows: (typeof photos.$inferInsert)[] = [];

  for (const c of CAMPAIGNS) {
    const scope: CampaignScope = { id: c.nameEn, classes: c.classes as CampaignScope['classes'], streets: [], communities: [], startDate: addDays(today, -c.from), endDate: addDays(today, c.to) };
    const closed = await db
      .select()
      .from(cases)
      .where(and(eq(cases.state, 'closed'), eq(cases.closeType, 'normal'), inArray(cases.classCode, c.classes.map((k) => k.code)), lt(cases.closedAt, new Date(now.getTime() - 2 * DAY_MS))))
      .orderBy(asc(cases.number));
    const inPeriod = closed.filter((k) => shanghaiDay(k.createdAt) >= scope.startDate);
    // About one closed case in twelve comes back, one in four of those twice.
    const picked = inPeriod.filter(() => rand() < 1 / 12);
    for (const orig of picked) {
      const times = rand() < 0.25 ? 2 : 1;
      let after = orig.closedAt!.getTime();
      for (let k = 0; k < times; k++) {
        const reported = after + (1 + rand() * (c.recurrence.withinDays * 0.7)) * DAY_MS;
        if (reported > now.getTime() - 3_600_000) break;
        const dist = rand() * c.recurrence.radiusM * 0.7;
        const bearing = rand() * 2 * Math.PI;
        const lat = orig.lat + ((dist * Math.cos(bearing)) / 6_371_008.8) * (180 / Math.PI);
        const lng = orig.lng + ((dist * Math.sin(bearing)) / (6_371_008.8 * Math.cos((orig.lat * Math.PI) / 180))) * (180 / Math.PI);
        const place = await locatePoint(db, lng, lat);
        if (!place || !orig.departmentId) break;
        const walked = walk({ inspector: orig.reporterId ?? anyInspector, orig, reported: new Date(reported), now, calendar, scope, lng, lat, place, operator, chief, dispatcher, handler: handlerOf(orig.departmentId), rand, fc: await firstCondition(db, orig.classCode) });
        if (!walked) break;
        if (demoPhoto) {
          for (const p of walked.photos) photoRows.push({ ...demoPhoto, id: p.id, caseId: walked.row.id, stage: p.stage, uploadedBy: p.by, createdAt: p.at });
        }
        rows.push(walked.row);
        events.push(...walked.events);
        after = walked.row.closedAt ? (walked.row.closedAt as Date).getTime() : now.getTime();
        if (!walked.row.closedAt) break;
      }
    }
  }
  if (!rows.length) return 0;
  rows.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
  const years = [...new Set(rows.map((r) => Number(shanghaiDay(r.createdAt as Date).slice(0, 4))))];
  for (const y of years) await ensureCaseSequence(db, y);
  await db.transaction(async (tx) => {
    for (const r of rows) {
      const y = Number(shanghaiDay(r.createdAt as Date).slice(0, 4));
      r.number = `220106-${y}-${String(await nextCaseSerial(tx, y)).padStart(6, '0')}`;
    }
    await tx.insert(cases).values(rows);
    await tx.insert(caseEvents).values(events);
    if (photoRows.length) await tx.insert(photos).values(photoRows);
  });
  return rows.length;
}

async function firstCondition(db: Db, classCode: string) {
  const [fc] = await db.select().from(filingConditions).where(and(eq(filingConditions.kind, 'matter'), eq(filingConditions.classCode, classCode))).orderBy(asc(filingConditions.code)).limit(1);
  return fc;
}

interface WalkInput {
  inspector: string;
  orig: typeof cases.$inferSelect;
  reported: Date;
  now: Date;
  calendar: WorkingCalendar;
  scope: CampaignScope;
  lng: number;
  lat: number;
  place: NonNullable<Awaited<ReturnType<typeof locatePoint>>>;
  operator: string;
  chief: string;
  dispatcher: string;
  handler: string | undefined;
  rand: () => number;
  fc: Awaited<ReturnType<typeof firstCondition>>;
}

/** One repeat report walked through the real state machine until the next step would be in the future. */
function walk(w: WalkInput) {
  const id = crypto.randomUUID();
  const inspector = w.inspector;
  let snap: CaseSnapshot = initialSnapshot({ classCode: w.orig.classCode, selfFix: false }, { now: w.reported, calendar: w.calendar, stepLimits: DEFAULT_STEP_LIMITS, warnShare: 0.8 });
  const note = `${REPEAT_NOTES[w.orig.classCode] ?? '同一点位问题再次出现'}（原案卷 ${w.orig.number}）`;
  const beforePhoto = crypto.randomUUID();
  const photoRefs: { id: string; stage: string; by: string; at: Date }[] = [{ id: beforePhoto, stage: 'before', by: inspector, at: w.reported }];
  const evs: (typeof caseEvents.$inferInsert)[] = [
    {
      caseId: id, seq: 1, action: 'report', fromState: null, toState: 'reported', actorId: inspector, role: 'inspector', at: w.reported, note,
      photoIds: [beforePhoto], payload: { source: 'inspector', kind: 'matter', classCode: w.orig.classCode, lng: w.lng, lat: w.lat, gridCode: w.place.gridCode },
    },
  ];
  let at = w.reported.getTime();
  const participants = new Set([inspector]);
  const act = (action: ActionName, input: Record<string, unknown>, actorId: string, roles: Role[], departmentId: string | null, delayMin: number, extra?: { handleLimit?: Limit; basis?: Record<string, unknown> }) => {
    const next = at + delayMin * 60_000;
    if (next > w.now.getTime()) return false;
    const { next: n, event } = applyAction(snap, action, input as never, {
      now: new Date(next), actor: { id: actorId, roles, departmentId }, calendar: w.calendar, stepLimits: DEFAULT_STEP_LIMITS, warnShare: 0.8,
      handleLimit: extra?.handleLimit, handleLimitBasis: extra?.basis ?? null,
    });
    evs.push({
      caseId: id, seq: evs.length + 1, action, fromState: event.fromState, toState: event.toState, actorId, role: event.role, at: new Date(next), note: event.note,
      photoIds: event.photoIds, payload: event.payload, stepDeadline: event.fromState !== event.toState ? snap.stepDeadline : null, departmentId: n.departmentId,
    });
    participants.add(actorId);
    snap = n;
    at = next;
    return true;
  };
  const dept = w.orig.departmentId!;
  const handler = w.handler;
  steps: {
    if (!act('register', { note: '监督员上报，反弹点位，直接受理' }, w.operator, ['operator'], null, 5 + w.rand() * 20)) break steps;
    const ordinary = { limit: { amount: w.fc.limitAmount, unit: w.fc.limitUnit } as Limit, basis: 'catalogue' as const };
    const facts = { kind: 'matter' as const, classCode: w.orig.classCode, streetCode: w.place.streetCode, communityCode: w.place.communityCode, reportedAt: w.reported };
    const choice = chooseHandleLimit(ordinary, [w.scope], facts, w.calendar, new Date(at + 5 * 60_000));
    const basis = choice.basis === 'campaign' ? { basis: 'campaign' } : undefined;
    if (!act('file', { filingCondition: w.fc.code, note: '反弹点位，从严从快处置' }, w.chief, ['chief'], null, 5, { handleLimit: choice.limit, basis })) break steps;
    if (!act('dispatch', { departmentId: dept }, w.dispatcher, ['dispatcher'], null, 5 + w.rand() * 10)) break steps;
    if (!handler) break steps;
    if (!act('accept', { note: '已签收' }, handler, ['department'], dept, 10 + w.rand() * 30)) break steps;
    const span = snap.handleDeadline!.getTime() - snap.handleStartedAt!.getTime();
    const handleAt = snap.handleStartedAt!.getTime() + span * (0.2 + w.rand() * 0.7);
    const afterPhoto = crypto.randomUUID();
    if (!act('handle', { note: '已再次清理，告知当事人不得反弹', photoIds: [afterPhoto] }, handler, ['department'], dept, Math.max(5, (handleAt - at) / 60_000))) break steps;
    photoRefs.push({ id: afterPhoto, stage: 'after', by: handler, at: new Date(at) });
    if (!act('sendCheck', { inspectorId: inspector }, w.operator, ['operator'], null, 5 + w.rand() * 20)) break steps;
    if (!act('check', { result: 'fixed', note: '现场核查已处置' }, inspector, ['inspector'], null, 15 + w.rand() * 30)) break steps;
    act('close', { note: '核查通过，结案' }, w.chief, ['chief'], null, 5 + w.rand() * 20);
  }
  const last = evs[evs.length - 1];
  const row: typeof cases.$inferInsert = {
    ...snap,
    id,
    number: '',
    districtCode: '220106',
    source: 'inspector',
    kind: 'matter',
    description: `${w.place.communityName}：${note}`,
    locationText: `${w.place.streetName}${w.place.communityName} 网格${w.place.gridCode.slice(-3)}附近`,
    lng: w.lng,
    lat: w.lat,
    gridCode: w.place.gridCode,
    communityCode: w.place.communityCode,
    streetCode: w.place.streetCode,
    areaClass: w.place.areaClass,
    urgency: 'normal',
    reporterId: inspector,
    createdBy: inspector,
    participantIds: [...participants],
    createdAt: w.reported,
    updatedAt: last.at as Date,
    version: evs.length,
  };
  return { row, events: evs, photos: photoRefs.filter((p) => evs.some((e) => (e.photoIds as string[] | undefined)?.includes(p.id))) };
}
