// The evaluation's SQL: keeping the derived facts (eval_cases, eval_tasks) up to date from case_events, the indicator
// counts of a period grouped by scope, the cases behind any count, and the leader dashboard's aggregates.
// The count conditions mirror src/domain/evaluation/counts.ts one for one; the HTTP tests check the two agree.
import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, lt, or, sql, type Column, type SQL } from 'drizzle-orm';
import {
  CASE_COUNT_KEYS,
  STEPS_OF_ROLE,
  TASK_COUNT_KEYS,
  type CaseCountKey,
  type CaseFacts,
  type CountKey,
  type EvalCase,
  type EvalEvent,
  type ScopeKind,
  type TaskCountKey,
  type TaskFacts,
  type TaskStep,
} from '../../domain/evaluation';
import { CASE_STATES, TERMINAL_STATES, type CaseSource, type CaseState } from '../../domain/workflow';
import type { Executor } from '../db/client';
import { evalRollup, evalRollupState, FLOW_COUNT_KEYS, rollupColumn, type FlowCountKey, type RollupKey } from './evaluation.tables';
import {
  beats,
  caseEvents,
  cases,
  catalogueClasses,
  communities,
  departments,
  evalCases,
  evalProgress,
  evalTasks,
  grids,
  streets,
  users,
} from '../db/schema';

const e = evalCases;
const t = evalTasks;

// ------------------------------------------------------------------ keeping the facts up to date

const PROGRESS = 'case_events';
const FACTS_LOCK = 0x6576616c; // 'eval'

export async function readProgress(db: Executor): Promise<{ lastEventId: number; gapSince: Date | null }> {
  const rows = await db.select().from(evalProgress).where(eq(evalProgress.name, PROGRESS));
  return rows[0] ? { lastEventId: Number(rows[0].lastEventId), gapSince: rows[0].gapSince } : { lastEventId: 0, gapSince: null };
}

export async function saveProgress(db: Executor, lastEventId: number, gapSince: Date | null, now: Date): Promise<void> {
  await db
    .insert(evalProgress)
    .values({ name: PROGRESS, lastEventId, gapSince, updatedAt: now })
    .onConflictDoUpdate({ target: evalProgress.name, set: { lastEventId, gapSince, updatedAt: now } });
}

/** Ids and cases of the events after an id, in id order (the primary key index). */
export async function eventsAfter(db: Executor, afterId: number, limit: number): Promise<{ id: number; caseId: string }[]> {
  return db
    .select({ id: caseEvents.id, caseId: caseEvents.caseId })
    .from(caseEvents)
    .where(gt(caseEvents.id, afterId))
    .orderBy(asc(caseEvents.id))
    .limit(limit);
}

export interface CaseLogRow {
  case: EvalCase;
  version: number;
  events: EvalEvent[];
}

/** The cases and their full event logs, as the pure derivation takes them. */
export async function loadLogs(db: Executor, ids: string[]): Promise<CaseLogRow[]> {
  if (ids.length === 0) return [];
  const [caseRows, eventRows] = await Promise.all([
    db
      .select({
        id: cases.id,
        source: cases.source,
        selfFix: cases.selfFix,
        urgency: cases.urgency,
        kind: cases.kind,
        classCode: cases.classCode,
        gridCode: cases.gridCode,
        communityCode: cases.communityCode,
        streetCode: cases.streetCode,
        reporterId: cases.reporterId,
        state: cases.state,
        stepDeadline: cases.stepDeadline,
        version: cases.version,
      })
      .from(cases)
      .where(inArray(cases.id, ids)),
    db
      .select({
        caseId: caseEvents.caseId,
        seq: caseEvents.seq,
        action: caseEvents.action,
        fromState: caseEvents.fromState,
        toState: caseEvents.toState,
        role: caseEvents.role,
        actorId: caseEvents.actorId,
        at: caseEvents.at,
        stepDeadline: caseEvents.stepDeadline,
        departmentId: caseEvents.departmentId,
        payload: caseEvents.payload,
      })
      .from(caseEvents)
      .where(inArray(caseEvents.caseId, ids))
      .orderBy(asc(caseEvents.caseId), asc(caseEvents.seq)),
  ]);
  const byCase = new Map<string, EvalEvent[]>();
  for (const r of eventRows) {
    let list = byCase.get(r.caseId);
    if (!list) byCase.set(r.caseId, (list = []));
    list.push({
      seq: r.seq,
      action: r.action,
      fromState: r.fromState as CaseState | null,
      toState: r.toState as CaseState,
      role: r.role,
      actorId: r.actorId,
      at: r.at,
      stepDeadline: r.stepDeadline,
      departmentId: r.departmentId,
      payload: (r.payload ?? {}) as Record<string, unknown>,
    });
  }
  return caseRows
    .filter((c) => byCase.has(c.id))
    .map((c) => ({
      version: c.version,
      events: byCase.get(c.id)!,
      case: {
        id: c.id,
        source: c.source as CaseSource,
        selfFix: c.selfFix,
        urgent: c.urgency === 'urgent',
        kind: c.kind,
        classCode: c.classCode,
        gridCode: c.gridCode,
        communityCode: c.communityCode,
        streetCode: c.streetCode,
        reporterId: c.reporterId,
        state: c.state as CaseState,
        stepDeadline: c.stepDeadline,
      },
    }));
}

/** Row objects keyed by the table's column names, for json_populate_recordset. */
/** The stored (not generated) columns of a table, as [property, column name]. */
function storedColumns(table: typeof e | typeof t): [string, string][] {
  return Object.entries(getTableColumns(table))
    .filter(([, col]) => !col.generated)
    .map(([key, col]) => [key, col.name]);
}

function jsonRows(table: typeof e | typeof t, rows: Record<string, unknown>[]): string {
  const columns = storedColumns(table);
  return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map(([key, name]) => [name, r[key] ?? null]))));
}

/** Inserts rows given as JSON: one parameter however many rows, instead of tens of thousands of bind parameters. */
function insertJson(table: typeof e | typeof t, rows: Record<string, unknown>[]): SQL {
  const names = sql.raw(storedColumns(table).map(([, n]) => `"${n}"`).join(', '));
  const type = sql.raw(table === e ? 'eval_cases' : 'eval_tasks');
  return sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${type}, ${jsonRows(table, rows)}::json)`;
}

/**
 * Replaces the facts of the given cases (delete and insert, in the caller's transaction). The rows travel as one JSON
 * parameter per table: a few statements however many rows, instead of tens of thousands of bind parameters.
 */
export async function replaceFacts(tx: Executor, derived: { facts: CaseFacts; tasks: TaskFacts[]; version: number }[], rollup: RollupSettings | null): Promise<void> {
  if (derived.length === 0) return;
  const ids = derived.map((d) => d.facts.caseId);
  // The rollup follows as a delta: the old facts' settled counts out, the new ones' in (skipped while a rebuild is due).
  if (rollup) await applyRollup(tx, -1, { ids }, rollup);
  await tx.delete(t).where(inArray(t.caseId, ids));
  await tx.delete(e).where(inArray(e.caseId, ids));
  const caseRows = derived.map(({ facts: f, version }) => ({ ...f, version }));
  const taskRows = derived.flatMap(({ facts: f, tasks }) =>
    tasks.map((x) => ({ ...x, kind: f.kind, classCode: f.classCode, gridCode: f.gridCode, communityCode: f.communityCode, streetCode: f.streetCode })),
  );
  await tx.execute(insertJson(e, caseRows));
  if (taskRows.length) await tx.execute(insertJson(t, taskRows));
  if (rollup) await applyRollup(tx, 1, { ids }, rollup);
}

/** Serialises writers of the derived facts (across processes) until the transaction ends. */
export async function lockFacts(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FACTS_LOCK})`);
}

/** Forgets every derived fact: the next catch-up rebuilds them all (after a calendar change, say). */
export async function clearFacts(tx: Executor): Promise<void> {
  // No facts and an empty rollup agree: the rollup's state stays, and the re-derivation fills both.
  await clearRollup(tx);
  await tx.delete(t);
  await tx.delete(e);
  await tx.delete(evalProgress).where(eq(evalProgress.name, PROGRESS));
}

// ------------------------------------------------------------------ counting
//
// Scale. A period reads its own rows only, by the indexes on reported_at / filed_at (cases) and settled_at (steps).
// Measured on PostgreSQL with 1,000,000 cases and 6.7 million steps (a shared, loaded 2-core machine, cold cache): a
// month takes about 0.1 s (cases) and 0.7 s (steps, a parallel scan); a year 0.8 s and 1.6 s: too slow for a ranking
// (two periods and the district). The plan: a daily rollup per scope key of the counts that no longer depend on the
// clock (handled, closed, cancelled, steps done or withdrawn), kept by applying each case's old and new facts as a delta
// in replaceFacts, plus a live count of the small open set (unhandled cases, running steps: partial indexes). Grid-level
// rows let beats (which move) be joined at query time. To be built and measured in bench/.

export interface CountParams {
  from: Date;
  to: Date;
  now: Date;
  publicSources: readonly string[];
  hotlineSources: readonly string[];
  satisfiedLevels: readonly string[];
}

const anyOf = (col: Column, values: readonly string[]): SQL => (values.length ? inArray(col, [...values]) : sql`false`);
const within = (col: Column, p: CountParams): SQL => sql`(${col} >= ${p.from} and ${col} < ${p.to})`;

interface CountSql {
  where: SQL;
  /** What each row adds (default 1). */
  value?: SQL;
}

/** The case counts as SQL over eval_cases (mirrors caseContributions) for a period. */
function caseCountSql(p: CountParams, reworks: 'all' | 'department'): Record<CaseCountKey, CountSql> {
  return caseCountSqlWith((col) => within(col, p), p, reworks);
}

/**
 * The case counts as SQL over eval_cases, with what places a timestamp in the period given: an instant range for the
 * direct count, or "has happened" when the rollup places the row by its day.
 */
function caseCountSqlWith(inPeriod: (col: Column) => SQL, p: Omit<CountParams, 'from' | 'to'>, reworks: 'all' | 'department'): Record<CaseCountKey, CountSql> {
  const reports = sql`(${inPeriod(e.reportedAt)} and ${e.reporterId} is not null)`;
  const filed = inPeriod(e.filedAt);
  const due = sql`(${filed} and not ${e.suspended} and not ${e.cancelled} and (${e.handledAt} is not null or ${e.handleDeadline} < ${p.now}))`;
  const closed = sql`(${due} and ${e.closedAt} is not null)`;
  const hotline = anyOf(e.source, p.hotlineSources);
  const toRespond = sql`(${filed} and ${hotline} and ${e.respondDeadline} is not null and (${e.respondedAt} is not null or ${e.respondDeadline} < ${p.now}))`;
  const rated = sql`(${filed} and ${hotline} and ${e.satisfaction} is not null)`;
  const reworkCount = reworks === 'department' ? e.reworksAtDepartment : e.reworks;
  return {
    reports: { where: reports },
    validReports: { where: sql`(${reports} and ${e.valid})` },
    filed: { where: filed },
    publicFiled: { where: sql`(${filed} and ${anyOf(e.source, p.publicSources)})` },
    dueToClose: { where: due },
    closed: { where: closed },
    closedOnTime: { where: sql`(${closed} and ${e.handledAt} is not null and ${e.handledInTime})` },
    handledOnTime: { where: sql`(${due} and ${e.handledAt} is not null and ${e.handledInTime})` },
    reworks: { where: sql`(${due} and ${reworkCount} > 0)`, value: sql`${reworkCount}` },
    hotlineToRespond: { where: toRespond },
    hotlineRespondedOnTime: { where: sql`(${toRespond} and ${e.respondedAt} is not null and ${e.respondedAt} <= ${e.respondDeadline})` },
    hotlineDue: { where: sql`(${due} and ${hotline})` },
    hotlineClosed: { where: sql`(${closed} and ${hotline})` },
    hotlineRated: { where: rated },
    hotlineSatisfied: { where: sql`(${rated} and ${anyOf(e.satisfaction, p.satisfiedLevels)})` },
    escalations: { where: sql`(${filed} and ${e.escalations} > 0)`, value: sql`${e.escalations}` },
  };
}

export const STEP_OF_TASK_COUNT: Record<TaskCountKey, TaskStep> = {
  toIntake: 'intake',
  intakeOnTime: 'intake',
  toVerify: 'verify',
  verifyOnTime: 'verify',
  filings: 'file',
  filingsOnTime: 'file',
  filingsAccurate: 'file',
  toDispatch: 'dispatch',
  dispatchOnTime: 'dispatch',
  dispatchAccurate: 'dispatch',
  toSendCheck: 'sendCheck',
  sendCheckOnTime: 'sendCheck',
  toCheck: 'check',
  checkOnTime: 'check',
  toClose: 'close',
  closeOnTime: 'close',
};

/** One task count as a row condition over eval_tasks (mirrors taskContributions), for listing the rows behind it; the period condition is separate. */
function taskCountSql(key: TaskCountKey): SQL {
  const step = sql`${t.step} = ${sql.raw(`'${STEP_OF_TASK_COUNT[key]}'`)}`;
  // Filing counts only filings made ("filed in time ÷ filed"); every other step counts once due.
  const base = key.startsWith('filings') ? sql`(${step} and ${t.done})` : step;
  if (key.endsWith('OnTime')) return sql`(${base} and ${t.inTime})`;
  if (key.endsWith('Accurate')) return sql`(${base} and not ${t.flag})`;
  return base;
}

const taskInPeriod = (p: CountParams): SQL => sql`(${within(t.settledAt, p)} and ${t.settledAt} <= ${p.now})`;

/** How case facts are grouped: by a place column, by the reporting inspector, or by the inspector whose beat holds the grid. */
export type CaseGroup = 'all' | 'street' | 'community' | 'grid' | 'class' | 'department' | 'reporter' | 'beat';
export type TaskGroup = 'all' | 'street' | 'community' | 'grid' | 'class' | 'person';

function caseGroupKey(g: CaseGroup): SQL {
  switch (g) {
    case 'all':
      return sql.raw(`'all'`);
    case 'street':
      return sql`${e.streetCode}`;
    case 'community':
      return sql`${e.communityCode}`;
    case 'grid':
      return sql`${e.gridCode}`;
    case 'class':
      return sql`${e.kind} || ':' || ${e.classCode}`;
    case 'department':
      return sql`${e.departmentId}::text`;
    case 'reporter':
      return sql`${e.reporterId}::text`;
    case 'beat':
      return sql`${beats.inspectorId}::text`;
  }
}

function taskGroupKey(g: TaskGroup): SQL {
  switch (g) {
    case 'all':
      return sql.raw(`'all'`);
    case 'street':
      return sql`${t.streetCode}`;
    case 'community':
      return sql`${t.communityCode}`;
    case 'grid':
      return sql`${t.gridCode}`;
    case 'class':
      return sql`${t.kind} || ':' || ${t.classCode}`;
    case 'person':
      return sql`${t.personId}::text`;
  }
}

type CountRows = Map<string, Partial<Record<CountKey, number>>>;

function toMap(rows: Record<string, unknown>[]): CountRows {
  const out: CountRows = new Map();
  for (const r of rows) {
    const { key, ...rest } = r;
    out.set(String(key), Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, Number(v)])));
  }
  return out;
}

/**
 * Case counts of a period per group. Only the rows of the period are read: the reports (reported_at) and the filed
 * cohort (filed_at), both indexed.
 */
export async function caseCounts(db: Executor, group: CaseGroup, p: CountParams, keys: readonly CaseCountKey[], departmentId?: string): Promise<CountRows> {
  const defs = caseCountSql(p, group === 'department' ? 'department' : 'all');
  const key = caseGroupKey(group);
  const fields: Record<string, SQL> = { key };
  for (const k of keys) {
    const d = defs[k];
    fields[k] = d.value ? sql`coalesce(sum(${d.value}) filter (where ${d.where}), 0)::int` : sql`(count(*) filter (where ${d.where}))::int`;
  }
  const wantsReports = keys.some((k) => k === 'reports' || k === 'validReports');
  const wantsFiled = keys.some((k) => k !== 'reports' && k !== 'validReports');
  const period = or(wantsReports ? defs.reports.where : undefined, wantsFiled ? defs.filed.where : undefined);
  const where = and(period, sql`${key} is not null`, departmentId ? eq(e.departmentId, departmentId) : undefined);
  const base = db.select(fields).from(e);
  const rows =
    group === 'beat'
      ? await base.innerJoin(grids, eq(grids.code, e.gridCode)).innerJoin(beats, eq(beats.id, grids.beatId)).where(where).groupBy(sql`1`)
      : await base.where(where).groupBy(sql`1`);
  return toMap(rows as Record<string, unknown>[]);
}

/** Task counts of a period per group; `steps` limits the steps read (a person scope reads its role's steps). */
export async function taskCounts(db: Executor, group: TaskGroup, p: CountParams, steps?: readonly TaskStep[]): Promise<CountRows> {
  // Grouping by step as well and counting five flags costs half as much per row as sixteen filtered counts.
  const rows = await db
    .select({
      key: taskGroupKey(group),
      step: t.step,
      due: sql<number>`count(*)::int`,
      onTime: sql<number>`(count(*) filter (where ${t.inTime}))::int`,
      done: sql<number>`(count(*) filter (where ${t.done}))::int`,
      unflagged: sql<number>`(count(*) filter (where not ${t.flag}))::int`,
      doneUnflagged: sql<number>`(count(*) filter (where ${t.done} and not ${t.flag}))::int`,
    })
    .from(t)
    .where(and(taskInPeriod(p), sql`${taskGroupKey(group)} is not null`, steps ? inArray(t.step, [...steps]) : undefined))
    .groupBy(sql`1`, sql`2`);
  const out: CountRows = new Map();
  for (const r of rows) {
    const c = out.get(String(r.key)) ?? {};
    out.set(String(r.key), c);
    const n = { due: Number(r.due), onTime: Number(r.onTime), done: Number(r.done), unflagged: Number(r.unflagged), doneUnflagged: Number(r.doneUnflagged) };
    // The same rules as taskContributions: filing counts filings made; a step in time was done.
    switch (r.step as TaskStep) {
      case 'intake':
        Object.assign(c, { toIntake: n.due, intakeOnTime: n.onTime });
        break;
      case 'verify':
        Object.assign(c, { toVerify: n.due, verifyOnTime: n.onTime });
        break;
      case 'file':
        Object.assign(c, { filings: n.done, filingsOnTime: n.onTime, filingsAccurate: n.doneUnflagged });
        break;
      case 'dispatch':
        Object.assign(c, { toDispatch: n.due, dispatchOnTime: n.onTime, dispatchAccurate: n.unflagged });
        break;
      case 'sendCheck':
        Object.assign(c, { toSendCheck: n.due, sendCheckOnTime: n.onTime });
        break;
      case 'check':
        Object.assign(c, { toCheck: n.due, checkOnTime: n.onTime });
        break;
      case 'close':
        Object.assign(c, { toClose: n.due, closeOnTime: n.onTime });
        break;
    }
  }
  return out;
}

// ------------------------------------------------------------------ the daily rollup
//
// Measured (bench/evaluation.ts, BENCHMARKS.md): counting a year straight from the facts reads every fact of the year
// (a million cases, six million steps) for each of the two periods a ranking compares. The rollup keeps, per scope
// member and Shanghai day, the counts of every fact whose contribution no longer depends on the clock (isLiveCase /
// isLiveTask in src/domain/evaluation/counts.ts), as deltas applied in the transaction that re-derives a case. A period
// then reads its days' rollup rows plus the few live facts (cases awaiting handling or a hotline response, steps still
// running; partial indexes), in one statement, so that a case moving from live to settled is never counted twice.

/** Which rollup rows a scope reads: the case parts, the step parts, or both. */
export type RollupScope = 'all' | 'street' | 'community' | 'grid' | 'class' | 'department' | 'reporter' | 'beat' | 'person';
const CASE_SCOPES: readonly RollupScope[] = ['all', 'street', 'community', 'grid', 'class', 'department', 'reporter', 'beat'];
const TASK_SCOPES: readonly RollupScope[] = ['all', 'street', 'community', 'grid', 'class', 'person'];

/** Bumped when what the rollup holds changes: a different version rebuilds it. */
const ROLLUP_VERSION = 3;
const SHANGHAI = 8 * 3600;

/** The Shanghai day index (days since 1970-01-01, UTC+8) of a timestamp; null stays null. Date arithmetic, no numerics. */
const dayOf = (col: SQL | Column): SQL => sql`(((${col} at time zone 'UTC') + interval '8 hours')::date - date '1970-01-01')`;

/** The Shanghai day index of an instant at a Shanghai midnight, or null when it is not one. */
export function dayIndexAt(d: Date): number | null {
  const ms = d.getTime() + SHANGHAI * 1000;
  return ms % 86_400_000 === 0 ? ms / 86_400_000 : null;
}

/** A case whose counts can change with the clock alone: the generated column eval_cases.live (mirrors isLiveCase). */
export const LIVE_CASE = sql`${e.live}`;

const col = (k: RollupKey) => sql.raw(`"${rollupColumn(k)}"`);
const CASE_ROLLUP_KEYS: readonly RollupKey[] = [...CASE_COUNT_KEYS, ...FLOW_COUNT_KEYS];
const TASK_ROLLUP_KEYS: readonly RollupKey[] = TASK_COUNT_KEYS;
const isCaseRollupKey = (k: RollupKey) => (CASE_ROLLUP_KEYS as readonly string[]).includes(k);

/** Each case appears once per part: by the day it was reported (R), filed (F), first dispatched (D) and closed (C). */
const CASE_PARTS = sql`cross join lateral (values ('R', ${dayOf(e.reportedAt)}), ('F', ${dayOf(e.filedAt)}), ('D', ${dayOf(e.firstDispatchAt)}), ('C', ${dayOf(e.closedAt)})) as part(name, day)`;
/** Filed cases are kept per beat (责任网格) and given to the beat's inspector when read: inspectors change hands more often than grids change beats. */
const BEAT_JOIN = sql`left join ${grids} on ${grids.code} = ${e.gridCode}`;

/** What one case part adds to a count (mirrors caseContributions, with the part's day placing it in a period). */
function caseContribution(k: RollupKey, defs: Record<CaseCountKey, CountSql>): SQL {
  if (k === 'reportedAll') return sql`(part.name = 'R')::int`;
  if (k === 'dispatchedAll') return sql`(part.name = 'D')::int`;
  if (k === 'closedAll') return sql`(part.name = 'C')::int`;
  const d = defs[k as CaseCountKey];
  const part = k === 'reports' || k === 'validReports' ? 'R' : 'F';
  return sql`case when part.name = ${sql.raw(`'${part}'`)} and ${d.where} then ${d.value ?? sql`1`} else 0 end`;
}

/** The key of a case part in a scope (mirrors caseKeyFor): reports belong to their reporter, filed cases to the beat's inspector. */
function caseScopeKey(scope: RollupScope): SQL {
  switch (scope) {
    case 'all':
      return sql`'all'`;
    case 'street':
      return sql`${e.streetCode}`;
    case 'community':
      return sql`${e.communityCode}`;
    case 'grid':
      return sql`${e.gridCode}`;
    case 'class':
      return sql`${e.kind} || ':' || ${e.classCode}`;
    case 'department':
      return sql`${e.departmentId}::text`;
    case 'reporter':
      return sql`case when part.name = 'R' then ${e.reporterId}::text end`;
    case 'beat':
      return sql`case when part.name = 'F' then ${grids.beatId}::text end`;
    case 'person':
      throw new RangeError('cases have no person scope');
  }
}

function taskScopeKey(scope: RollupScope): SQL {
  switch (scope) {
    case 'all':
      return sql`'all'`;
    case 'street':
      return sql`${t.streetCode}`;
    case 'community':
      return sql`${t.communityCode}`;
    case 'grid':
      return sql`${t.gridCode}`;
    case 'class':
      return sql`${t.kind} || ':' || ${t.classCode}`;
    case 'person':
      return sql`${t.personId}::text`;
    default:
      throw new RangeError(`steps have no ${scope} scope`);
  }
}

/** Which facts a rollup change covers: some cases, a range of case ids (a rebuild in slices), or all. */
export type RollupSlice = { ids: string[] } | { idFrom: string; idTo: string | null } | 'all';

function sliceWhere(caseId: Column, slice: RollupSlice): SQL {
  if (slice === 'all') return sql`true`;
  if ('ids' in slice) return inArray(caseId, slice.ids);
  return slice.idTo === null ? sql`${caseId} >= ${slice.idFrom}::uuid` : sql`(${caseId} >= ${slice.idFrom}::uuid and ${caseId} < ${slice.idTo}::uuid)`;
}

export interface RollupSettings {
  publicSources: readonly string[];
  hotlineSources: readonly string[];
  satisfiedLevels: readonly string[];
}

/** What the rollup's counts depend on besides the facts: a change rebuilds it. */
export function rollupFingerprint(s: RollupSettings): string {
  return JSON.stringify({ v: ROLLUP_VERSION, p: [...s.publicSources].sort(), h: [...s.hotlineSources].sort(), s: [...s.satisfiedLevels].sort() });
}

/**
 * Adds (sign 1) or takes away (sign −1) the settled facts of a slice to or from the rollup, for the given scopes.
 * Called with −1 before a case's facts are replaced and +1 after, in the same transaction.
 */
export async function applyRollup(tx: Executor, sign: 1 | -1, slice: RollupSlice, settings: RollupSettings, scopes: readonly RollupScope[] = [...CASE_SCOPES, 'person']): Promise<void> {
  const caseScopes = scopes.filter((s) => CASE_SCOPES.includes(s));
  const taskScopes = scopes.filter((s) => TASK_SCOPES.includes(s));
  if (caseScopes.length) {
    // Non-live facts do not depend on the instant: any will do.
    const p = { ...settings, now: new Date(0) };
    const defs = caseCountSqlWith((c) => sql`${c} is not null`, p, 'all');
    const deptDefs = caseCountSqlWith((c) => sql`${c} is not null`, p, 'department');
    const values = sql.join(caseScopes.map((sc) => sql`(${sc}, ${caseScopeKey(sc)})`), sql`, `);
    const sums = CASE_ROLLUP_KEYS.map((k) =>
      k === 'reworks'
        ? sql`${sign} * sum(case when scope.name = 'department' then ${caseContribution(k, deptDefs)} else ${caseContribution(k, defs)} end)`
        : sql`${sign} * sum(${caseContribution(k, defs)})`,
    );
    await tx.execute(sql`insert into ${evalRollup} as r (scope, day, key, ${sql.join(CASE_ROLLUP_KEYS.map(col), sql`, `)})
      select scope.name, part.day, scope.key, ${sql.join(sums, sql`, `)}
      from ${e} ${caseScopes.includes('beat') ? BEAT_JOIN : sql``} ${CASE_PARTS}
      cross join lateral (values ${values}) as scope(name, key)
      where part.day is not null and scope.key is not null and not ${LIVE_CASE} and ${sliceWhere(e.caseId, slice)}
      group by 1, 2, 3
      on conflict (scope, day, key) do update set ${sql.join(CASE_ROLLUP_KEYS.map((k) => sql`${col(k)} = r.${col(k)} + excluded.${col(k)}`), sql`, `)}`);
  }
  if (taskScopes.length) {
    const values = sql.join(taskScopes.map((sc) => sql`(${sc}, ${taskScopeKey(sc)})`), sql`, `);
    const sums = TASK_ROLLUP_KEYS.map((k) => sql`${sign} * count(*) filter (where ${taskCountSql(k as TaskCountKey)})`);
    await tx.execute(sql`insert into ${evalRollup} as r (scope, day, key, ${sql.join(TASK_ROLLUP_KEYS.map(col), sql`, `)})
      select scope.name, ${dayOf(t.settledAt)}, scope.key, ${sql.join(sums, sql`, `)}
      from ${t} cross join lateral (values ${values}) as scope(name, key)
      where ${t.endedAt} is not null and ${t.settledAt} is not null and scope.key is not null and ${sliceWhere(t.caseId, slice)}
      group by 1, 2, 3
      on conflict (scope, day, key) do update set ${sql.join(TASK_ROLLUP_KEYS.map((k) => sql`${col(k)} = r.${col(k)} + excluded.${col(k)}`), sql`, `)}`);
  }
}

/** Empties the rollup (of some scopes). */
export async function clearRollup(tx: Executor, scopes?: readonly RollupScope[]): Promise<void> {
  await tx.delete(evalRollup).where(scopes ? inArray(evalRollup.scope, [...scopes]) : undefined);
}

/** Builds the rollup (of some scopes) from every fact, in sixteen slices of case ids to keep each statement small. */
export async function buildRollup(tx: Executor, settings: RollupSettings, scopes?: readonly RollupScope[]): Promise<void> {
  // Enough memory to group a slice without spilling to disk, for this transaction only.
  await tx.execute(sql`set local work_mem = '64MB'`);
  const hex = '0123456789abcdef';
  for (let i = 0; i < 16; i++) {
    const idFrom = `${hex[i]}0000000-0000-0000-0000-000000000000`;
    const idTo = i === 15 ? null : `${hex[i + 1]}0000000-0000-0000-0000-000000000000`;
    await applyRollup(tx, 1, i === 0 ? { idFrom: '00000000-0000-0000-0000-000000000000', idTo } : { idFrom, idTo }, settings, scopes);
  }
}

export async function readRollupState(db: Executor): Promise<Map<string, string>> {
  const rows = await db.select().from(evalRollupState);
  return new Map(rows.map((r) => [r.name, r.fingerprint]));
}

export async function saveRollupState(db: Executor, name: 'settings' | 'beats', fingerprint: string, now: Date): Promise<void> {
  await db
    .insert(evalRollupState)
    .values({ name, fingerprint, updatedAt: now })
    .onConflictDoUpdate({ target: evalRollupState.name, set: { fingerprint, updatedAt: now } });
}

/**
 * Which beat holds which grid, as one digest (a sum of 64-bit hashes: no sort, order-free): the beat rows of the rollup
 * were counted with it. Who patrols a beat is looked up when reading, so a change of inspector needs no rebuild.
 */
export async function beatFingerprint(db: Executor): Promise<string> {
  const res = (await db.execute(
    sql`select count(*) || ':' || coalesce(sum(hashtextextended(${grids.code} || ':' || coalesce(${grids.beatId}::text, '-'), 7)::numeric), 0) as f from ${grids}`,
  )) as unknown as { rows: { f: string }[] };
  return res.rows[0].f;
}

export interface RollupQuery {
  scope: RollupScope;
  /** The period: Shanghai midnights (checked by the caller with dayIndexAt). */
  from: Date;
  to: Date;
  now: Date;
  settings: RollupSettings;
  keys: readonly RollupKey[];
  /** Only this member of the scope (not for beats, whose rows are per beat). */
  only?: string;
  /** Group by day (the key is the day index) instead of by member. */
  byDay?: boolean;
}

/**
 * Counts of a period per member of a scope (or per day): the rollup rows of the period's days, plus the live case
 * facts and running steps counted as of `now`, minus settled steps that fall due after `now`. One statement.
 */
export async function rollupCounts(db: Executor, q: RollupQuery): Promise<Map<string, Partial<Record<RollupKey, number>>>> {
  const d0 = dayIndexAt(q.from);
  const d1 = dayIndexAt(q.to);
  if (d0 === null || d1 === null) throw new RangeError('a rollup period starts and ends at Shanghai midnight');
  if (q.scope === 'beat' && q.only !== undefined) throw new RangeError('beat rows are per beat: read them all');
  const caseKeys = CASE_SCOPES.includes(q.scope) ? q.keys.filter(isCaseRollupKey) : [];
  const taskKeys = TASK_SCOPES.includes(q.scope) ? q.keys.filter((k) => !isCaseRollupKey(k)) : [];
  const keys = [...caseKeys, ...taskKeys];
  const zero = (k: RollupKey, present: readonly RollupKey[]) => (present.includes(k) ? null : sql`0`);
  const parts: SQL[] = [];
  const only = (key: SQL) => (q.only === undefined ? sql`true` : sql`${key} = ${q.only}`);

  parts.push(sql`select ${q.byDay ? sql`day::text` : sql`key`} as k, ${sql.join(keys.map(col), sql`, `)} from ${evalRollup}
    where scope = ${q.scope} and day >= ${d0} and day < ${d1} and ${only(sql`key`)}`);

  if (caseKeys.length) {
    const p = { ...q.settings, now: q.now };
    const defs = caseCountSqlWith((c) => sql`${c} is not null`, p, q.scope === 'department' ? 'department' : 'all');
    const key = caseScopeKey(q.scope);
    parts.push(sql`select ${q.byDay ? sql`part.day::text` : key} as k, ${sql.join(keys.map((k) => zero(k, caseKeys) ?? caseContribution(k, defs)), sql`, `)}
      from ${e} ${q.scope === 'beat' ? BEAT_JOIN : sql``} ${CASE_PARTS}
      where ${LIVE_CASE} and part.day >= ${d0} and part.day < ${d1} and ${key} is not null and ${only(key)}`);
  }
  if (taskKeys.length) {
    const key = taskScopeKey(q.scope);
    const contributions = (sign: string) => sql.join(keys.map((k) => zero(k, taskKeys) ?? sql`${sql.raw(sign)}(${taskCountSql(k as TaskCountKey)})::int`), sql`, `);
    const inPeriod = sql`${t.settledAt} >= ${q.from} and ${t.settledAt} < ${q.to}`;
    const k = q.byDay ? sql`${dayOf(t.settledAt)}::text` : key;
    parts.push(sql`select ${k} as k, ${contributions('')} from ${t}
      where ${t.endedAt} is null and ${inPeriod} and ${t.settledAt} <= ${q.now} and ${key} is not null and ${only(key)}`);
    parts.push(sql`select ${k} as k, ${contributions('-')} from ${t}
      where ${t.endedAt} is not null and ${inPeriod} and ${t.settledAt} > ${q.now} and ${key} is not null and ${only(key)}`);
  }
  const sums = sql.join(keys.map((k) => sql`sum(${col(k)})::int as ${col(k)}`), sql`, `);
  const union = sql.join(parts, sql` union all `);
  // Beat rows are per beat: counted for the inspector who patrols the beat now.
  const res = (await db.execute(
    q.scope === 'beat' && !q.byDay
      ? sql`select ${beats.inspectorId}::text as k, ${sums} from (${union}) x join ${beats} on ${beats.id}::text = x.k where ${beats.inspectorId} is not null group by 1`
      : sql`select k, ${sums} from (${union}) x group by k`,
  )) as unknown as { rows: Record<string, unknown>[] };
  const out = new Map<string, Partial<Record<RollupKey, number>>>();
  for (const r of res.rows) {
    const counts: Partial<Record<RollupKey, number>> = {};
    for (const k of keys) counts[k] = Number(r[rollupColumn(k)]);
    out.set(String(r.k), counts);
  }
  return out;
}

// ------------------------------------------------------------------ the cases behind a number

export interface BehindQuery {
  count: CountKey | FlowCountKey;
  scope: ScopeKind;
  id: string | null;
  params: CountParams;
  offset: number;
  limit: number;
}

export interface BehindRow {
  caseId: string;
  number: string;
  state: string;
  kind: string;
  classCode: string;
  streetCode: string | null;
  departmentId: string | null;
  at: Date;
  step: string | null;
  personId: string | null;
  deadline: Date | null;
  doneAt: Date | null;
  inTime: boolean | null;
  reworks: number | null;
}

type PlaceColumns = Record<'streetCode' | 'communityCode' | 'gridCode' | 'kind' | 'classCode', Column>;

function placeWhere(scope: ScopeKind, id: string | null, cols: PlaceColumns): SQL | null {
  switch (scope) {
    case 'all':
      return sql`true`;
    case 'street':
      return eq(cols.streetCode, id!);
    case 'community':
      return eq(cols.communityCode, id!);
    case 'grid':
      return eq(cols.gridCode, id!);
    case 'class': {
      const [kind, code] = id!.split(':');
      return and(eq(cols.kind, kind), eq(cols.classCode, code ?? ''))!;
    }
    default:
      return null;
  }
}

/** Which case facts a scope holds for a count (mirrors caseKeyFor); null when the count means nothing there. */
function caseScopeWhere(scope: ScopeKind, id: string | null, count: CaseCountKey): SQL | null {
  if (scope === 'department') return eq(e.departmentId, id!);
  if (scope === 'inspector') {
    if (count === 'reports' || count === 'validReports') return eq(e.reporterId, id!);
    if (count === 'filed' || count === 'publicFiled') {
      return sql`${e.gridCode} in (select ${grids.code} from ${grids} join ${beats} on ${beats.id} = ${grids.beatId} where ${beats.inspectorId} = ${id})`;
    }
    return null;
  }
  return placeWhere(scope, id, e);
}

/** Which steps a scope holds (mirrors taskKeyFor). */
function taskScopeWhere(scope: ScopeKind, id: string | null): SQL | null {
  if (scope === 'inspector' || scope === 'operator' || scope === 'chief' || scope === 'dispatcher') {
    return and(eq(t.personId, id!), inArray(t.step, [...STEPS_OF_ROLE[scope]]))!;
  }
  if (scope === 'department') return null;
  return placeWhere(scope, id, t);
}

const isCaseCount = (k: string): k is CaseCountKey => (CASE_COUNT_KEYS as readonly string[]).includes(k);
const isFlowCount = (k: string): k is FlowCountKey => (FLOW_COUNT_KEYS as readonly string[]).includes(k);
const FLOW_COLUMN: Record<FlowCountKey, Column> = { reportedAll: e.reportedAt, dispatchedAll: e.firstDispatchAt, closedAll: e.closedAt };

/** The cases (or step runs) that make up one count of one scope in a period, newest first. */
export async function casesBehind(db: Executor, q: BehindQuery): Promise<{ rows: BehindRow[]; total: number }> {
  if (isCaseCount(q.count) || isFlowCount(q.count)) {
    const flow = isFlowCount(q.count) ? FLOW_COLUMN[q.count] : null;
    const def = flow ? { where: within(flow, q.params) } : caseCountSql(q.params, q.scope === 'department' ? 'department' : 'all')[q.count as CaseCountKey];
    // The flow counts (reported, dispatched, closed in the period) belong to places and departments, not to people.
    const scope = flow && q.scope === 'inspector' ? null : caseScopeWhere(q.scope, q.id, flow ? 'dueToClose' : (q.count as CaseCountKey));
    if (!scope) return { rows: [], total: 0 };
    const where = and(def.where, scope);
    const at = flow ?? (q.count === 'reports' || q.count === 'validReports' ? e.reportedAt : e.filedAt);
    const reworks = q.scope === 'department' ? e.reworksAtDepartment : e.reworks;
    const rows = await db
      .select({
        caseId: e.caseId,
        number: cases.number,
        state: cases.state,
        kind: e.kind,
        classCode: e.classCode,
        streetCode: e.streetCode,
        departmentId: e.departmentId,
        at: sql<Date>`${at}`.mapWith(e.reportedAt),
        handledAt: e.handledAt,
        handleDeadline: e.handleDeadline,
        handledInTime: e.handledInTime,
        reworks,
      })
      .from(e)
      .innerJoin(cases, eq(cases.id, e.caseId))
      .where(where)
      .orderBy(desc(at), desc(cases.number))
      .limit(q.limit)
      .offset(q.offset);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(e).where(where);
    return {
      total: Number(n),
      rows: rows.map((r) => ({
        caseId: r.caseId,
        number: r.number,
        state: r.state,
        kind: r.kind,
        classCode: r.classCode,
        streetCode: r.streetCode,
        departmentId: r.departmentId,
        at: r.at,
        step: null,
        personId: null,
        deadline: r.handleDeadline,
        doneAt: r.handledAt,
        inTime: r.handledAt ? r.handledInTime : null,
        reworks: r.reworks,
      })),
    };
  }
  const scope = taskScopeWhere(q.scope, q.id);
  if (!scope) return { rows: [], total: 0 };
  const where = and(taskInPeriod(q.params), taskCountSql(q.count as TaskCountKey), scope);
  const rows = await db
    .select({
      caseId: t.caseId,
      number: cases.number,
      state: cases.state,
      kind: t.kind,
      classCode: t.classCode,
      streetCode: t.streetCode,
      departmentId: cases.departmentId,
      at: t.settledAt,
      step: t.step,
      personId: t.personId,
      deadline: t.deadline,
      doneAt: t.endedAt,
      done: t.done,
      inTime: t.inTime,
    })
    .from(t)
    .innerJoin(cases, eq(cases.id, t.caseId))
    .where(where)
    .orderBy(desc(t.settledAt), desc(cases.number), asc(t.ord))
    .limit(q.limit)
    .offset(q.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(t).where(where);
  return {
    total: Number(n),
    rows: rows.map((r) => ({ ...r, at: r.at!, doneAt: r.done ? r.doneAt : null, reworks: null })),
  };
}

// ------------------------------------------------------------------ names and members of scopes

export interface ScopeEntity {
  id: string;
  nameZh: string;
  nameEn: string;
}

const ROLE_OF: Partial<Record<ScopeKind, string>> = { inspector: 'inspector', operator: 'operator', chief: 'chief', dispatcher: 'dispatcher' };

/** Everyone and everything a ranking lists even without any count (departments, streets, staff of the role). */
export async function scopeMembers(db: Executor, scope: ScopeKind): Promise<ScopeEntity[]> {
  if (scope === 'department') {
    const rows = await db.select({ id: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn }).from(departments).where(eq(departments.active, true));
    return rows;
  }
  if (scope === 'street') {
    const rows = await db.select({ id: streets.code, name: streets.name }).from(streets);
    return rows.map((r) => ({ id: r.id, nameZh: r.name, nameEn: r.name }));
  }
  const role = ROLE_OF[scope];
  if (role) {
    const rows = await db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(and(eq(users.active, true), sql`${role} = any(${users.roles})`));
    return rows.map((r) => ({ id: r.id, nameZh: r.name, nameEn: r.name }));
  }
  return [];
}

/** Display names of scope ids (people, departments, streets, communities, grids, classes). */
export async function scopeNames(db: Executor, scope: ScopeKind, ids: string[]): Promise<Map<string, ScopeEntity>> {
  const out = new Map<string, ScopeEntity>();
  if (ids.length === 0) return out;
  const put = (id: string, zh: string, en = zh) => out.set(id, { id, nameZh: zh, nameEn: en });
  const uuids = ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i));
  switch (scope) {
    case 'all':
      put('all', '全区', 'District');
      break;
    case 'department':
      if (uuids.length) for (const r of await db.select().from(departments).where(inArray(departments.id, uuids))) put(r.id, r.nameZh, r.nameEn);
      break;
    case 'street':
      for (const r of await db.select({ code: streets.code, name: streets.name }).from(streets).where(inArray(streets.code, ids))) put(r.code, r.name);
      break;
    case 'community':
      for (const r of await db.select({ code: communities.code, name: communities.name }).from(communities).where(inArray(communities.code, ids))) put(r.code, r.name);
      break;
    case 'grid':
      for (const r of await db
        .select({ code: grids.code, name: communities.name })
        .from(grids)
        .leftJoin(communities, eq(communities.code, grids.communityCode))
        .where(inArray(grids.code, ids))) {
        put(r.code, `${r.name ?? ''} ${r.code.slice(-3)}`.trim(), `${r.code}`);
      }
      break;
    case 'class': {
      const rows = await db
        .select({ kind: catalogueClasses.kind, code: catalogueClasses.code, zh: catalogueClasses.nameZh, en: catalogueClasses.nameEn })
        .from(catalogueClasses)
        .where(inArray(sql`${catalogueClasses.kind} || ':' || ${catalogueClasses.code}`, ids));
      for (const r of rows) put(`${r.kind}:${r.code}`, r.zh, r.en);
      break;
    }
    default:
      if (uuids.length) for (const r of await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, uuids))) put(r.id, r.name);
  }
  return out;
}

// ------------------------------------------------------------------ the leader dashboard

/** Reported, filed and closed in a period (event counts, not cohorts), optionally for one department. */
export async function flowTotals(db: Executor, from: Date, to: Date, departmentId?: string): Promise<{ reported: number; filed: number; dispatched: number; closed: number }> {
  const inP = (col: Column) => sql`(${col} >= ${from} and ${col} < ${to})`;
  const [r] = await db
    .select({
      reported: sql<number>`(count(*) filter (where ${inP(e.reportedAt)}))::int`,
      filed: sql<number>`(count(*) filter (where ${inP(e.filedAt)}))::int`,
      dispatched: sql<number>`(count(*) filter (where ${inP(e.firstDispatchAt)}))::int`,
      closed: sql<number>`(count(*) filter (where ${inP(e.closedAt)}))::int`,
    })
    .from(e)
    .where(and(or(inP(e.reportedAt), inP(e.filedAt), inP(e.firstDispatchAt), inP(e.closedAt)), departmentId ? eq(e.departmentId, departmentId) : undefined));
  return { reported: Number(r.reported), filed: Number(r.filed), dispatched: Number(r.dispatched), closed: Number(r.closed) };
}

/** Counts per Shanghai day index (days since 1970-01-01 local) of one timestamp column. */
export async function perDay(db: Executor, column: 'reportedAt' | 'filedAt' | 'firstDispatchAt' | 'closedAt', from: Date, to: Date, departmentId?: string): Promise<Map<number, number>> {
  const col = e[column];
  const day = sql<number>`floor((extract(epoch from ${col}) + 28800) / 86400)::int`;
  const rows = await db
    .select({ day, n: sql<number>`count(*)::int` })
    .from(e)
    .where(and(gte(col, from), lt(col, to), departmentId ? eq(e.departmentId, departmentId) : undefined))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [Number(r.day), Number(r.n)]));
}

/** The classes with the most cases filed in a period. */
export async function topClasses(db: Executor, from: Date, to: Date, limit: number, departmentId?: string) {
  const n = sql<number>`count(*)::int`;
  const rows = await db
    .select({ kind: e.kind, classCode: e.classCode, nameZh: catalogueClasses.nameZh, nameEn: catalogueClasses.nameEn, count: n })
    .from(e)
    .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, e.kind), eq(catalogueClasses.code, e.classCode)))
    .where(and(gte(e.filedAt, from), lt(e.filedAt, to), departmentId ? eq(e.departmentId, departmentId) : undefined))
    .groupBy(e.kind, e.classCode, catalogueClasses.nameZh, catalogueClasses.nameEn)
    .orderBy(desc(n), asc(e.kind), asc(e.classCode))
    .limit(limit);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Cases filed in a period per grid or community, with a centroid (WGS84) for a heat map. */
export async function hotSpots(db: Executor, level: 'grid' | 'community', from: Date, to: Date, departmentId?: string) {
  const where = and(gte(e.filedAt, from), lt(e.filedAt, to), departmentId ? eq(e.departmentId, departmentId) : undefined);
  const n = sql<number>`count(*)::int`;
  if (level === 'grid') {
    const rows = await db
      .select({ code: e.gridCode, name: communities.name, lng: grids.centroidLng, lat: grids.centroidLat, count: n })
      .from(e)
      .innerJoin(grids, eq(grids.code, e.gridCode))
      .leftJoin(communities, eq(communities.code, grids.communityCode))
      .where(where)
      .groupBy(e.gridCode, communities.name, grids.centroidLng, grids.centroidLat)
      .orderBy(desc(n));
    return rows.map((r) => ({ code: r.code!, name: `${r.name ?? ''} ${r.code!.slice(-3)}`.trim(), lng: r.lng, lat: r.lat, count: Number(r.count) }));
  }
  const centres = db
    .select({ code: grids.communityCode, lng: sql<number>`avg(${grids.centroidLng})`.as('lng'), lat: sql<number>`avg(${grids.centroidLat})`.as('lat') })
    .from(grids)
    .groupBy(grids.communityCode)
    .as('centres');
  const rows = await db
    .select({ code: e.communityCode, name: communities.name, lng: centres.lng, lat: centres.lat, count: n })
    .from(e)
    .innerJoin(centres, eq(centres.code, e.communityCode))
    .leftJoin(communities, eq(communities.code, e.communityCode))
    .where(where)
    .groupBy(e.communityCode, communities.name, centres.lng, centres.lat)
    .orderBy(desc(n));
  return rows.map((r) => ({ code: r.code!, name: r.name ?? r.code!, lng: Number(r.lng), lat: Number(r.lat), count: Number(r.count) }));
}

const OPEN_CLOCKED = sql`${cases.state} not in ('invalid','cancelled','closed','suspended')`;

/** Open cases whose current step is past its deadline (red light), most overdue first; and how many there are. */
export async function overdueCases(db: Executor, now: Date, limit: number, departmentId?: string) {
  const where = and(OPEN_CLOCKED, lt(cases.stepDeadline, now), departmentId ? eq(cases.departmentId, departmentId) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        id: cases.id,
        number: cases.number,
        state: cases.state,
        kind: cases.kind,
        classCode: cases.classCode,
        className: catalogueClasses.nameZh,
        classNameEn: catalogueClasses.nameEn,
        departmentId: cases.departmentId,
        departmentName: departments.nameZh,
        departmentNameEn: departments.nameEn,
        streetCode: cases.streetCode,
        locationText: cases.locationText,
        stepDeadline: cases.stepDeadline,
      })
      .from(cases)
      .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
      .leftJoin(departments, eq(departments.id, cases.departmentId))
      .where(where)
      .orderBy(asc(cases.stepDeadline), asc(cases.number))
      .limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(cases).where(where),
  ]);
  return { total: Number(n), rows: rows.map((r) => ({ ...r, stepDeadline: r.stepDeadline! })) };
}

/** States of a case being worked on (not finished, not parked): the urgent list and department urges read these. */
export const WORKING_STATES = CASE_STATES.filter((s) => !TERMINAL_STATES.includes(s) && s !== 'suspended');

/** Open cases marked more urgent than normal (urgent, emergency), the nearest deadline first; and how many there are. */
export async function urgentCases(db: Executor, limit: number, departmentId?: string) {
  // By the state index: the open cases are a small share of all.
  const where = and(inArray(cases.state, [...WORKING_STATES]), sql`${cases.urgency} <> 'normal'`, departmentId ? eq(cases.departmentId, departmentId) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        id: cases.id,
        number: cases.number,
        state: cases.state,
        urgency: cases.urgency,
        kind: cases.kind,
        classCode: cases.classCode,
        className: catalogueClasses.nameZh,
        classNameEn: catalogueClasses.nameEn,
        departmentId: cases.departmentId,
        departmentName: departments.nameZh,
        departmentNameEn: departments.nameEn,
        streetCode: cases.streetCode,
        locationText: cases.locationText,
        lng: cases.lng,
        lat: cases.lat,
        reportedAt: cases.createdAt,
        stepDeadline: cases.stepDeadline,
      })
      .from(cases)
      .leftJoin(catalogueClasses, and(eq(catalogueClasses.kind, cases.kind), eq(catalogueClasses.code, cases.classCode)))
      .leftJoin(departments, eq(departments.id, cases.departmentId))
      .where(where)
      .orderBy(sql`${cases.stepDeadline} asc nulls last`, desc(cases.createdAt), asc(cases.number))
      .limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(cases).where(where),
  ]);
  return { total: Number(n), rows };
}

/** The open cases of a department whose current step is past its deadline (what a 督办 to the department is about). */
export async function overdueCaseIdsOf(db: Executor, departmentId: string, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(inArray(cases.state, [...WORKING_STATES]), eq(cases.departmentId, departmentId), lt(cases.stepDeadline, now)))
    .orderBy(asc(cases.stepDeadline))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Cases in handling at each department whose handling deadline has passed now. */
export async function overdueByDepartment(db: Executor, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ departmentId: cases.departmentId, n: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(inArray(cases.state, ['dispatched', 'handling']), lt(cases.stepDeadline, now)))
    .groupBy(cases.departmentId);
  return new Map(rows.filter((r) => r.departmentId).map((r) => [r.departmentId!, Number(r.n)]));
}
