// Traffic lights and remaining time of a timed workflow step (green / yellow / red).
import { instantMs } from './shanghai-time';
import type { LimitUnit, WorkingCalendar } from './working-calendar';

export type Light = 'green' | 'yellow' | 'red';

/** A running step: its start, its current deadline (extensions move it) and the unit its limit counts in. */
export interface TimedStep {
  startedAt: Date;
  deadline: Date;
  unit: LimitUnit;
}

export const DEFAULT_WARN_SHARE = 0.8;

/**
 * Red when now is past the deadline; yellow when the share of the limit used is ≥ warnShare;
 * else green. The limit's length is measured from startedAt to the (possibly extended) deadline
 * in the unit's own kind of time, so an extension lowers the used share. A step whose limit holds
 * no time at all is yellow until it is overdue: there is nothing left of it.
 */
export function lightAt(
  cal: WorkingCalendar,
  step: TimedStep,
  now: Date,
  warnShare: number = DEFAULT_WARN_SHARE,
): Light {
  if (!(warnShare >= 0 && warnShare <= 1)) throw new RangeError(`warnShare must be in [0, 1], got ${warnShare}`);
  if (instantMs(now) > instantMs(step.deadline)) return 'red';
  const total = cal.elapsed(step.startedAt, step.deadline, step.unit);
  if (total <= 0) return 'yellow';
  const used = cal.elapsed(step.startedAt, now, step.unit);
  return used / total >= warnShare ? 'yellow' : 'green';
}

/**
 * Minutes left until the deadline in the limit's own kind of time; negative when overdue.
 * For working units, overdue time only grows during working hours: a step due 17:30 is red at
 * 18:00 but has 0 working minutes overdue until 08:30 the next workday. Use lightAt to ask
 * "is it overdue"; use this to say "by how much".
 */
export function remainingMinutes(cal: WorkingCalendar, step: TimedStep, now: Date): number {
  const nowMs = instantMs(now);
  const deadlineMs = instantMs(step.deadline);
  if (nowMs <= deadlineMs) return cal.elapsed(now, step.deadline, step.unit);
  const over = cal.elapsed(step.deadline, now, step.unit);
  return over === 0 ? 0 : -over; // avoid -0, which compares equal to 0 but prints oddly
}
