// Counting the facts of a period, as of an evaluation instant, per scope (person, department, area).
// The SQL in src/server/evaluation/evaluation.repository.ts mirrors these predicates one for one.
import type { CaseFacts, TaskFacts } from './facts';
import {
  CASE_COUNT_KEYS,
  emptyCounts,
  STEPS_OF_ROLE,
  TASK_COUNT_KEYS,
  type CaseCountKey,
  type CountKey,
  type Counts,
  type ScopeKind,
  type TaskCountKey,
  type TaskStep,
} from './indicators';

const CASE_COUNT_KEY_LIST: readonly CountKey[] = CASE_COUNT_KEYS;
const TASK_COUNT_KEY_LIST: readonly CountKey[] = TASK_COUNT_KEYS;

export interface CountQuery {
  /** The period [from, to). */
  from: Date;
  to: Date;
  /** The evaluation instant: deadlines passed by then make cases and steps due. */
  now: Date;
  /** Sources that count as "reported by the public" (漏报率, 监督举报率). */
  publicSources: readonly string[];
  /** Sources whose cases get the hotline rates (响应率, 解决率, 满意率). */
  hotlineSources: readonly string[];
  /** Rating levels that count as satisfied. */
  satisfiedLevels: readonly string[];
}

const within = (d: Date | null, q: CountQuery) => d !== null && d.getTime() >= q.from.getTime() && d.getTime() < q.to.getTime();
const before = (d: Date | null, now: Date) => d !== null && d.getTime() < now.getTime();

/**
 * Whether a filed case is due to close (应结案): handled, or its handling limit has passed;
 * suspended (挂账) and cancelled cases never are.
 */
export function isDueToClose(f: CaseFacts, now: Date): boolean {
  if (f.filedAt === null || f.suspended || f.cancelled) return false;
  return f.handledAt !== null || before(f.handleDeadline, now);
}

/** What one case adds to the case counts of a period. `reworks` counts all returns, or those at its last department. */
export function caseContributions(f: CaseFacts, q: CountQuery, reworks: 'all' | 'department' = 'all'): Partial<Record<CaseCountKey, number>> {
  const c: Partial<Record<CaseCountKey, number>> = {};
  if (within(f.reportedAt, q) && f.reporterId !== null) {
    c.reports = 1;
    if (f.valid) c.validReports = 1;
  }
  if (!within(f.filedAt, q)) return c;
  c.filed = 1;
  if (f.escalations > 0) c.escalations = f.escalations;
  if (q.publicSources.includes(f.source)) c.publicFiled = 1;
  const due = isDueToClose(f, q.now);
  const closed = due && f.closedAt !== null;
  if (due) {
    c.dueToClose = 1;
    if (closed) c.closed = 1;
    if (closed && f.handledAt !== null && f.handledInTime) c.closedOnTime = 1;
    if (f.handledAt !== null && f.handledInTime) c.handledOnTime = 1;
    c.reworks = reworks === 'department' ? f.reworksAtDepartment : f.reworks;
  }
  if (q.hotlineSources.includes(f.source)) {
    if (f.respondDeadline !== null && (f.respondedAt !== null || before(f.respondDeadline, q.now))) {
      c.hotlineToRespond = 1;
      if (f.respondedAt !== null && f.respondedAt.getTime() <= f.respondDeadline.getTime()) c.hotlineRespondedOnTime = 1;
    }
    if (due) c.hotlineDue = 1;
    if (closed) c.hotlineClosed = 1;
    if (f.satisfaction !== null) {
      c.hotlineRated = 1;
      if (q.satisfiedLevels.includes(f.satisfaction)) c.hotlineSatisfied = 1;
    }
  }
  return c;
}

const TASK_KEYS: Record<TaskStep, { due: TaskCountKey; onTime: TaskCountKey }> = {
  intake: { due: 'toIntake', onTime: 'intakeOnTime' },
  verify: { due: 'toVerify', onTime: 'verifyOnTime' },
  file: { due: 'filings', onTime: 'filingsOnTime' },
  dispatch: { due: 'toDispatch', onTime: 'dispatchOnTime' },
  sendCheck: { due: 'toSendCheck', onTime: 'sendCheckOnTime' },
  check: { due: 'toCheck', onTime: 'checkOnTime' },
  close: { due: 'toClose', onTime: 'closeOnTime' },
};

/** Whether a step counts in the period: it fell due inside it, by the evaluation instant. */
export function taskCounts(t: TaskFacts, q: CountQuery): boolean {
  return t.settledAt !== null && within(t.settledAt, q) && t.settledAt.getTime() <= q.now.getTime();
}

/** What one step adds to the task counts of a period. */
export function taskContributions(t: TaskFacts, q: CountQuery): Partial<Record<TaskCountKey, number>> {
  if (!taskCounts(t, q)) return {};
  // "Filed in time ÷ filed" (DOMAIN.md §6): filing counts only filings made; the other steps count once due.
  if (t.step === 'file' && !t.done) return {};
  const keys = TASK_KEYS[t.step];
  const c: Partial<Record<TaskCountKey, number>> = { [keys.due]: 1 };
  if (t.inTime) c[keys.onTime] = 1;
  if (t.step === 'file' && !t.flag) c.filingsAccurate = 1;
  if (t.step === 'dispatch' && !t.flag) c.dispatchAccurate = 1;
  return c;
}

/** Looks up what the facts do not hold: the inspector whose beat (责任网格) holds a grid. */
export interface ScopeLookups {
  beatInspectorOf?: (gridCode: string | null) => string | null;
}

type Place = Pick<CaseFacts, 'streetCode' | 'communityCode' | 'gridCode' | 'kind' | 'classCode' | 'departmentId'>;

/** The key of a class scope: kind and code, since a component and a matter may share a code. */
export function classKey(kind: string, classCode: string): string {
  return `${kind}:${classCode}`;
}

function placeKey(scope: ScopeKind, f: Place): string | null {
  switch (scope) {
    case 'all':
      return 'all';
    case 'street':
      return f.streetCode;
    case 'community':
      return f.communityCode;
    case 'grid':
      return f.gridCode;
    case 'class':
      return classKey(f.kind, f.classCode);
    case 'department':
      return f.departmentId;
    default:
      return null;
  }
}

/** The scope key a case count belongs to, or null when the count means nothing for that kind of scope. */
export function caseKeyFor(scope: ScopeKind, key: CaseCountKey, f: CaseFacts, lookups: ScopeLookups = {}): string | null {
  if (scope === 'inspector') {
    if (key === 'reports' || key === 'validReports') return f.reporterId;
    if (key === 'filed' || key === 'publicFiled') return lookups.beatInspectorOf?.(f.gridCode) ?? null;
    return null;
  }
  return placeKey(scope, f);
}

/** The scope key a step belongs to: its person for the person scopes (when the step is that role's), else its case's place. */
export function taskKeyFor(scope: ScopeKind, t: TaskFacts, c: CaseFacts): string | null {
  const steps = (STEPS_OF_ROLE as Partial<Record<ScopeKind, readonly TaskStep[]>>)[scope];
  if (steps) return steps.includes(t.step) ? t.personId : null;
  if (scope === 'department') return null; // departments are judged on handling, not on the centre's steps
  return placeKey(scope, c);
}

/** Counts every fact of the period into its scope. */
export function countBy(scope: ScopeKind, facts: readonly CaseFacts[], tasks: readonly TaskFacts[], q: CountQuery, lookups: ScopeLookups = {}): Map<string, Counts> {
  const out = new Map<string, Counts>();
  const add = (key: string | null, k: keyof Counts, n: number) => {
    if (key === null || n === 0) return;
    let c = out.get(key);
    if (!c) out.set(key, (c = emptyCounts()));
    c[k] += n;
  };
  const byId = new Map(facts.map((f) => [f.caseId, f]));
  for (const f of facts) {
    const contributions = caseContributions(f, q, scope === 'department' ? 'department' : 'all');
    for (const [k, n] of Object.entries(contributions) as [CaseCountKey, number][]) add(caseKeyFor(scope, k, f, lookups), k, n);
  }
  for (const t of tasks) {
    const f = byId.get(t.caseId);
    if (!f) continue;
    const key = taskKeyFor(scope, t, f);
    for (const [k, n] of Object.entries(taskContributions(t, q)) as [TaskCountKey, number][]) add(key, k, n);
  }
  return out;
}

// ------------------------------------------------------------------ what a daily rollup may keep
//
// A period's counts are sums over facts, and most facts stop depending on the clock once they are recorded: a handled
// case is due for good, a step that ended fell due when it ended (or at its deadline). Those can be added up per day in
// advance (the server's eval_rollup). The rest, "live" facts, are counted as of the evaluation instant: cases filed and
// not yet handled (due once their deadline passes), hotline cases not yet responded to, and steps still running.

/** Whether a case's contribution can change with the evaluation instant alone, without a new event. */
export function isLiveCase(f: CaseFacts): boolean {
  const awaitingHandling = f.filedAt !== null && !f.suspended && !f.cancelled && f.handledAt === null && f.handleDeadline !== null;
  const awaitingResponse = f.respondDeadline !== null && f.respondedAt === null;
  return awaitingHandling || awaitingResponse;
}

/** Whether a step is still running (it counts once its deadline has passed). */
export function isLiveTask(t: TaskFacts): boolean {
  return t.endedAt === null;
}

/**
 * The counts of a period computed the way the rollup does: the settled facts counted without regard to the clock, the
 * live ones as of `q.now`, minus settled steps that fall due after `q.now` (an evaluation instant before a step ended:
 * only in tests that move the clock back). Equal to `countBy` for every scope: see the property tests.
 */
export function countBySplit(scope: ScopeKind, facts: readonly CaseFacts[], tasks: readonly TaskFacts[], q: CountQuery, lookups: ScopeLookups = {}): Map<string, Counts> {
  const never = new Date(8.64e15);
  const settledCases = countBy(scope, facts.filter((f) => !isLiveCase(f)), [], { ...q, now: never }, lookups);
  const settledTasks = countBy(scope, facts, tasks.filter((t) => !isLiveTask(t)), { ...q, now: never }, lookups);
  const liveCases = countBy(scope, facts.filter(isLiveCase), [], q, lookups);
  const running = countBy(scope, facts, tasks.filter(isLiveTask), q, lookups);
  const future = countBy(scope, facts, tasks.filter((t) => !isLiveTask(t) && t.settledAt !== null && t.settledAt.getTime() > q.now.getTime()), { ...q, now: never }, lookups);
  // The step parts also count every case (the steps need their case's place): keep only their step counts.
  const out = new Map<string, Counts>();
  const add = (m: Map<string, Counts>, sign: 1 | -1, keys: readonly CountKey[]) => {
    for (const [k, c] of m) {
      const o = out.get(k) ?? emptyCounts();
      for (const key of keys) o[key] += sign * c[key];
      out.set(k, o);
    }
  };
  add(settledCases, 1, CASE_COUNT_KEY_LIST);
  add(settledTasks, 1, TASK_COUNT_KEY_LIST);
  add(liveCases, 1, CASE_COUNT_KEY_LIST);
  add(running, 1, TASK_COUNT_KEY_LIST);
  add(future, -1, TASK_COUNT_KEY_LIST);
  for (const [k, c] of out) if (Object.values(c).every((n) => n === 0)) out.delete(k);
  return out;
}
