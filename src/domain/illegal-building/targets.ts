// The plan's two illegal-building targets for a year: demolish N m² of existing (存量) illegal building, by month and by
// street; and zero growth of new (新增) illegal building: every new one found this year dealt with, promptly.
import type { BuildingState } from './machine';
import { STANDING_STATES } from './machine';

/** 存量: stood before the baseline (the plan's census); 新增: built since. */
export type BuildingStock = 'existing' | 'new';

/** The targets of one year, configured by the district. */
export interface YearTargets {
  year: number;
  /** m² of existing illegal building to demolish in the year (the 2018 plan: 100,000). */
  demolishM2: number;
  /** A new illegal building counts as dealt with promptly when resolved within this many days of being found. */
  newDealWithinDays: number;
}

export const DEFAULT_YEAR_TARGETS = (year: number): YearTargets => ({ year, demolishM2: 100_000, newDealWithinDays: 30 });

/** One demolition (whole or partial) as recorded on the register. */
export interface DemolitionRecord {
  on: string; // 'YYYY-MM-DD'
  areaM2: number;
  stock: BuildingStock;
  streetCode: string | null;
}

export type TargetStatus = 'met' | 'on_track' | 'behind' | 'missed';

export interface MonthPoint {
  month: string; // 'YYYY-MM'
  existingM2: number;
  newM2: number;
  /** Existing stock demolished from 1 January to the end of the month; null for months still to come. */
  cumulativeExistingM2: number | null;
  /** The even-pace line: the target × months gone ÷ 12. */
  planM2: number;
}

export interface DemolitionProgress {
  year: number;
  targetM2: number;
  /** Existing stock demolished in the year. */
  doneM2: number;
  /** New building demolished in the year (counts for zero growth, not for the stock target). */
  newDoneM2: number;
  share: number;
  /** Share of the year gone by the end of `today`. */
  expectedShare: number;
  status: TargetStatus;
  byMonth: MonthPoint[];
  byStreet: { streetCode: string | null; existingM2: number; newM2: number; demolitions: number }[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Day of the year (1-based) of 'YYYY-MM-DD'. */
function dayOfYear(day: string): number {
  const y = Number(day.slice(0, 4));
  return Math.round((Date.UTC(y, Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
}

/** Share of `year` gone by the end of `today` (0 before, 1 after). */
export function yearElapsed(year: number, today: string): number {
  const ty = Number(today.slice(0, 4));
  if (ty < year) return 0;
  if (ty > year) return 1;
  return dayOfYear(today) / (isLeap(year) ? 366 : 365);
}

/** Progress of the stock target: demolished m² of existing illegal building in the year, by month and by street. */
export function demolitionProgress(records: readonly DemolitionRecord[], targets: YearTargets, today: string): DemolitionProgress {
  const y = String(targets.year);
  const inYear = records.filter((r) => r.on.slice(0, 4) === y);
  const months = Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
  const lastMonth = today.slice(0, 4) === y ? today.slice(0, 7) : today.slice(0, 4) > y ? `${y}-12` : null;
  let cumulative = 0;
  const byMonth: MonthPoint[] = months.map((month, i) => {
    const these = inYear.filter((r) => r.on.slice(0, 7) === month);
    const existingM2 = round1(these.filter((r) => r.stock === 'existing').reduce((s, r) => s + r.areaM2, 0));
    const newM2 = round1(these.filter((r) => r.stock === 'new').reduce((s, r) => s + r.areaM2, 0));
    cumulative = round1(cumulative + existingM2);
    return { month, existingM2, newM2, cumulativeExistingM2: lastMonth !== null && month <= lastMonth ? cumulative : null, planM2: round1((targets.demolishM2 * (i + 1)) / 12) };
  });
  const streets = new Map<string | null, { existingM2: number; newM2: number; demolitions: number }>();
  for (const r of inYear) {
    const s = streets.get(r.streetCode) ?? { existingM2: 0, newM2: 0, demolitions: 0 };
    if (r.stock === 'existing') s.existingM2 += r.areaM2;
    else s.newM2 += r.areaM2;
    s.demolitions++;
    streets.set(r.streetCode, s);
  }
  const doneM2 = round1(inYear.filter((r) => r.stock === 'existing').reduce((s, r) => s + r.areaM2, 0));
  const newDoneM2 = round1(inYear.filter((r) => r.stock === 'new').reduce((s, r) => s + r.areaM2, 0));
  const share = targets.demolishM2 > 0 ? doneM2 / targets.demolishM2 : 1;
  const expectedShare = yearElapsed(targets.year, today);
  const ended = expectedShare >= 1 && today.slice(0, 4) > y;
  const status: TargetStatus = share >= 1 ? 'met' : ended ? 'missed' : share >= expectedShare ? 'on_track' : 'behind';
  return {
    year: targets.year,
    targetM2: targets.demolishM2,
    doneM2,
    newDoneM2,
    share,
    expectedShare,
    status,
    byMonth,
    byStreet: [...streets.entries()]
      .map(([streetCode, s]) => ({ streetCode, existingM2: round1(s.existingM2), newM2: round1(s.newM2), demolitions: s.demolitions }))
      .sort((a, b) => b.existingM2 + b.newM2 - (a.existingM2 + a.newM2)),
  };
}

/** What zero growth reads of a register entry. */
export interface GrowthEntry {
  id: string;
  stock: BuildingStock;
  state: BuildingState;
  foundOn: string;
  /** Day it reached a terminal state (demolished, confiscated, retained, dismissed). */
  closedOn: string | null;
}

export interface ZeroGrowth {
  year: number;
  /** New illegal buildings found in the year (dismissed entries are not illegal buildings and are left out). */
  found: number;
  /** Of those, resolved (demolished, confiscated or retained with a penalty). */
  dealt: number;
  /** Of those, resolved within the target days. */
  dealtInTime: number;
  /** Still standing unresolved: the ids, oldest first, with their age in days. */
  standing: { id: string; foundOn: string; days: number; overdue: boolean }[];
  /** Days from found to resolved, over the resolved ones. */
  averageDays: number | null;
  medianDays: number | null;
  maxDays: number | null;
  withinDays: number;
  /**
   * met: every new one found is resolved (and the year is over or all in time); on_track: some still stand but none
   * longer than the target days; behind: one stands longer than the target days.
   */
  status: TargetStatus;
}

const dayNum = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** Zero growth of new illegal building in the year. */
export function zeroGrowth(entries: readonly GrowthEntry[], targets: YearTargets, today: string): ZeroGrowth {
  const y = String(targets.year);
  const found = entries.filter((e) => e.stock === 'new' && e.foundOn.slice(0, 4) === y && e.state !== 'dismissed');
  const resolved = found.filter((e) => !STANDING_STATES.includes(e.state) && e.closedOn);
  const days = resolved.map((e) => dayNum(e.closedOn!) - dayNum(e.foundOn)).sort((a, b) => a - b);
  const standing = found
    .filter((e) => STANDING_STATES.includes(e.state))
    .map((e) => {
      const d = dayNum(today) - dayNum(e.foundOn);
      return { id: e.id, foundOn: e.foundOn, days: d, overdue: d > targets.newDealWithinDays };
    })
    .sort((a, b) => b.days - a.days);
  const median = days.length ? (days.length % 2 ? days[(days.length - 1) / 2] : (days[days.length / 2 - 1] + days[days.length / 2]) / 2) : null;
  const dealtInTime = days.filter((d) => d <= targets.newDealWithinDays).length;
  const status: TargetStatus = standing.some((s) => s.overdue)
    ? today.slice(0, 4) > y
      ? 'missed'
      : 'behind'
    : standing.length === 0
      ? 'met'
      : today.slice(0, 4) > y
        ? 'missed'
        : 'on_track';
  return {
    year: targets.year,
    found: found.length,
    dealt: resolved.length,
    dealtInTime,
    standing,
    averageDays: days.length ? round1(days.reduce((s, d) => s + d, 0) / days.length) : null,
    medianDays: median,
    maxDays: days.length ? days[days.length - 1] : null,
    withinDays: targets.newDealWithinDays,
    status,
  };
}
