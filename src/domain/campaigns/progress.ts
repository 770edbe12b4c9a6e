// Campaign progress against its targets: counts of the cases in scope, the closure rate, the daily series, target status.

/** What progress reads of a case in scope. */
export interface ProgressCase {
  state: string;
  reportedAt: Date;
  closedAt: Date | null;
}

export interface CampaignCounts {
  /** Every case tagged to the campaign. */
  reported: number;
  /** Not yet closed and not void (includes suspended). */
  open: number;
  closed: number;
  /** 挂账: long-term cases, left out of the closure rate as in the evaluation. */
  suspended: number;
  /** Found untrue, duplicate or cancelled. */
  void: number;
}

const VOID_STATES = new Set(['invalid', 'cancelled']);

export function countCases(cases: readonly Pick<ProgressCase, 'state'>[]): CampaignCounts {
  return countByState(cases.map((c) => ({ state: c.state, n: 1 })));
}

/** The same counts from (state, number of cases) pairs, e.g. a GROUP BY. */
export function countByState(groups: readonly { state: string; n: number }[]): CampaignCounts {
  const n: CampaignCounts = { reported: 0, open: 0, closed: 0, suspended: 0, void: 0 };
  for (const g of groups) {
    n.reported += g.n;
    if (g.state === 'closed') n.closed += g.n;
    else if (VOID_STATES.has(g.state)) n.void += g.n;
    else {
      n.open += g.n;
      if (g.state === 'suspended') n.suspended += g.n;
    }
  }
  return n;
}

/**
 * 结案率 of a campaign: closed ÷ (closed + open − suspended), i.e. closed over the valid cases still on the clock or
 * done. Void reports are not problems; suspended (挂账) cases are out of the metrics until resumed. Null when there is
 * nothing to divide by.
 */
export function closureRate(n: CampaignCounts): number | null {
  const due = n.closed + n.open - n.suspended;
  return due > 0 ? n.closed / due : null;
}

// ---------------------------------------------------------------- days

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const dayStr = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** 'YYYY-MM-DD' plus n days. */
export function addDays(day: string, n: number): string {
  return dayStr(dayMs(day) + n * DAY_MS);
}

/** Whole days from a to b ('YYYY-MM-DD'); negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayMs(b) - dayMs(a)) / DAY_MS);
}

/** The share of the period gone by the end of `today` (0 before it starts, 1 after it ends). */
export function elapsedShare(startDate: string, endDate: string, today: string): number {
  const total = daysBetween(startDate, endDate) + 1;
  const gone = daysBetween(startDate, today) + 1;
  return Math.min(1, Math.max(0, gone / total));
}

export interface DayPoint {
  day: string;
  reported: number;
  closed: number;
  /** Totals up to and including the day. */
  reportedToDate: number;
  closedToDate: number;
}

/**
 * Reported and closed cases per Shanghai day from the start of the period to its end or `today`, whichever is first.
 * `dayOf` turns an instant into its Shanghai day (the calendar module's shanghaiDay).
 */
export function dailySeries(cases: readonly ProgressCase[], startDate: string, endDate: string, today: string, dayOf: (d: Date) => string): DayPoint[] {
  const last = today < endDate ? today : endDate;
  if (last < startDate) return [];
  const reported = new Map<string, number>();
  const closed = new Map<string, number>();
  let reportedBefore = 0;
  let closedBefore = 0;
  for (const c of cases) {
    const r = dayOf(c.reportedAt);
    if (r < startDate) reportedBefore++;
    else reported.set(r, (reported.get(r) ?? 0) + 1);
    if (c.state === 'closed' && c.closedAt) {
      const d = dayOf(c.closedAt);
      if (d < startDate) closedBefore++;
      else closed.set(d, (closed.get(d) ?? 0) + 1);
    }
  }
  const out: DayPoint[] = [];
  let rt = reportedBefore;
  let ct = closedBefore;
  for (let day = startDate; day <= last; day = addDays(day, 1)) {
    const r = reported.get(day) ?? 0;
    const c = closed.get(day) ?? 0;
    rt += r;
    ct += c;
    out.push({ day, reported: r, closed: c, reportedToDate: rt, closedToDate: ct });
  }
  return out;
}

// ---------------------------------------------------------------- targets

export interface CampaignTargets {
  /** Problems to deal with (cases closed) over the campaign; null when the campaign sets no count. */
  count: number | null;
  /** Closure rate to reach, 0–1. */
  closureRate: number | null;
  /** Highest acceptable recurrence rate, 0–1. */
  recurrenceRate: number | null;
}

/**
 * met: reached (for rates: holding at the end of the period); on_track: not yet reached but keeping pace (counts: the
 * share done is at least the share of the period gone; rates: holding now); behind: not keeping pace; missed: the period
 * is over and it was not reached; none: no target set.
 */
export type TargetStatus = 'met' | 'on_track' | 'behind' | 'missed' | 'none';

export interface TargetProgress {
  target: number | null;
  actual: number | null;
  status: TargetStatus;
}

export interface TargetReport {
  /** Share of the period gone, 0–1. */
  elapsed: number;
  count: TargetProgress & { share: number | null };
  closureRate: TargetProgress;
  recurrenceRate: TargetProgress;
}

function rateStatus(target: number | null, actual: number | null, higherIsBetter: boolean, ended: boolean): TargetStatus {
  if (target === null) return 'none';
  if (actual === null) return ended ? 'missed' : 'on_track';
  const ok = higherIsBetter ? actual >= target : actual <= target;
  if (ended) return ok ? 'met' : 'missed';
  return ok ? 'on_track' : 'behind';
}

/** Where the campaign stands against each of its targets on `today`. */
export function targetReport(
  targets: CampaignTargets,
  actual: { closed: number; closureRate: number | null; recurrenceRate: number | null },
  period: { startDate: string; endDate: string },
  today: string,
): TargetReport {
  const elapsed = elapsedShare(period.startDate, period.endDate, today);
  const ended = today > period.endDate;
  let count: TargetReport['count'];
  if (targets.count === null || targets.count <= 0) {
    count = { target: targets.count, actual: actual.closed, share: null, status: 'none' };
  } else {
    const share = actual.closed / targets.count;
    const status: TargetStatus = share >= 1 ? 'met' : ended ? 'missed' : share >= elapsed ? 'on_track' : 'behind';
    count = { target: targets.count, actual: actual.closed, share, status };
  }
  return {
    elapsed,
    count,
    closureRate: { target: targets.closureRate, actual: actual.closureRate, status: rateStatus(targets.closureRate, actual.closureRate, true, ended) },
    recurrenceRate: { target: targets.recurrenceRate, actual: actual.recurrenceRate, status: rateStatus(targets.recurrenceRate, actual.recurrenceRate, false, ended) },
  };
}
