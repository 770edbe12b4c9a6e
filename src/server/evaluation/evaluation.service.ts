// Evaluation use cases: rankings with composites and grades, the cases behind any number, the leader dashboard, and the
// settings. Keeps the derived facts current first (incrementally, from case_events), then counts in SQL.
import { shanghaiDay } from '../../domain/calendar';
import {
  CASE_COUNT_KEYS,
  COUNT_KEYS,
  DEFAULT_EVALUATION_CONFIG,
  INDICATORS,
  SCOPE_INDICATORS,
  STEPS_OF_ROLE,
  TASK_COUNT_KEYS,
  addDays,
  deriveFacts,
  emptyCounts,
  indicatorValue,
  periodOf,
  previousPeriod,
  rankOf,
  resolveConfig,
  scoreRanking,
  type CaseCountKey,
  type CountKey,
  type Counts,
  type EvaluationConfig,
  type Period,
  type ScopeKind,
  type ScoredRow,
  type TaskCountKey,
  type TaskStep,
} from '../../domain/evaluation';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { getSetting, putSetting } from '../settings/settings.repository';
import * as repo from './evaluation.repository';
import type { FlowCountKey, RollupKey } from './evaluation.tables';
import { actOnCase } from '../cases/case.service';
import { reportWorkbook } from './evaluation.report';
import type {
  CasesBehind,
  CasesBehindQuery,
  Dashboard,
  DashboardQuery,
  MonthlyReport,
  Ranking,
  RankingQuery,
  RankingRow,
  ReportQuery,
  UrgeDepartment,
} from './evaluation.schema';

/** The district's name in reports (as /api/meta gives it). */
const DISTRICT_NAME = '绿园区';

const CONFIG_KEY = 'evaluation';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_FORMAT: Partial<Record<ScopeKind, RegExp>> = {
  inspector: UUID,
  operator: UUID,
  chief: UUID,
  dispatcher: UUID,
  department: UUID,
  street: /^\d{9}$/,
  community: /^\d{12}$/,
  grid: /^\d{14,15}$/,
  class: /^(component|matter):\d{5,}$/,
};

// ------------------------------------------------------------------ access

/**
 * What part of the evaluation the actor may see for a scope: everything, or (department users) only their own
 * department, or their own street for a street office. Returns the one id they are limited to, or null.
 */
function evaluationAccess(actor: Actor | null, scope: ScopeKind): string | null {
  const access = requireAccess(actor, 'evaluation.read');
  if (access === 'all') return null;
  if (scope === 'department' && actor!.departmentId) return actor!.departmentId;
  if (scope === 'street' && actor!.streetCode) return actor!.streetCode;
  throw new AppError('FORBIDDEN', `evaluation of ${scope} is limited to a department's own row`);
}

// ------------------------------------------------------------------ keeping the facts current

/** How long a missing event id may hold back the progress mark before we take it for a rolled-back insert. */
const GAP_TIMEOUT_MS = 10_000;
const BATCH_EVENTS = 5000;
const BATCH_CASES = 500;
const chains = new WeakMap<object, Promise<void>>();

/**
 * Brings eval_cases / eval_tasks up to date with case_events: re-derives every case with events past the progress
 * mark. Runs one at a time per database; cheap when nothing is new.
 */
export function refreshFacts(ctx: AppContext): Promise<void> {
  const next = (chains.get(ctx.db) ?? Promise.resolve()).catch(() => undefined).then(() => catchUp(ctx));
  chains.set(ctx.db, next);
  return next;
}

async function catchUp(ctx: AppContext): Promise<void> {
  const settings = await ctx.settings.get();
  const config = await loadConfig(ctx);
  const fingerprint = repo.rollupFingerprint(config);
  const respondDeadline = (at: Date, urgent: boolean) => settings.calendar.addLimit(at, (urgent ? settings.urgentStepLimits : settings.stepLimits).accept);
  for (;;) {
    const { lastEventId, gapSince } = await repo.readProgress(ctx.db);
    const batch = await repo.eventsAfter(ctx.db, lastEventId, BATCH_EVENTS);
    const now = ctx.now();
    if (batch.length === 0) {
      if (gapSince) await repo.saveProgress(ctx.db, lastEventId, null, now);
      return;
    }
    const ids = [...new Set(batch.map((b) => b.caseId))];
    for (let i = 0; i < ids.length; i += BATCH_CASES) {
      const chunk = ids.slice(i, i + BATCH_CASES);
      // Read and write under one lock so that two processes never write an older derivation over a newer one.
      await ctx.db.transaction(async (tx) => {
        await repo.lockFacts(tx);
        // The rollup takes the change as a delta when it was built with these settings; otherwise it is rebuilt before use.
        const built = (await repo.readRollupState(tx)).get('settings') === fingerprint;
        const logs = await repo.loadLogs(tx, chunk);
        await repo.replaceFacts(tx, logs.map((l) => ({ ...deriveFacts(l.case, l.events, { respondDeadline }), version: l.version })), built ? config : null);
      });
    }
    // The mark moves over ids seen without a hole. A hole is an insert not yet committed (its case is re-derived when
    // it shows up) or one rolled back (skipped after a while).
    let contiguous = lastEventId;
    for (const b of batch) {
      if (b.id !== contiguous + 1) break;
      contiguous = b.id;
    }
    const newest = batch[batch.length - 1].id;
    if (contiguous === newest) {
      await repo.saveProgress(ctx.db, newest, null, now);
    } else {
      const since = gapSince ?? now;
      const expired = now.getTime() - since.getTime() > GAP_TIMEOUT_MS;
      await repo.saveProgress(ctx.db, expired ? newest : contiguous, expired ? null : since, now);
      if (!expired) return;
    }
    if (batch.length < BATCH_EVENTS) return;
  }
}

// ------------------------------------------------------------------ the daily rollup

/** How periods are counted: from the daily rollup plus the live facts (the default), or straight from the facts. */
export const evaluationOptions = { rollup: true };

/**
 * Makes sure the rollup was built with the current settings (and, for the inspectors' filed counts, the current beats);
 * rebuilds what is out of date. Serialised with the facts' writers by their lock.
 */
async function ensureRollup(ctx: AppContext, config: EvaluationConfig, beats: boolean): Promise<void> {
  const want = repo.rollupFingerprint(config);
  const state = await repo.readRollupState(ctx.db);
  const beatsNow = beats ? await repo.beatFingerprint(ctx.db) : null;
  if (state.get('settings') === want && (!beats || state.get('beats') === beatsNow)) return;
  await ctx.db.transaction(async (tx) => {
    await repo.lockFacts(tx);
    const s = await repo.readRollupState(tx);
    const now = ctx.now();
    if (s.get('settings') !== want) {
      await repo.clearRollup(tx);
      await repo.buildRollup(tx, config);
      await repo.saveRollupState(tx, 'settings', want, now);
      await repo.saveRollupState(tx, 'beats', await repo.beatFingerprint(tx), now);
    } else if (beats) {
      const f = await repo.beatFingerprint(tx);
      if (s.get('beats') !== f) {
        await repo.clearRollup(tx, ['beat']);
        await repo.buildRollup(tx, config, ['beat']);
        await repo.saveRollupState(tx, 'beats', f, now);
      }
    }
  });
}

/** Brings the facts up to date and, when counting from the rollup, the rollup too. */
function prepare(ctx: AppContext, config: EvaluationConfig, beats = false): Promise<void> {
  const next = refreshFacts(ctx).then(() => (evaluationOptions.rollup ? ensureRollup(ctx, config, beats) : undefined));
  chains.set(ctx.db, next.catch(() => undefined));
  return next;
}

/** Builds the rollup again from every fact (benchmarks; also what a settings change does on the next request). */
export async function rebuildRollup(ctx: AppContext): Promise<void> {
  await refreshFacts(ctx);
  const config = await loadConfig(ctx);
  await ctx.db.transaction(async (tx) => {
    await repo.lockFacts(tx);
    await repo.clearRollup(tx);
    await repo.buildRollup(tx, config);
    const now = ctx.now();
    await repo.saveRollupState(tx, 'settings', repo.rollupFingerprint(config), now);
    await repo.saveRollupState(tx, 'beats', await repo.beatFingerprint(tx), now);
  });
}

/** Drops every derived fact and derives them again (after changing the calendar or the accept limit). */
export async function rebuildFacts(ctx: AppContext, actor: Actor): Promise<void> {
  requireAccess(actor, 'settings.write');
  await ctx.db.transaction(async (tx) => {
    await repo.lockFacts(tx);
    await repo.clearFacts(tx);
  });
  await refreshFacts(ctx);
}

// ------------------------------------------------------------------ settings

export async function loadConfig(ctx: AppContext): Promise<EvaluationConfig> {
  try {
    return resolveConfig(await getSetting(ctx.db, CONFIG_KEY));
  } catch {
    return DEFAULT_EVALUATION_CONFIG; // a document stored by an older version: the defaults until an admin saves again
  }
}

export async function getConfig(ctx: AppContext, actor: Actor): Promise<EvaluationConfig> {
  requireAccess(actor, 'evaluation.read');
  return loadConfig(ctx);
}

export async function putConfig(ctx: AppContext, actor: Actor, config: EvaluationConfig): Promise<EvaluationConfig> {
  requireAccess(actor, 'settings.write');
  await putSetting(ctx.db, CONFIG_KEY, config, actor.id, ctx.now());
  return loadConfig(ctx);
}

// ------------------------------------------------------------------ periods and counting

function periodFrom(q: { period?: Period['kind']; date?: string; from?: string; to?: string }, now: Date): Period {
  const kind = q.period ?? (q.from ? 'custom' : 'month');
  try {
    if (kind === 'custom') {
      if (!q.from) throw new RangeError('a custom period needs `from`');
      return periodOf('custom', q.from, q.to ?? q.from);
    }
    return periodOf(kind, q.date ?? shanghaiDay(now));
  } catch (err) {
    if (err instanceof RangeError) throw new AppError('VALIDATION_FAILED', err.message);
    throw err;
  }
}

function countParams(p: { from: Date; to: Date }, now: Date, config: EvaluationConfig): repo.CountParams {
  return { from: p.from, to: p.to, now, publicSources: config.publicSources, hotlineSources: config.hotlineSources, satisfiedLevels: config.satisfiedLevels };
}

const INSPECTOR_REPORTS: CaseCountKey[] = ['reports', 'validReports'];
const INSPECTOR_BEAT: CaseCountKey[] = ['filed', 'publicFiled'];

/** Whether a period can be read from the rollup: whole Shanghai days. */
function rollupPeriod(p: { from: Date; to: Date }): boolean {
  return evaluationOptions.rollup && repo.dayIndexAt(p.from) !== null && repo.dayIndexAt(p.to) !== null;
}

function rollupQuery(p: repo.CountParams, scope: repo.RollupScope, keys: readonly RollupKey[], extra: Partial<repo.RollupQuery> = {}): repo.RollupQuery {
  return { scope, from: p.from, to: p.to, now: p.now, settings: p, keys, ...extra };
}

const stepKeys = (steps: readonly TaskStep[]): TaskCountKey[] => TASK_COUNT_KEYS.filter((k) => steps.includes(repo.STEP_OF_TASK_COUNT[k]));

/** Every count of a period for every member of a scope that has any (the SQL behind `countBy`). */
async function countScope(ctx: AppContext, scope: ScopeKind, p: repo.CountParams): Promise<Map<string, Counts>> {
  const parts: Promise<Map<string, Partial<Record<CountKey | RollupKey, number>>>>[] = [];
  if (rollupPeriod(p)) {
    const r = (q: repo.RollupQuery) => repo.rollupCounts(ctx.db, q);
    switch (scope) {
      case 'all':
      case 'street':
      case 'community':
      case 'grid':
      case 'class':
        parts.push(r(rollupQuery(p, scope, COUNT_KEYS)));
        break;
      case 'department':
        parts.push(r(rollupQuery(p, 'department', CASE_COUNT_KEYS)));
        break;
      case 'inspector':
        parts.push(r(rollupQuery(p, 'reporter', INSPECTOR_REPORTS)), r(rollupQuery(p, 'beat', INSPECTOR_BEAT)));
        parts.push(r(rollupQuery(p, 'person', stepKeys(STEPS_OF_ROLE.inspector))));
        break;
      case 'operator':
      case 'chief':
      case 'dispatcher':
        parts.push(r(rollupQuery(p, 'person', stepKeys(STEPS_OF_ROLE[scope]))));
        break;
    }
    return mergeCounts(await Promise.all(parts));
  }
  switch (scope) {
    case 'all':
    case 'street':
    case 'community':
    case 'grid':
    case 'class':
      parts.push(repo.caseCounts(ctx.db, scope, p, CASE_COUNT_KEYS), repo.taskCounts(ctx.db, scope, p));
      break;
    case 'department':
      parts.push(repo.caseCounts(ctx.db, 'department', p, CASE_COUNT_KEYS));
      break;
    case 'inspector':
      parts.push(repo.caseCounts(ctx.db, 'reporter', p, INSPECTOR_REPORTS), repo.caseCounts(ctx.db, 'beat', p, INSPECTOR_BEAT));
      parts.push(repo.taskCounts(ctx.db, 'person', p, STEPS_OF_ROLE.inspector));
      break;
    case 'operator':
    case 'chief':
    case 'dispatcher':
      parts.push(repo.taskCounts(ctx.db, 'person', p, STEPS_OF_ROLE[scope]));
      break;
  }
  return mergeCounts(await Promise.all(parts));
}

/** The parts of a scope's counts as one map; members with nothing counted are left out (both ways of counting agree). */
function mergeCounts(parts: Map<string, Partial<Record<string, number>>>[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const rows of parts) {
    for (const [id, c] of rows) {
      const counts = out.get(id) ?? emptyCounts();
      for (const k of COUNT_KEYS) if (c[k] !== undefined) counts[k] = c[k]!;
      out.set(id, counts);
    }
  }
  for (const [id, c] of out) if (COUNT_KEYS.every((k) => c[k] === 0)) out.delete(id);
  return out;
}

// ------------------------------------------------------------------ rankings

const iso = (d: Date) => d.toISOString();
const periodOut = (p: Period) => ({ kind: p.kind, label: p.label, from: iso(p.from), to: iso(p.to), firstDay: p.firstDay, lastDay: p.lastDay });

function rowOut(r: ScoredRow, name: repo.ScopeEntity | undefined, rank: number | null, prev: ScoredRow | undefined, prevRank: number | null): RankingRow {
  return {
    id: r.id,
    name: name?.nameZh ?? r.id,
    nameEn: name?.nameEn ?? r.id,
    rank,
    composite: r.composite,
    grade: r.grade,
    volumeScore: r.volumeScore,
    previous: { rank: prevRank, composite: prev?.composite ?? null, grade: prev?.grade ?? null },
    change: r.composite !== null && prev?.composite != null ? Math.round((r.composite - prev.composite) * 100) / 100 : null,
    indicators: r.indicators.map((v, i) => ({
      key: v.key,
      numerator: v.numerator,
      denominator: v.denominator,
      rate: v.rate,
      percent: v.percent,
      previousPercent: prev?.indicators[i]?.percent ?? null,
    })),
    counts: r.counts,
  };
}

export async function getRankings(ctx: AppContext, actor: Actor, q: RankingQuery): Promise<Ranking> {
  const only = evaluationAccess(actor, q.scope);
  if (q.id && ID_FORMAT[q.scope] && !ID_FORMAT[q.scope]!.test(q.id)) throw new AppError('VALIDATION_FAILED', `not a ${q.scope} id: ${q.id}`);
  if (only && q.id && q.id !== only) throw new AppError('FORBIDDEN');
  const config = await loadConfig(ctx);
  await prepare(ctx, config, q.scope === 'inspector');
  const now = ctx.now();
  const period = periodFrom(q, now);
  const previous = previousPeriod(period);
  const [current, before, members, district] = await Promise.all([
    countScope(ctx, q.scope, countParams(period, now, config)),
    countScope(ctx, q.scope, countParams(previous, now, config)),
    repo.scopeMembers(ctx.db, q.scope),
    q.scope === 'all' || only ? null : countScope(ctx, 'all', countParams(period, now, config)),
  ]);

  // Every member is ranked against the whole group (the volume score is relative), then the list is narrowed.
  const ids = [...new Set([...members.map((m) => m.id), ...current.keys(), ...before.keys()])];
  const scored = scoreRanking(q.scope, ids.map((id) => ({ id, counts: current.get(id) ?? emptyCounts() })), config);
  const prevScored = scoreRanking(q.scope, ids.map((id) => ({ id, counts: before.get(id) ?? emptyCounts() })), config);
  const ranks = rankOf(scored);
  const prevRanks = rankOf(prevScored);
  const wanted = only ?? q.id ?? null;
  const names = new Map(members.map((m) => [m.id, m]));
  const unnamed = ids.filter((id) => !names.has(id) && (!wanted || id === wanted));
  for (const [id, n] of await repo.scopeNames(ctx.db, q.scope, unnamed)) names.set(id, n);

  const rows = scored
    .map((r, i) => rowOut(r, names.get(r.id), ranks[i], prevScored[i], prevRanks[i]))
    .filter((r) => !wanted || r.id === wanted)
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.counts.filed - a.counts.filed || a.name.localeCompare(b.name, 'zh'));

  let districtRow: RankingRow | null = null;
  if (district) {
    const counts = district.get('all') ?? emptyCounts();
    const indicators = SCOPE_INDICATORS[q.scope].map((k) => indicatorValue(k, counts));
    const row: ScoredRow = { id: 'all', counts, indicators, volumeScore: null, composite: null, grade: null };
    districtRow = rowOut(row, { id: 'all', nameZh: '全区', nameEn: 'District' }, null, undefined, null);
  }
  const composite = config.composites[q.scope];
  return {
    scope: q.scope,
    period: periodOut(period),
    previousPeriod: periodOut(previous),
    asOf: iso(now),
    columns: SCOPE_INDICATORS[q.scope].map((key) => ({ key, ...INDICATORS[key] })),
    weights: composite ? (composite.weights as Record<string, number>) : null,
    rows,
    district: districtRow,
  };
}

// ------------------------------------------------------------------ the cases behind a number

export async function getCasesBehind(ctx: AppContext, actor: Actor, q: CasesBehindQuery): Promise<CasesBehind> {
  const only = evaluationAccess(actor, q.scope);
  const id = q.scope === 'all' ? null : (q.id ?? null);
  if (q.scope !== 'all' && !id) throw new AppError('VALIDATION_FAILED', 'id is required for this scope');
  if (id && ID_FORMAT[q.scope] && !ID_FORMAT[q.scope]!.test(id)) throw new AppError('VALIDATION_FAILED', `not a ${q.scope} id: ${id}`);
  if (only && id !== only) throw new AppError('FORBIDDEN');
  const count: CountKey | FlowCountKey | undefined = q.count ?? (q.indicator ? INDICATORS[q.indicator][q.part] : undefined);
  if (!count) throw new AppError('VALIDATION_FAILED', 'indicator or count is required');
  await refreshFacts(ctx);
  const now = ctx.now();
  const config = await loadConfig(ctx);
  const period = periodFrom(q, now);
  const { rows, total } = await repo.casesBehind(ctx.db, {
    count,
    scope: q.scope,
    id,
    params: countParams(period, now, config),
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return {
    count,
    scope: q.scope,
    id,
    period: periodOut(period),
    asOf: iso(now),
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      caseId: r.caseId,
      number: r.number,
      state: r.state,
      kind: r.kind,
      classCode: r.classCode,
      streetCode: r.streetCode,
      departmentId: r.departmentId,
      at: iso(r.at),
      step: r.step as CasesBehind['items'][number]['step'],
      personId: r.personId,
      deadline: r.deadline ? iso(r.deadline) : null,
      doneAt: r.doneAt ? iso(r.doneAt) : null,
      inTime: r.inTime,
      reworks: r.reworks,
    })),
  };
}

// ------------------------------------------------------------------ the leader dashboard

type FlowCounts = { reported: number; filed: number; dispatched: number; closed: number; dueToClose: number; closedOnTime: number };

/** Reported, filed and closed in a period (events), and the due and on-time counts of its filed cohort. */
async function flowOf(ctx: AppContext, p: repo.CountParams, departmentId?: string): Promise<FlowCounts> {
  if (rollupPeriod(p)) {
    const keys: RollupKey[] = ['reportedAll', 'filed', 'dispatchedAll', 'closedAll', 'dueToClose', 'closedOnTime'];
    const m = await repo.rollupCounts(ctx.db, rollupQuery(p, departmentId ? 'department' : 'all', keys, departmentId ? { only: departmentId } : {}));
    const c = m.get(departmentId ?? 'all') ?? {};
    return {
      reported: c.reportedAll ?? 0,
      filed: c.filed ?? 0,
      dispatched: c.dispatchedAll ?? 0,
      closed: c.closedAll ?? 0,
      dueToClose: c.dueToClose ?? 0,
      closedOnTime: c.closedOnTime ?? 0,
    };
  }
  const [f, cohort] = await Promise.all([
    repo.flowTotals(ctx.db, p.from, p.to, departmentId),
    repo.caseCounts(ctx.db, 'all', p, ['dueToClose', 'closedOnTime'], departmentId),
  ]);
  const c = cohort.get('all') ?? {};
  return { ...f, dueToClose: c.dueToClose ?? 0, closedOnTime: c.closedOnTime ?? 0 };
}

/** Reported, filed and closed per Shanghai day index. */
async function trendOf(ctx: AppContext, p: repo.CountParams, departmentId?: string): Promise<{ reported: Map<number, number>; filed: Map<number, number>; closed: Map<number, number> }> {
  if (rollupPeriod(p)) {
    const m = await repo.rollupCounts(ctx.db, rollupQuery(p, departmentId ? 'department' : 'all', ['reportedAll', 'filed', 'closedAll'], { byDay: true, ...(departmentId ? { only: departmentId } : {}) }));
    const pick = (k: RollupKey) => new Map([...m].map(([day, c]) => [Number(day), c[k] ?? 0]));
    return { reported: pick('reportedAll'), filed: pick('filed'), closed: pick('closedAll') };
  }
  const [reported, filed, closed] = await Promise.all([
    repo.perDay(ctx.db, 'reportedAt', p.from, p.to, departmentId),
    repo.perDay(ctx.db, 'filedAt', p.from, p.to, departmentId),
    repo.perDay(ctx.db, 'closedAt', p.from, p.to, departmentId),
  ]);
  return { reported, filed, closed };
}

/** The classes with the most cases filed in a period (a department's own: counted directly). */
async function topClassesOf(ctx: AppContext, p: repo.CountParams, limit: number, departmentId?: string) {
  if (!rollupPeriod(p) || departmentId) return repo.topClasses(ctx.db, p.from, p.to, limit, departmentId);
  const m = await repo.rollupCounts(ctx.db, rollupQuery(p, 'class', ['filed']));
  const top = [...m]
    .map(([id, c]) => ({ id, count: c.filed ?? 0 }))
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
  const names = await repo.scopeNames(ctx.db, 'class', top.map((x) => x.id));
  return top.map((x) => {
    const [kind, classCode] = x.id.split(':');
    const n = names.get(x.id);
    return { kind, classCode, nameZh: n?.nameZh ?? null, nameEn: n?.nameEn ?? null, count: x.count };
  });
}

/** Every department's counts of a period's filed cohort. */
async function departmentCountsOf(ctx: AppContext, p: repo.CountParams, keys: CaseCountKey[], departmentId?: string) {
  if (rollupPeriod(p)) return repo.rollupCounts(ctx.db, rollupQuery(p, 'department', keys, departmentId ? { only: departmentId } : {}));
  return repo.caseCounts(ctx.db, 'department', p, keys, departmentId);
}

export async function getDashboard(ctx: AppContext, actor: Actor, q: DashboardQuery): Promise<Dashboard> {
  const departmentId = evaluationAccess(actor, 'department') ?? undefined;
  const config = await loadConfig(ctx);
  await prepare(ctx, config);
  const now = ctx.now();
  const todayDay = shanghaiDay(now);
  const today = periodOf('day', todayDay);
  const month = periodOf('month', todayDay);
  const trendFrom = periodOf('day', addDays(todayDay, -(q.days - 1))).from;

  const [todayFlow, monthFlow, trend3, classes, spots, overdue, urgent, byDepartment, overdueByDept, departments] = await Promise.all([
    flowOf(ctx, countParams(today, now, config), departmentId),
    flowOf(ctx, countParams(month, now, config), departmentId),
    trendOf(ctx, countParams({ from: trendFrom, to: today.to }, now, config), departmentId),
    topClassesOf(ctx, countParams(month, now, config), 10, departmentId),
    repo.hotSpots(ctx.db, q.hotSpotLevel, month.from, month.to, departmentId),
    repo.overdueCases(ctx.db, now, q.overdueLimit, departmentId),
    repo.urgentCases(ctx.db, q.urgentLimit, departmentId),
    departmentCountsOf(ctx, countParams(month, now, config), ['filed', 'dueToClose', 'closed', 'closedOnTime', 'handledOnTime'], departmentId),
    repo.overdueByDepartment(ctx.db, now),
    repo.scopeMembers(ctx.db, 'department'),
  ]);
  const { reported, filed, closed } = trend3;

  const flow = (label: string, f: FlowCounts) => {
    const c = { ...emptyCounts(), dueToClose: f.dueToClose, closedOnTime: f.closedOnTime };
    return { label, ...f, onTimePercent: indicatorValue('closeOnTimeRate', c).percent };
  };
  const trend = [];
  const firstIndex = Math.round((trendFrom.getTime() + 8 * 3_600_000) / 86_400_000);
  for (let i = 0; i < q.days; i++) {
    const d = firstIndex + i;
    trend.push({ day: addDays(todayDay, i - (q.days - 1)), reported: reported.get(d) ?? 0, filed: filed.get(d) ?? 0, closed: closed.get(d) ?? 0 });
  }
  const deptRows = departments
    .filter((d) => !departmentId || d.id === departmentId)
    .map((d) => {
      const c = { ...emptyCounts(), ...(byDepartment.get(d.id) ?? {}) };
      return {
        id: d.id,
        name: d.nameZh,
        nameEn: d.nameEn,
        filed: c.filed,
        dueToClose: c.dueToClose,
        closed: c.closed,
        closeRate: indicatorValue('closeRate', c).percent,
        closeOnTimeRate: indicatorValue('closeOnTimeRate', c).percent,
        handleOnTimeRate: indicatorValue('handleOnTimeRate', c).percent,
        overdueNow: overdueByDept.get(d.id) ?? 0,
      };
    })
    .sort((a, b) => b.dueToClose - a.dueToClose || b.filed - a.filed || a.name.localeCompare(b.name, 'zh'));

  return {
    asOf: iso(now),
    departmentId: departmentId ?? null,
    today: flow(today.label, todayFlow),
    month: flow(month.label, monthFlow),
    overdueNow: overdue.total,
    trend,
    topClasses: classes.map((c) => ({ kind: c.kind, classCode: c.classCode, name: c.nameZh ?? c.classCode, nameEn: c.nameEn ?? c.classCode, count: c.count })),
    hotSpots: { level: q.hotSpotLevel, period: month.label, items: spots },
    overdue: overdue.rows.map((r) => ({
      id: r.id,
      number: r.number,
      state: r.state,
      kind: r.kind,
      classCode: r.classCode,
      className: r.className ?? r.classCode,
      classNameEn: r.classNameEn ?? r.classCode,
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      departmentNameEn: r.departmentNameEn,
      streetCode: r.streetCode,
      locationText: r.locationText,
      stepDeadline: iso(r.stepDeadline),
      overdueMinutes: Math.floor((now.getTime() - r.stepDeadline.getTime()) / 60_000),
    })),
    urgent: {
      total: urgent.total,
      items: urgent.rows.map((r) => ({
        id: r.id,
        number: r.number,
        state: r.state,
        urgency: r.urgency,
        className: r.className ?? r.classCode,
        classNameEn: r.classNameEn ?? r.classCode,
        departmentName: r.departmentName,
        departmentNameEn: r.departmentNameEn,
        locationText: r.locationText,
        lng: r.lng,
        lat: r.lat,
        reportedAt: iso(r.reportedAt),
        stepDeadline: r.stepDeadline ? iso(r.stepDeadline) : null,
        overdue: r.stepDeadline !== null && r.stepDeadline.getTime() < now.getTime(),
      })),
    },
    departments: deptRows,
  };
}

// ------------------------------------------------------------------ 督办 to a department

/** The most overdue cases a department urge records its note on. */
const URGE_DEPARTMENT_LIMIT = 200;

/**
 * A leader's 督办 to a department: the note goes on each of the department's cases whose current step is overdue, as
 * the workflow's `urge` action (one event per case, each durable on its own; the department sees it on every case).
 */
export async function urgeDepartment(ctx: AppContext, actor: Actor, input: UrgeDepartment): Promise<{ departmentId: string; urged: number; caseIds: string[] }> {
  requireAccess(actor, 'evaluation.urge');
  const [dept] = await repo.scopeNames(ctx.db, 'department', [input.departmentId]).then((m) => [...m.values()]);
  if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND');
  const ids = await repo.overdueCaseIdsOf(ctx.db, input.departmentId, ctx.now(), URGE_DEPARTMENT_LIMIT);
  if (ids.length === 0) throw new AppError('NOTHING_TO_URGE');
  const urged: string[] = [];
  for (const id of ids) {
    try {
      await actOnCase(ctx, actor, id, 'urge', { note: input.note });
      urged.push(id);
    } catch (err) {
      // A case closed or moved on since it was listed is no longer overdue: nothing to urge there.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return { departmentId: input.departmentId, urged: urged.length, caseIds: urged };
}


// ------------------------------------------------------------------ the monthly report

/** One month's evaluation for the report: the district, every ranking the report prints, and the month day by day. */
export async function getMonthlyReport(ctx: AppContext, actor: Actor, q: ReportQuery): Promise<MonthlyReport> {
  evaluationAccess(actor, 'all'); // the district's report: not for a department's own view
  const now = ctx.now();
  const thisMonth = shanghaiDay(now).slice(0, 7);
  const month = q.month ?? thisMonth;
  if (month > thisMonth) throw new AppError('VALIDATION_FAILED', `the month ${month} has not begun`);
  const period = { period: 'month' as const, date: `${month}-01` };
  const rank = (scope: ScopeKind) => getRankings(ctx, actor, { scope, ...period });
  // One after another: each may bring the facts up to date first, and PGlite has one connection anyway.
  const district = await rank('all');
  const departments = await rank('department');
  const streets = await rank('street');
  const inspectors = await rank('inspector');
  const classes = await rank('class');
  const communities = await rank('community');
  const config = await loadConfig(ctx);
  const m = periodOf('month', `${month}-01`);
  const p = countParams(m, now, config);
  const [flow, dispatched] = await Promise.all([trendOf(ctx, p), dispatchedPerDay(ctx, p)]);
  const trend = [];
  // The days of the month so far (all of them for a past month).
  const last = month === thisMonth ? shanghaiDay(now) : m.lastDay;
  for (let day = m.firstDay; day <= last; day = addDays(day, 1)) {
    const i = repo.dayIndexAt(periodOf('day', day).from)!;
    trend.push({ day, reported: flow.reported.get(i) ?? 0, filed: flow.filed.get(i) ?? 0, dispatched: dispatched.get(i) ?? 0, closed: flow.closed.get(i) ?? 0 });
  }
  return { month, generatedAt: iso(now), district, departments, streets, inspectors, classes, communities, trend };
}

async function dispatchedPerDay(ctx: AppContext, p: repo.CountParams): Promise<Map<number, number>> {
  if (rollupPeriod(p)) {
    const m = await repo.rollupCounts(ctx.db, rollupQuery(p, 'all', ['dispatchedAll'], { byDay: true }));
    return new Map([...m].map(([day, c]) => [Number(day), c.dispatchedAll ?? 0]));
  }
  return repo.perDay(ctx.db, 'firstDispatchAt', p.from, p.to);
}

/** The report as an Excel workbook. */
export async function getMonthlyReportXlsx(ctx: AppContext, actor: Actor, q: ReportQuery): Promise<{ month: string; body: Buffer }> {
  const r = await getMonthlyReport(ctx, actor, q);
  return { month: r.month, body: await reportWorkbook(r, DISTRICT_NAME) };
}
