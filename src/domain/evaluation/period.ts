// Evaluation periods in Asia/Shanghai local time: day, week (Monday first), month, quarter, year, or custom days.
import { dayIndexStart, dayIndexToString, dayToIndex, weekdayOfIndex } from '../calendar/shanghai-time';

export const PERIOD_KINDS = ['day', 'week', 'month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** [from, to) as instants. */
  from: Date;
  to: Date;
  /** First and last local day, inclusive. */
  firstDay: string;
  lastDay: string;
  /** 2026-11-16, 2026-W47, 2026-11, 2026-Q4, 2026, or 2026-11-01~2026-11-15. */
  label: string;
}

function ymd(day: string): [number, number, number] {
  dayToIndex(day); // validates
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

const dayOf = (y: number, m: number, d = 1) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Month arithmetic on (year, month 1–12). */
function addMonths(y: number, m: number, n: number): [number, number] {
  const i = y * 12 + (m - 1) + n;
  return [Math.floor(i / 12), (i % 12) + 1];
}

function make(kind: PeriodKind, first: number, endExclusive: number, label: string): Period {
  return {
    kind,
    from: dayIndexStart(first),
    to: dayIndexStart(endExclusive),
    firstDay: dayIndexToString(first),
    lastDay: dayIndexToString(endExclusive - 1),
    label,
  };
}

/** ISO 8601 week-numbering year and week of a day index (weeks start on Monday). */
function isoWeek(dayIndex: number): [number, number] {
  const thursday = dayIndex - ((weekdayOfIndex(dayIndex) + 6) % 7) + 3;
  const year = Number(dayIndexToString(thursday).slice(0, 4));
  const jan1 = dayToIndex(dayOf(year, 1, 1));
  return [year, Math.floor((thursday - jan1) / 7) + 1];
}

/**
 * The period of a kind that contains `day` ('YYYY-MM-DD'). For 'custom', `day` is the first day and `lastDay`
 * the last (inclusive).
 */
export function periodOf(kind: PeriodKind, day: string, lastDay?: string): Period {
  const [y, m] = ymd(day);
  const idx = dayToIndex(day);
  switch (kind) {
    case 'day':
      return make(kind, idx, idx + 1, day);
    case 'week': {
      const monday = idx - ((weekdayOfIndex(idx) + 6) % 7);
      const [wy, w] = isoWeek(monday);
      return make(kind, monday, monday + 7, `${wy}-W${String(w).padStart(2, '0')}`);
    }
    case 'month': {
      const [ny, nm] = addMonths(y, m, 1);
      return make(kind, dayToIndex(dayOf(y, m)), dayToIndex(dayOf(ny, nm)), day.slice(0, 7));
    }
    case 'quarter': {
      const qm = m - ((m - 1) % 3);
      const [ny, nm] = addMonths(y, qm, 3);
      return make(kind, dayToIndex(dayOf(y, qm)), dayToIndex(dayOf(ny, nm)), `${y}-Q${(qm - 1) / 3 + 1}`);
    }
    case 'year':
      return make(kind, dayToIndex(dayOf(y, 1)), dayToIndex(dayOf(y + 1, 1)), String(y));
    case 'custom': {
      const last = dayToIndex(lastDay ?? day);
      if (last < idx) throw new RangeError(`the last day ${lastDay} is before the first day ${day}`);
      return make(kind, idx, last + 1, `${day}~${dayIndexToString(last)}`);
    }
  }
}

/** The period just before: the previous day, week, month, quarter or year; for custom days, as many days before. */
export function previousPeriod(p: Period): Period {
  const first = dayToIndex(p.firstDay);
  if (p.kind === 'custom') {
    const length = dayToIndex(p.lastDay) - first + 1;
    return periodOf('custom', dayIndexToString(first - length), dayIndexToString(first - 1));
  }
  return periodOf(p.kind, dayIndexToString(first - 1));
}

/** The local day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return dayIndexToString(dayToIndex(day) + n);
}
