// 督查督办: a plan task's progress against its target, its status against the milestone curve, and the roll-up of
// sections and the whole plan. Pure: days are 'YYYY-MM-DD' (Asia/Shanghai), the instant is passed in.
import { dayToIndex, localDayIndex, tryDayIndex } from '../calendar/shanghai-time';

/** at_least: the figure must reach the target (jobs, m²); at_most: it must stay under it (unemployment rate). */
export type Direction = 'at_least' | 'at_most';
/**
 * cumulative: the figure grows over the period towards the target (households relocated, m² demolished), so there is
 * a curve of what is expected by each day; level: a rate or ceiling that must hold (sweeping ≥ 85 %, unemployment < 4 %).
 */
export type TargetKind = 'cumulative' | 'level';

export interface Target {
  value: number;
  unit: string;
  direction: Direction;
  kind: TargetKind;
}

/** 节点目标: by this day, this much (value), or this done (text). */
export interface Milestone {
  on: string;
  value: number | null;
  text: string | null;
}

export interface TaskTerms {
  target: Target;
  /** When the work starts counting (the plan's first day). */
  startOn: string;
  /** 完成时限: the last day, inclusive. */
  deadline: string;
  milestones: readonly Milestone[];
}

/** What is known of the task now: the latest figure (reported or measured) and whether the department declared it complete. */
export interface TaskFigure {
  value: number | null;
  completed: boolean;
}

export const TASK_STATUSES = ['done', 'overdue', 'lagging', 'on_track'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Worst first: the order a board sorts and a section's light takes. */
const SEVERITY: Record<TaskStatus, number> = { overdue: 3, lagging: 2, on_track: 1, done: 0 };

export function isDay(day: string): boolean {
  return tryDayIndex(day) !== null;
}

/** Whether a figure meets the target. */
export function meets(target: Pick<Target, 'value' | 'direction'>, value: number | null): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return target.direction === 'at_least' ? value >= target.value : value <= target.value;
}

/**
 * How far the task is, 0…1. at_least: value ÷ target (capped); at_most: 1 when under the ceiling, else ceiling ÷ value.
 * Nothing known yet is 0; a task declared complete is 1.
 */
export function taskProgress(target: Pick<Target, 'value' | 'direction'>, figure: TaskFigure): number {
  if (figure.completed) return 1;
  const v = figure.value;
  if (v === null || !Number.isFinite(v)) return 0;
  if (meets(target, v)) return 1;
  if (target.direction === 'at_least') return target.value <= 0 ? 1 : clamp01(v / target.value);
  return v <= 0 ? 1 : clamp01(target.value / v);
}

/**
 * The milestone curve of a cumulative at_least target: what should have been reached by `day`. Straight lines through
 * (start, 0), each milestone that has a value, and (deadline, target); flat before the start and after the deadline.
 * For a level target the expectation is the target itself throughout.
 */
export function expectedBy(terms: TaskTerms, day: string): number {
  const t = terms.target;
  if (t.kind === 'level' || t.direction === 'at_most') return t.value;
  const points: [number, number][] = [[dayToIndex(terms.startOn), 0]];
  for (const m of [...terms.milestones].sort((a, b) => a.on.localeCompare(b.on))) {
    if (m.value !== null && Number.isFinite(m.value)) points.push([dayToIndex(m.on), m.value]);
  }
  points.push([dayToIndex(terms.deadline), t.value]);
  points.sort((a, b) => a[0] - b[0]);
  const d = dayToIndex(day);
  if (d <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [d1, v1] = points[i];
    const [d0, v0] = points[i - 1];
    if (d <= d1) return d1 === d0 ? v1 : v0 + ((v1 - v0) * (d - d0)) / (d1 - d0);
  }
  return points[points.length - 1][1];
}

/** The milestones whose day has come (on or before `day`) and the next one ahead. */
export function milestonesAt(terms: Pick<TaskTerms, 'milestones'>, day: string): { passed: Milestone[]; next: Milestone | null } {
  const sorted = [...terms.milestones].sort((a, b) => a.on.localeCompare(b.on));
  return { passed: sorted.filter((m) => m.on <= day), next: sorted.find((m) => m.on > day) ?? null };
}

export interface TaskState {
  status: TaskStatus;
  progress: number;
  /** What the milestone curve asks for today (cumulative targets), or the target (level targets). */
  expected: number;
  /** Whole days past the deadline (overdue), else 0. */
  daysOverdue: number;
  /** Days left until the deadline (0 on the day itself), null once past. */
  daysLeft: number | null;
}

/**
 * Where a task stands as of an instant.
 * - done: a cumulative target reached (or the department declared the task complete); a level target that held on the
 *   deadline's passing (while the period runs, a level target that holds is on track: it may still slip).
 * - overdue: the deadline (24:00 Beijing time of its day) has passed and the task is not done.
 * - lagging: behind the milestone curve (cumulative), or a level target not held now.
 * - on_track: otherwise.
 */
export function taskState(terms: TaskTerms, figure: TaskFigure, asOf: Date): TaskState {
  const today = localDayIndex(asOf);
  const deadline = dayToIndex(terms.deadline);
  const day = dayFromIndex(today);
  const expected = expectedBy(terms, day);
  const progress = taskProgress(terms.target, figure);
  const t = terms.target;
  const level = t.kind === 'level' || t.direction === 'at_most';
  const met = meets(t, figure.value);
  const past = today > deadline;
  const daysOverdue = past ? today - deadline : 0;
  const daysLeft = past ? null : deadline - today;
  let status: TaskStatus;
  if (figure.completed || (!level && met) || (level && past && met)) status = 'done';
  else if (past) status = 'overdue';
  else if (level ? figure.value !== null && !met : (figure.value ?? 0) < expected - 1e-9) status = 'lagging';
  else status = 'on_track';
  return { status, progress, expected, daysOverdue: status === 'overdue' ? daysOverdue : 0, daysLeft };
}

export interface RollUp {
  tasks: number;
  /** Mean progress of the tasks, 0…1 (each task counts the same). */
  progress: number;
  byStatus: Record<TaskStatus, number>;
  /** The worst status among the tasks (overdue > lagging > on track > done); null for no tasks. */
  worst: TaskStatus | null;
}

/** Roll tasks (or sections' tasks) up into one figure: a section, the whole plan, a department's share. */
export function rollUp(tasks: readonly Pick<TaskState, 'status' | 'progress'>[]): RollUp {
  const byStatus: Record<TaskStatus, number> = { done: 0, overdue: 0, lagging: 0, on_track: 0 };
  let sum = 0;
  let worst: TaskStatus | null = null;
  for (const t of tasks) {
    byStatus[t.status] += 1;
    sum += t.progress;
    if (worst === null || SEVERITY[t.status] > SEVERITY[worst]) worst = t.status;
  }
  return { tasks: tasks.length, progress: tasks.length ? sum / tasks.length : 0, byStatus, worst };
}

/** Worst first, then by deadline. */
export function compareStatus(a: TaskStatus, b: TaskStatus): number {
  return SEVERITY[b] - SEVERITY[a];
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function dayFromIndex(i: number): string {
  return new Date(i * 86_400_000).toISOString().slice(0, 10);
}
