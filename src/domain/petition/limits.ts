// Petition time limits (natural days, configurable) and how they become deadlines on the working calendar.
import { z } from 'zod';
import { lightAt, remainingMinutes, WorkingCalendar, type Light } from '../calendar';
import { dayIndexStart, dayIndexToString, DAY_MS, localDayIndex } from '../calendar/shanghai-time';

export const PetitionLimitsSchema = z
  .object({
    /** Decide on acceptance and tell the petitioner within this many days of receipt (受理告知, default 15). */
    acceptDays: z.number().int().min(1).max(90),
    /** Handle within this many days of acceptance (办理期限, default 60). */
    handleDays: z.number().int().min(1).max(365),
    /** One extension of at most this many days, with notice to the petitioner (延期, default 30). */
    maxExtensionDays: z.number().int().min(0).max(180),
    /** The petitioner may ask for a review within this many days of the written reply (复查申请, default 30). */
    reviewRequestDays: z.number().int().min(1).max(180),
    /** The review body decides within this many days of the request (复查期限, default 30). */
    reviewDecisionDays: z.number().int().min(1).max(180),
    /** Default limit of a follow-up task from a reception day (接待日交办事项). */
    followUpTaskDays: z.number().int().min(1).max(365),
    /**
     * A period whose last day is a day off ends with the next workday (期间最后一日是法定休假日的，以休假日结束的次日为
     * 最后一日), read from the working calendar's holidays and make-up workdays.
     */
    rollOverDaysOff: z.boolean(),
    /** Share of a period after which its light turns yellow. */
    warnShare: z.number().min(0.05).max(1),
  })
  .strict();
export type PetitionLimits = z.infer<typeof PetitionLimitsSchema>;

export const DEFAULT_PETITION_LIMITS: PetitionLimits = Object.freeze({
  acceptDays: 15,
  handleDays: 60,
  maxExtensionDays: 30,
  reviewRequestDays: 30,
  reviewDecisionDays: 30,
  followUpTaskDays: 15,
  rollOverDaysOff: true,
  warnShare: 0.8,
});

/**
 * The end of a period of `days` natural days that starts at `start` (Asia/Shanghai): the day of the start does not
 * count, and the period ends at 24:00 of its last day. With `rollOverDaysOff`, a last day that is a day off on the
 * calendar (weekend or public holiday, unless a make-up workday) moves to the next workday.
 *
 * Received Friday 2026-09-18, 15 days: the last day would be 2026-10-03 (国庆节), so the period ends at the end of
 * Thursday 2026-10-08, the first workday after the holiday.
 */
export function periodEnd(calendar: WorkingCalendar, start: Date, days: number, rollOverDaysOff: boolean): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`A period is a whole number of days ≥ 0, got ${days}`);
  let last = localDayIndex(start) + days;
  if (rollOverDaysOff) {
    // Terminates: the calendar's holidays are finite, so a workday comes within a few weeks at most.
    while (!calendar.isWorkday(dayIndexToString(last))) last += 1;
  }
  return dayIndexStart(last + 1);
}

/** The last day ('YYYY-MM-DD', Shanghai) of a period that ends at `end` (exclusive midnight). */
export function lastDayOf(end: Date): string {
  return dayIndexToString(localDayIndex(new Date(end.getTime() - 1)));
}

/** The instant the light of a period turns yellow: `share` of its length, counted in clock time. */
export function periodWarnAt(start: Date, end: Date, share: number): Date {
  return new Date(start.getTime() + Math.max(0, end.getTime() - start.getTime()) * share);
}

/** Green, yellow or red for a running period (natural days count clock time). */
export function periodLight(calendar: WorkingCalendar, start: Date, end: Date, now: Date, share: number): Light {
  return lightAt(calendar, { startedAt: start, deadline: end, unit: 'natural_days' }, now, share);
}

/** Whole days left until the end of the period (negative when over), rounded towards "less time left". */
export function daysLeft(calendar: WorkingCalendar, end: Date, now: Date): number {
  const minutes = remainingMinutes(calendar, { startedAt: now, deadline: end, unit: 'natural_days' }, now);
  return Math.floor(minutes / (DAY_MS / 60_000));
}
