// The working calendar: which instants are working time, and how step time limits turn into deadlines.
import { parseCalendarData, type CalendarData } from './calendar-data';
import { CALENDAR_2026 } from './holidays-2026';
import {
  DAY_MS,
  MINUTE_MS,
  dayIndexStart,
  dayToIndex,
  instantMs,
  localDayIndex,
  localTimeOfDayMs,
  tryTimeMinutes,
  weekdayOfIndex,
} from './shanghai-time';

/** 'clock_*' are urgent limits counted round the clock; 'working_*' count only working time. */
export type LimitUnit =
  | 'working_minutes'
  | 'working_hours'
  | 'working_days'
  | 'clock_minutes'
  | 'clock_hours'
  | 'natural_days';

export interface Limit {
  amount: number;
  unit: LimitUnit;
}

export const LIMIT_UNITS: readonly LimitUnit[] = [
  'working_minutes',
  'working_hours',
  'working_days',
  'clock_minutes',
  'clock_hours',
  'natural_days',
];

/** Whether a unit counts only working time (else it counts clock time). */
export function isWorkingUnit(unit: LimitUnit): boolean {
  switch (unit) {
    case 'working_minutes':
    case 'working_hours':
    case 'working_days':
      return true;
    case 'clock_minutes':
    case 'clock_hours':
    case 'natural_days':
      return false;
    default:
      return assertNever(unit);
  }
}

function assertNever(x: never): never {
  throw new RangeError(`Unknown limit unit: ${String(x)}`);
}

/** A window as milliseconds since local midnight, [from, to). */
interface Span {
  from: number;
  to: number;
}

/**
 * Working calendar in Asia/Shanghai local time.
 *
 * Working time is the union of the windows on every workday; a workday is a weekday not in
 * `holidays`, or a weekend day in `workdays`. Windows are half-open: 12:00 is not working time
 * for 08:30–12:00, but a deadline may fall exactly at 12:00.
 *
 * Rule for `working_days`: N working days = N × the working minutes of a standard day (480 with
 * the default windows), counted like working minutes. The deadline is the earliest instant at
 * which that much working time has passed. So a step started inside a window is due at the same
 * local time on the N-th following workday; a step started outside working hours starts counting
 * at the next window start and is due at the end of the working period that completes the N-th
 * working day (e.g. started Friday 18:00 with 1 working day → due Monday 17:30; started 12:30
 * during lunch → due 12:00 on the N-th following workday).
 */
export class WorkingCalendar {
  readonly data: CalendarData;
  /** Working minutes of one workday: what a `working_days` unit is worth. */
  readonly standardDayMinutes: number;
  private readonly spans: Span[];
  private readonly holidays: Set<number>;
  private readonly makeupWorkdays: Set<number>;

  constructor(data: CalendarData) {
    this.data = parseCalendarData(data);
    this.spans = this.data.windows.map((w) => ({
      from: tryTimeMinutes(w.start)! * MINUTE_MS,
      to: tryTimeMinutes(w.end)! * MINUTE_MS,
    }));
    this.standardDayMinutes = this.spans.reduce((sum, s) => sum + (s.to - s.from), 0) / MINUTE_MS;
    this.holidays = new Set(this.data.holidays.map(dayToIndex));
    this.makeupWorkdays = new Set(this.data.workdays.map(dayToIndex));
  }

  /** Default windows (08:30–12:00, 13:00–17:30) and the official 2026 holiday schedule. */
  static default(): WorkingCalendar {
    return new WorkingCalendar(CALENDAR_2026);
  }

  /** Weekends are off unless listed as make-up workdays; listed holidays are off. */
  isWorkday(day: string): boolean {
    return this.isWorkdayIndex(dayToIndex(day));
  }

  isWorkingTime(at: Date): boolean {
    if (!this.isWorkdayIndex(localDayIndex(at))) return false;
    const t = localTimeOfDayMs(at);
    return this.spans.some((s) => t >= s.from && t < s.to);
  }

  /** The deadline of a limit that starts at `start`. Amounts must be finite and ≥ 0; fractions are allowed. */
  addLimit(start: Date, limit: Limit): Date {
    const startMs = instantMs(start);
    const ms = this.limitMs(limit);
    if (!isWorkingUnit(limit.unit)) return new Date(startMs + ms);
    return new Date(this.addWorkingMs(startMs, ms));
  }

  /** Working minutes from a to b (0 if b ≤ a); fractional when the instants are not on whole minutes. */
  workingMinutesBetween(a: Date, b: Date): number {
    return this.workingMsBetween(instantMs(a), instantMs(b)) / MINUTE_MS;
  }

  /** Time used since `start`, in minutes of the unit's own kind of time (working or clock); never negative. */
  elapsed(start: Date, now: Date, unit: LimitUnit): number {
    if (isWorkingUnit(unit)) return this.workingMinutesBetween(start, now);
    return Math.max(0, instantMs(now) - instantMs(start)) / MINUTE_MS;
  }

  /** Length of a limit in its own kind of minutes; working_days = amount × standardDayMinutes. */
  limitMinutes(limit: Limit): number {
    const { amount, unit } = limit;
    if (!Number.isFinite(amount) || amount < 0) {
      throw new RangeError(`A time limit must be a finite amount ≥ 0, got ${amount} ${unit}`);
    }
    switch (unit) {
      case 'working_minutes':
      case 'clock_minutes':
        return amount;
      case 'working_hours':
      case 'clock_hours':
        return amount * 60;
      case 'working_days':
        return amount * this.standardDayMinutes;
      case 'natural_days':
        return amount * 24 * 60;
      default:
        return assertNever(unit);
    }
  }

  private limitMs(limit: Limit): number {
    // Whole milliseconds keep deadlines exact Dates and the arithmetic below free of float drift.
    return Math.round(this.limitMinutes(limit) * MINUTE_MS);
  }

  private isWorkdayIndex(dayIndex: number): boolean {
    if (this.holidays.has(dayIndex)) return false;
    if (this.makeupWorkdays.has(dayIndex)) return true;
    const wd = weekdayOfIndex(dayIndex);
    return wd !== 0 && wd !== 6;
  }

  /**
   * Earliest instant at which `ms` of working time has passed since `startMs`.
   * A zero limit is due at the next working instant, so working deadlines never fall on a day off.
   */
  private addWorkingMs(startMs: number, ms: number): number {
    let day = localDayIndex(new Date(startMs));
    let t = localTimeOfDayMs(new Date(startMs));
    let remaining = ms;
    // Terminates: holidays are finite, so workdays recur and each one consumes a full day's time.
    for (;;) {
      if (this.isWorkdayIndex(day)) {
        for (const s of this.spans) {
          if (s.to <= t) continue;
          const from = Math.max(t, s.from);
          const available = s.to - from;
          if (remaining === 0 || remaining <= available) {
            return dayIndexStart(day).getTime() + from + remaining;
          }
          remaining -= available;
        }
      }
      day += 1;
      t = 0;
    }
  }

  private workingMsBetween(aMs: number, bMs: number): number {
    if (bMs <= aMs) return 0;
    const firstDay = localDayIndex(new Date(aMs));
    const lastDay = localDayIndex(new Date(bMs));
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      if (!this.isWorkdayIndex(day)) continue;
      const midnight = dayIndexStart(day).getTime();
      const lo = day === firstDay ? aMs - midnight : 0;
      const hi = day === lastDay ? bMs - midnight : DAY_MS;
      for (const s of this.spans) {
        const overlap = Math.min(hi, s.to) - Math.max(lo, s.from);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }
}
