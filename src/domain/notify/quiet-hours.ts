// Quiet hours (免打扰): outbound messages that would arrive at night wait for the morning; alerts do not wait.
import { shanghaiDay, shanghaiInstant, shanghaiTime } from '../calendar';

export interface QuietHours {
  /** 'HH:MM' Asia/Shanghai; start after end means the quiet time crosses midnight (22:00–07:00). */
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls within the quiet hours (start inclusive, end exclusive). */
export function inQuietHours(at: Date, q: QuietHours): boolean {
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return false;
  const m = minutesOf(shanghaiTime(at));
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** When a message made at `now` may go out: now, or the end of the quiet hours it falls in; urgent ones go at once. */
export function deliverAt(now: Date, quiet: QuietHours | null, urgent: boolean): Date {
  if (!quiet || urgent || !inQuietHours(now, quiet)) return now;
  const day = shanghaiDay(now);
  const endToday = shanghaiInstant(day, quiet.end);
  if (endToday.getTime() > now.getTime()) return endToday;
  return new Date(endToday.getTime() + 24 * 3600_000);
}
