// Special campaigns (专项整治): set-up (tagging the cases already in scope), the board (progress against targets, hot
// spots, recurrence), the cases and the before/after photo wall, the daily report, and the big screen's summary.
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
  closureRate,
  countByState,
  countCases,
  dailySeries,
  inScope,
  recurrenceSummary,
  targetReport,
  type CampaignClass,
  type Recurrence,
  type SpotCase,
} from '../../domain/campaigns';
import { shanghaiDay, shanghaiInstant, type Limit } from '../../domain/calendar';
import { addDays } from '../../domain/campaigns';
import { STATE_LABELS } from '../../domain/workflow/labels';
import { requireAccess, scopeFor, type Actor } from '../auth/policy';
import { findCase, type ListScope } from '../cases/case.repository';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { catalogueClasses, communities, departments, filingConditions, grids, streets } from '../db/schema';
import { AppError } from '../errors';
import { factsOf, scopeOf } from './campaigns.hooks';
import * as repo from './campaigns.repository';
import type { Campaign, CampaignBoard, CampaignCasesQuery, CampaignInput, CampaignSummary, CampaignUpdate } from './campaigns.schema';

const notFound = () => new AppError('CAMPAIGN_NOT_FOUND');
const VOID = new Set(['invalid', 'cancelled']);
const OPEN_EXCLUDED = new Set(['invalid', 'cancelled', 'closed']);

function caseScope(actor: Actor): ListScope {
  const scope = scopeFor(actor, 'case.read');
  if (scope === 'all') return { kind: 'all' };
  if (scope === 'department') return { kind: 'department', departmentId: actor.departmentId, streetCode: actor.streetCode };
  if (scope === 'own') return { kind: 'own', userId: actor.id };
  // A role that reads no cases sees the board's numbers but no case.
  return { kind: 'department', departmentId: null, streetCode: null };
}

// ------------------------------------------------------------------ names

interface Names {
  classes: Map<string, { name: string; nameEn: string }>;
  conditions: Map<string, { name: string; nameEn: string; limit: Limit }[]>;
  streets: Map<string, string>;
  communities: Map<string, string>;
  departments: Map<string, { name: string; nameEn: string }>;
}

async function loadNames(db: Executor, classKeys: { kind: string; code: string }[]): Promise<Names> {
  const codes = [...new Set(classKeys.map((c) => c.code))];
  const [cls, conds, st, cm, dp] = await Promise.all([
    codes.length ? db.select().from(catalogueClasses).where(inArray(catalogueClasses.code, codes)) : Promise.resolve([]),
    codes.length ? db.select().from(filingConditions).where(inArray(filingConditions.classCode, codes)) : Promise.resolve([]),
    db.select({ code: streets.code, name: streets.name }).from(streets),
    db.select({ code: communities.code, name: communities.name }).from(communities),
    db.select({ id: departments.id, name: departments.nameZh, nameEn: departments.nameEn }).from(departments),
  ]);
  const conditions = new Map<string, { name: string; nameEn: string; limit: Limit }[]>();
  for (const f of conds) {
    const key = `${f.kind}:${f.classCode}`;
    conditions.set(key, [...(conditions.get(key) ?? []), { name: f.nameZh, nameEn: f.nameEn, limit: { amount: f.limitAmount, unit: f.limitUnit as Limit['unit'] } }]);
  }
  return {
    classes: new Map(cls.map((c) => [`${c.kind}:${c.code}`, { name: c.nameZh, nameEn: c.nameEn }])),
    conditions,
    streets: new Map(st.map((s) => [s.code, s.name])),
    communities: new Map(cm.map((c) => [c.code, c.name])),
    departments: new Map(dp.map((d) => [d.id, { name: d.name, nameEn: d.nameEn }])),
  };
}

// ------------------------------------------------------------------ set-up

async function checkInput(db: Executor, input: CampaignInput): Promise<void> {
  if (input.startDate > input.endDate) throw new AppError('CAMPAIGN_PERIOD_INVALID', `${input.startDate} > ${input.endDate}`);
  const seen = new Set<string>();
  for (const c of input.classes) {
    const key = `${c.kind}:${c.code}`;
    if (seen.has(key)) throw new AppError('VALIDATION_FAILED', `class ${key} is listed twice`, [{ path: 'classes', message: `${key} 重复 / listed twice` }]);
    seen.add(key);
    const rows = await db.select({ active: catalogueClasses.active }).from(catalogueClasses).where(and(eq(catalogueClasses.kind, c.kind), eq(catalogueClasses.code, c.code)));
    if (!rows[0]?.active) throw new AppError('UNKNOWN_CLASS', key);
  }
  if (input.streetCodes.length) {
    const found = await db.select({ code: streets.code }).from(streets).where(inArray(streets.code, input.streetCodes));
    const missing = input.streetCodes.filter((s) => !found.some((f) => f.code === s));
    if (missing.length) throw new AppError('UNKNOWN_AREA', missing.join(','));
  }
  if (input.communityCodes.length) {
    const found = await db.select({ code: communities.code }).from(communities).where(inArray(communities.code, input.communityCodes));
    const missing = input.communityCodes.filter((s) => !found.some((f) => f.code === s));
    if (missing.length) throw new AppError('UNKNOWN_AREA', missing.join(','));
  }
  const deptIds = [...new Set([...(input.leadDepartmentId ? [input.leadDepartmentId] : []), ...input.coDepartmentIds])];
  if (deptIds.length) {
    const found = await db.select({ id: departments.id }).from(departments).where(inArray(departments.id, deptIds));
    const missing = deptIds.filter((d) => !found.some((f) => f.id === d));
    if (missing.length) throw new AppError('DEPARTMENT_NOT_FOUND', missing.join(','));
  }
}

function rowValues(input: CampaignInput) {
  return {
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    description: input.description,
    classes: input.classes.map((c) => ({ kind: c.kind, code: c.code, limit: c.limit ? { amount: c.limit.amount, unit: c.limit.unit } : null })),
    streetCodes: input.streetCodes,
    communityCodes: input.communityCodes,
    startDate: input.startDate,
    endDate: input.endDate,
    targetCount: input.targetCount,
    targetClosureRate: input.targetClosureRate,
    targetRecurrenceRate: input.targetRecurrenceRate,
    recurrenceRadiusM: input.recurrence.radiusM,
    recurrenceDays: input.recurrence.withinDays,
    leadDepartmentId: input.leadDepartmentId,
    coDepartmentIds: input.coDepartmentIds,
  };
}

/** Tags exactly the cases the campaign's scope covers now (reported in its period, of its classes, in its area). */
export async function retagCampaign(tx: Executor, c: repo.CampaignRow, at: Date): Promise<{ added: number; removed: number }> {
  const scope = scopeOf(c);
  let ids: string[] = [];
  if (!c.archived) {
    const from = shanghaiInstant(c.startDate);
    const to = shanghaiInstant(addDays(c.endDate, 1));
    const candidates = await repo.candidateCases(tx, scope.classes as CampaignClass[], from, to);
    ids = candidates.filter((k) => inScope(scope, factsOf(k))).map((k) => k.id);
  } else {
    // An archived campaign keeps the record of what it covered.
    return { added: 0, removed: 0 };
  }
  return repo.setCampaignTags(tx, c.id, ids, at);
}

export async function createCampaign(ctx: AppContext, actor: Actor, input: CampaignInput): Promise<Campaign> {
  requireAccess(actor, 'campaign.write');
  await checkInput(ctx.db, input);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const c = await repo.insertCampaign(tx, { ...rowValues(input), createdBy: actor.id, createdAt: now, updatedAt: now });
    // The cases already reported in the period are in scope from the start.
    await retagCampaign(tx, c, now);
    return c;
  });
  return (await describe(ctx, [row]))[0];
}

export async function updateCampaign(ctx: AppContext, actor: Actor, id: string, input: CampaignUpdate): Promise<Campaign> {
  requireAccess(actor, 'campaign.write');
  await checkInput(ctx.db, input);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await repo.findCampaign(tx, id, true);
    if (!current) throw notFound();
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) throw new AppError('CAMPAIGN_VERSION_CONFLICT');
    const updated = await repo.updateCampaign(tx, id, current.version, { ...rowValues(input), archived: input.archived, updatedAt: now });
    if (!updated) throw new AppError('CAMPAIGN_VERSION_CONFLICT');
    await retagCampaign(tx, updated, now);
    return updated;
  });
  return (await describe(ctx, [row]))[0];
}

// ------------------------------------------------------------------ reading

type Fact = Awaited<ReturnType<typeof repo.taggedCaseFacts>>[number];

function statusOf(c: repo.CampaignRow, today: string): Campaign['status'] {
  if (c.archived) return 'archived';
  if (today < c.startDate) return 'upcoming';
  if (today > c.endDate) return 'ended';
  return 'active';
}

function spotOf(f: Fact): SpotCase {
  const dealt = f.state === 'closed' && (f.closeType === 'normal' || f.closeType === 'overdue');
  return {
    id: f.id,
    kind: f.kind as SpotCase['kind'],
    classCode: f.classCode,
    lng: f.lng,
    lat: f.lat,
    reportedAt: f.createdAt,
    closedAt: dealt ? f.closedAt : null,
    valid: !VOID.has(f.state) && !(f.state === 'closed' && f.closeType === 'erroneous'),
  };
}

interface Computed {
  row: repo.CampaignRow;
  facts: Fact[];
  counts: ReturnType<typeof countCases>;
  closureRate: number | null;
  recurrence: ReturnType<typeof recurrenceSummary>;
}

function compute(row: repo.CampaignRow, facts: Fact[]): Computed {
  const counts = countCases(facts.map((f) => ({ state: f.state, reportedAt: f.createdAt, closedAt: f.closedAt })));
  return {
    row,
    facts,
    counts,
    closureRate: closureRate(counts),
    recurrence: recurrenceSummary(facts.map(spotOf), { radiusM: row.recurrenceRadiusM, withinDays: row.recurrenceDays }),
  };
}

function toCampaign(k: Computed, names: Names, today: string): Campaign {
  const c = k.row;
  const dept = (id: string) => ({ id, name: names.departments.get(id)?.name ?? id, nameEn: names.departments.get(id)?.nameEn ?? id });
  return {
    id: c.id,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    description: c.description,
    classes: (c.classes as CampaignClass[]).map((x) => ({
      kind: x.kind,
      code: x.code,
      name: names.classes.get(`${x.kind}:${x.code}`)?.name ?? x.code,
      nameEn: names.classes.get(`${x.kind}:${x.code}`)?.nameEn ?? x.code,
      limit: x.limit ?? null,
      ordinaryLimits: names.conditions.get(`${x.kind}:${x.code}`) ?? [],
    })),
    streetCodes: c.streetCodes,
    communityCodes: c.communityCodes,
    areaNames: [...c.streetCodes.map((s) => names.streets.get(s) ?? s), ...c.communityCodes.map((s) => names.communities.get(s) ?? s)],
    startDate: c.startDate,
    endDate: c.endDate,
    targetCount: c.targetCount,
    targetClosureRate: c.targetClosureRate,
    targetRecurrenceRate: c.targetRecurrenceRate,
    recurrence: { radiusM: c.recurrenceRadiusM, withinDays: c.recurrenceDays },
    leadDepartment: c.leadDepartmentId ? dept(c.leadDepartmentId) : null,
    coDepartments: c.coDepartmentIds.map(dept),
    archived: c.archived,
    status: statusOf(c, today),
    counts: k.counts,
    closureRate: k.closureRate,
    recurrenceRate: k.recurrence.rate,
    recurred: k.recurrence.recurred,
    targets: targetReport(
      { count: c.targetCount, closureRate: c.targetClosureRate, recurrenceRate: c.targetRecurrenceRate },
      { closed: k.counts.closed, closureRate: k.closureRate, recurrenceRate: k.recurrence.rate },
      c,
      today,
    ),
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

async function describe(ctx: AppContext, rows: repo.CampaignRow[]): Promise<Campaign[]> {
  const facts = await repo.taggedCaseFacts(ctx.db, rows.map((r) => r.id));
  const names = await loadNames(ctx.db, rows.flatMap((r) => r.classes as CampaignClass[]));
  const today = shanghaiDay(ctx.now());
  return rows.map((r) => toCampaign(compute(r, facts.filter((f) => f.campaignId === r.id)), names, today));
}

export async function listCampaigns(ctx: AppContext, actor: Actor, opts: { includeArchived: boolean }): Promise<{ items: Campaign[] }> {
  requireAccess(actor, 'campaign.read');
  return { items: await describe(ctx, await repo.listCampaigns(ctx.db, opts)) };
}

async function mustFind(ctx: AppContext, id: string): Promise<repo.CampaignRow> {
  const c = await repo.findCampaign(ctx.db, id);
  if (!c) throw notFound();
  return c;
}

/** Recurrences grouped by the closed case, most repeats first. */
function groupRecurrences(pairs: Recurrence[], byId: Map<string, Fact>): CampaignBoard['recurrences'] {
  const groups = new Map<string, Recurrence[]>();
  for (const p of pairs) groups.set(p.closedId, [...(groups.get(p.closedId) ?? []), p]);
  const point = (f: Fact) => ({ id: f.id, number: f.number, lng: f.lng, lat: f.lat, locationText: f.locationText, state: f.state as CampaignBoard['recurrences'][number]['closed']['state'] });
  return [...groups.entries()]
    .map(([closedId, ps]) => {
      const c = byId.get(closedId)!;
      return {
        closed: { ...point(c), closedAt: c.closedAt!.toISOString() },
        repeats: ps.map((p) => {
          const r = byId.get(p.repeatId)!;
          return { ...point(r), reportedAt: r.createdAt.toISOString(), distanceM: Math.round(p.distanceM), daysAfter: Math.round(p.daysAfter * 10) / 10 };
        }),
      };
    })
    .sort((a, b) => b.repeats.length - a.repeats.length || b.closed.closedAt.localeCompare(a.closed.closedAt));
}

export async function getBoard(ctx: AppContext, actor: Actor, id: string): Promise<CampaignBoard> {
  requireAccess(actor, 'campaign.read');
  const row = await mustFind(ctx, id);
  const facts = await repo.taggedCaseFacts(ctx.db, [row.id]);
  const names = await loadNames(ctx.db, row.classes as CampaignClass[]);
  const now = ctx.now();
  const today = shanghaiDay(now);
  const k = compute(row, facts);
  const byId = new Map(facts.map((f) => [f.id, f]));

  const recurredClosed = new Set(k.recurrence.pairs.map((p) => p.closedId));
  const streetsAgg = new Map<string | null, { reported: number; open: number; closed: number; recurred: number }>();
  const classAgg = new Map<string, { kind: string; code: string; reported: number; closed: number }>();
  const gridAgg = new Map<string, number>();
  for (const f of facts) {
    const s = streetsAgg.get(f.streetCode) ?? { reported: 0, open: 0, closed: 0, recurred: 0 };
    s.reported++;
    if (f.state === 'closed') s.closed++;
    else if (!VOID.has(f.state)) s.open++;
    if (recurredClosed.has(f.id)) s.recurred++;
    streetsAgg.set(f.streetCode, s);
    const key = `${f.kind}:${f.classCode}`;
    const c = classAgg.get(key) ?? { kind: f.kind, code: f.classCode, reported: 0, closed: 0 };
    c.reported++;
    if (f.state === 'closed') c.closed++;
    classAgg.set(key, c);
    if (f.gridCode && !VOID.has(f.state)) gridAgg.set(f.gridCode, (gridAgg.get(f.gridCode) ?? 0) + 1);
  }
  const extraClasses = [...classAgg.values()].filter((c) => !names.classes.has(`${c.kind}:${c.code}`));
  if (extraClasses.length) {
    const more = await ctx.db.select().from(catalogueClasses).where(inArray(catalogueClasses.code, extraClasses.map((c) => c.code)));
    for (const m of more) names.classes.set(`${m.kind}:${m.code}`, { name: m.nameZh, nameEn: m.nameEn });
  }
  const gridCodes = [...gridAgg.keys()];
  const gridRows = gridCodes.length
    ? await ctx.db
        .select({ code: grids.code, lng: grids.centroidLng, lat: grids.centroidLat, communityCode: grids.communityCode })
        .from(grids)
        .where(inArray(grids.code, gridCodes))
    : [];
  const overdueOpen = facts.filter((f) => !OPEN_EXCLUDED.has(f.state) && f.state !== 'suspended' && f.stepDeadline && f.stepDeadline.getTime() < now.getTime()).length;

  return {
    ...toCampaign(k, names, today),
    asOf: now.toISOString(),
    daily: dailySeries(
      facts.map((f) => ({ state: f.state, reportedAt: f.createdAt, closedAt: f.closedAt })),
      row.startDate,
      row.endDate,
      today,
      shanghaiDay,
    ),
    byStreet: [...streetsAgg.entries()]
      .map(([code, s]) => ({ streetCode: code, name: code ? (names.streets.get(code) ?? code) : '—', ...s }))
      .sort((a, b) => b.reported - a.reported),
    byClass: [...classAgg.values()]
      .map((c) => ({ ...c, name: names.classes.get(`${c.kind}:${c.code}`)?.name ?? c.code, nameEn: names.classes.get(`${c.kind}:${c.code}`)?.nameEn ?? c.code }))
      .sort((a, b) => b.reported - a.reported),
    hotSpots: gridRows
      .map((g) => ({ code: g.code, name: `${names.communities.get(g.communityCode) ?? ''} ${g.code.slice(-3)}`.trim(), lng: g.lng, lat: g.lat, count: gridAgg.get(g.code) ?? 0 }))
      .sort((a, b) => b.count - a.count),
    recurrences: groupRecurrences(k.recurrence.pairs, byId).slice(0, 50),
    overdueOpen,
  };
}

export async function listCampaignCases(ctx: AppContext, actor: Actor, id: string, q: CampaignCasesQuery) {
  requireAccess(actor, 'campaign.read');
  const row = await mustFind(ctx, id);
  const now = ctx.now();
  let ids: string[] | null = null;
  if (q.filter === 'recurrent') {
    const facts = await repo.taggedCaseFacts(ctx.db, [row.id]);
    const pairs = compute(row, facts).recurrence.pairs;
    ids = [...new Set(pairs.flatMap((p) => [p.closedId, p.repeatId]))];
  }
  const { rows, total } = await repo.listCampaignCases(
    ctx.db,
    row.id,
    { filter: q.filter === 'recurrent' ? 'all' : q.filter, streetCode: q.streetCode, offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
    caseScope(actor),
    now,
    ids,
  );
  return {
    items: rows.map((r) => ({
      id: r.c.id,
      number: r.c.number,
      kind: r.c.kind,
      classCode: r.c.classCode,
      className: r.className ?? r.c.classCode,
      classNameEn: r.classNameEn ?? r.c.classCode,
      state: r.c.state as never,
      locationText: r.c.locationText,
      streetName: r.streetName,
      departmentName: r.departmentName,
      departmentNameEn: r.departmentNameEn,
      createdAt: r.c.createdAt.toISOString(),
      closedAt: r.c.closedAt?.toISOString() ?? null,
      handleDeadline: r.c.handleDeadline?.toISOString() ?? null,
      handleLimit: (r.c.handleLimit as Limit | null) ?? null,
      overdue: !OPEN_EXCLUDED.has(r.c.state) && r.c.state !== 'suspended' && !!r.c.stepDeadline && r.c.stepDeadline.getTime() < now.getTime(),
      taggedBasis: r.basis,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function photoWall(ctx: AppContext, actor: Actor, id: string, limit: number) {
  requireAccess(actor, 'campaign.read');
  const row = await mustFind(ctx, id);
  const rows = await repo.beforeAfterPhotos(ctx.db, row.id, caseScope(actor), limit);
  const ref = (pid: string) => ({ id: pid, url: `/api/photos/${pid}`, thumbUrl: `/api/photos/${pid}/thumb` });
  return {
    items: rows.map((r) => ({
      caseId: r.id,
      number: r.number,
      className: r.className ?? '',
      classNameEn: r.classNameEn ?? '',
      locationText: r.locationText,
      reportedAt: r.createdAt.toISOString(),
      closedAt: r.closedAt!.toISOString(),
      before: ref(r.before),
      after: ref(r.after),
    })),
  };
}

/** The campaigns a case is tagged to (for the case detail). */
export async function campaignsOfCase(ctx: AppContext, actor: Actor, caseId: string) {
  requireAccess(actor, 'campaign.read');
  const c = await findCase(ctx.db, caseId);
  const hidden = new AppError('CASE_NOT_FOUND');
  if (!c) throw hidden;
  requireAccess(actor, 'case.read', { departmentIds: [c.departmentId, ...c.coDepartmentIds], streetCode: c.streetCode, ownerIds: [c.assigneeId, ...c.participantIds] }, hidden);
  const rows = await repo.campaignsOfCase(ctx.db, caseId);
  const today = shanghaiDay(ctx.now());
  return {
    items: rows.map((r) => ({ id: r.campaign.id, name: r.campaign.nameZh, nameEn: r.campaign.nameEn, basis: r.basis, taggedAt: r.taggedAt.toISOString(), status: statusOf(r.campaign, today) })),
  };
}

/** For the big screen: the live campaigns with their counts and rates (0–1). */
export async function summary(ctx: AppContext, actor: Actor): Promise<CampaignSummary> {
  requireAccess(actor, 'campaign.read');
  const rows = await repo.listCampaigns(ctx.db, { includeArchived: false });
  const counts = await repo.countsByCampaign(ctx.db, rows.map((r) => r.id));
  return {
    campaigns: rows
      .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.nameZh.localeCompare(b.nameZh))
      .map((r) => {
        const n = countByState(counts.filter((x) => x.campaignId === r.id).map((x) => ({ state: x.state, n: Number(x.n) })));
        return {
          id: r.id,
          name: r.nameZh,
          nameEn: r.nameEn,
          startDate: r.startDate,
          endDate: r.endDate,
          openCount: n.open,
          closedCount: n.closed,
          reportedCount: n.reported,
          targetClosureRate: r.targetClosureRate ?? 0,
          closureRate: closureRate(n) ?? 0,
          targetCount: r.targetCount,
        };
      }),
  };
}

// ------------------------------------------------------------------ daily report

const T = {
  zh: {
    summary: '概况',
    byStreet: '按街道',
    reported: '当日新增',
    closed: '当日结案',
    overdue: '超期未结',
    campaign: '专项整治',
    period: '整治期限',
    lead: '牵头单位',
    co: '配合单位',
    date: '报告日期',
    asOf: '统计时间',
    item: '项目',
    value: '数值',
    dayReported: '当日新增案件',
    dayClosed: '当日结案',
    totalReported: '累计案件',
    totalClosed: '累计结案',
    open: '在办',
    closureRate: '结案率',
    targetClosureRate: '目标结案率',
    targetCount: '目标整治数',
    countProgress: '目标完成度',
    recurrenceRate: '反弹率',
    targetRecurrence: '反弹率上限',
    recurrenceRule: '反弹认定',
    overdueOpen: '超期未结',
    street: '街道',
    number: '案件编号',
    class: '类别',
    location: '事发位置',
    state: '状态',
    reportedAt: '上报时间',
    closedAt: '结案时间',
    deadline: '阶段时限',
    rule: (m: number, d: number) => `同类问题 ${m} 米内、结案后 ${d} 天内再次上报`,
  },
  en: {
    summary: 'Summary',
    byStreet: 'By street',
    reported: 'Reported that day',
    closed: 'Closed that day',
    overdue: 'Overdue',
    campaign: 'Campaign',
    period: 'Period',
    lead: 'Lead department',
    co: 'Co-departments',
    date: 'Report date',
    asOf: 'As of',
    item: 'Item',
    value: 'Value',
    dayReported: 'Cases reported that day',
    dayClosed: 'Cases closed that day',
    totalReported: 'Cases to date',
    totalClosed: 'Closed to date',
    open: 'Open',
    closureRate: 'Closure rate',
    targetClosureRate: 'Target closure rate',
    targetCount: 'Target (problems dealt with)',
    countProgress: 'Target progress',
    recurrenceRate: 'Recurrence rate',
    targetRecurrence: 'Recurrence ceiling',
    recurrenceRule: 'Recurrence rule',
    overdueOpen: 'Overdue open cases',
    street: 'Street',
    number: 'Case number',
    class: 'Class',
    location: 'Location',
    state: 'State',
    reportedAt: 'Reported at',
    closedAt: 'Closed at',
    deadline: 'Step deadline',
    rule: (m: number, d: number) => `Same class within ${m} m, reported again within ${d} days after a close`,
  },
} as const;

const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const time = (d: Date | null) => (d ? fmt.format(d) : '');
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

/** The campaign's daily report (日报) for a day, as an xlsx workbook. */
export async function dailyReport(ctx: AppContext, actor: Actor, id: string, date: string | undefined, lang: 'zh' | 'en'): Promise<{ buffer: Buffer; name: string; date: string }> {
  requireAccess(actor, 'campaign.export');
  const board = await getBoard(ctx, actor, id);
  const day = date ?? shanghaiDay(ctx.now());
  const facts = await repo.taggedCaseFacts(ctx.db, [id]);
  const names = await loadNames(ctx.db, board.classes);
  const t = T[lang];
  const className = (f: Fact) => (lang === 'en' ? names.classes.get(`${f.kind}:${f.classCode}`)?.nameEn : names.classes.get(`${f.kind}:${f.classCode}`)?.name) ?? f.classCode;
  const streetName = (code: string | null) => (code ? (names.streets.get(code) ?? code) : '—');
  const stateName = (s: string) => STATE_LABELS[s as keyof typeof STATE_LABELS]?.[lang] ?? s;
  const end = shanghaiInstant(addDays(day, 1));
  // The report is as of the end of the day: what was reported and closed by then.
  const asOfDay = facts.filter((f) => f.createdAt.getTime() < end.getTime());
  const closedBy = (f: Fact) => f.state === 'closed' && f.closedAt && f.closedAt.getTime() < end.getTime();
  const dayReported = asOfDay.filter((f) => shanghaiDay(f.createdAt) === day);
  const dayClosed = facts.filter((f) => f.state === 'closed' && f.closedAt && shanghaiDay(f.closedAt) === day);
  const n = countCases(asOfDay.map((f) => ({ state: closedBy(f) ? 'closed' : f.state === 'closed' ? 'handled' : f.state, reportedAt: f.createdAt, closedAt: f.closedAt })));
  const rate = closureRate(n);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wangge';
  wb.created = ctx.now();
  const head = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  const s1 = wb.addWorksheet(t.summary);
  s1.columns = [
    { header: t.item, key: 'k', width: 28 },
    { header: t.value, key: 'v', width: 60 },
  ];
  const campaignName = lang === 'en' ? board.nameEn : board.nameZh;
  const rows: [string, string | number][] = [
    [t.campaign, campaignName],
    [t.period, `${board.startDate} — ${board.endDate}`],
    [t.lead, board.leadDepartment ? (lang === 'en' ? board.leadDepartment.nameEn : board.leadDepartment.name) : '—'],
    [t.co, board.coDepartments.map((d) => (lang === 'en' ? d.nameEn : d.name)).join(lang === 'en' ? ', ' : '、') || '—'],
    [t.date, day],
    [t.asOf, time(ctx.now())],
    [t.dayReported, dayReported.length],
    [t.dayClosed, dayClosed.length],
    [t.totalReported, n.reported],
    [t.totalClosed, n.closed],
    [t.open, n.open],
    [t.closureRate, pct(rate)],
    [t.targetClosureRate, pct(board.targetClosureRate)],
    [t.targetCount, board.targetCount ?? '—'],
    [t.countProgress, board.targetCount ? pct(n.closed / board.targetCount) : '—'],
    [t.recurrenceRate, pct(board.recurrenceRate)],
    [t.targetRecurrence, pct(board.targetRecurrenceRate)],
    [t.recurrenceRule, t.rule(board.recurrence.radiusM, board.recurrence.withinDays)],
    [t.overdueOpen, board.overdueOpen],
  ];
  for (const [k, v] of rows) s1.addRow({ k, v });
  head(s1);

  const s2 = wb.addWorksheet(t.byStreet);
  s2.columns = [
    { header: t.street, key: 'street', width: 16 },
    { header: t.dayReported, key: 'dr', width: 14 },
    { header: t.dayClosed, key: 'dc', width: 12 },
    { header: t.totalReported, key: 'tr', width: 12 },
    { header: t.totalClosed, key: 'tc', width: 12 },
    { header: t.open, key: 'open', width: 10 },
    { header: t.closureRate, key: 'rate', width: 12 },
  ];
  const streetCodes = [...new Set(asOfDay.map((f) => f.streetCode))].sort((a, b) => String(a).localeCompare(String(b)));
  for (const code of streetCodes) {
    const these = asOfDay.filter((f) => f.streetCode === code);
    const sn = countCases(these.map((f) => ({ state: closedBy(f) ? 'closed' : f.state === 'closed' ? 'handled' : f.state, reportedAt: f.createdAt, closedAt: f.closedAt })));
    s2.addRow({
      street: streetName(code),
      dr: these.filter((f) => shanghaiDay(f.createdAt) === day).length,
      dc: dayClosed.filter((f) => f.streetCode === code).length,
      tr: sn.reported,
      tc: sn.closed,
      open: sn.open,
      rate: pct(closureRate(sn)),
    });
  }
  head(s2);

  const caseSheet = (name: string, list: Fact[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = [
      { header: t.number, key: 'number', width: 20 },
      { header: t.class, key: 'cls', width: 16 },
      { header: t.street, key: 'street', width: 14 },
      { header: t.location, key: 'loc', width: 36 },
      { header: t.state, key: 'state', width: 10 },
      { header: t.reportedAt, key: 'rep', width: 17 },
      { header: t.closedAt, key: 'closed', width: 17 },
      { header: t.deadline, key: 'deadline', width: 17 },
    ];
    for (const f of list.sort((a, b) => a.number.localeCompare(b.number))) {
      ws.addRow({ number: f.number, cls: className(f), street: streetName(f.streetCode), loc: f.locationText, state: stateName(f.state), rep: time(f.createdAt), closed: time(f.closedAt), deadline: time(f.stepDeadline) });
    }
    head(ws);
  };
  caseSheet(t.reported, dayReported);
  caseSheet(t.closed, dayClosed);
  const now = ctx.now();
  caseSheet(t.overdue, facts.filter((f) => !OPEN_EXCLUDED.has(f.state) && f.state !== 'suspended' && f.stepDeadline && f.stepDeadline.getTime() < now.getTime()));

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, name: `${campaignName}-${lang === 'en' ? 'daily' : '日报'}-${day}.xlsx`, date: day };
}
