// Conversions between UTC instants and Asia/Shanghai local days and times of day.
// Shanghai has been a fixed UTC+08:00 since 1991 (no DST), so plain offset arithmetic is exact
// and we avoid depending on the host's time zone database.

export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * MINUTE_MS;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Milliseconds since the epoch of a valid Date; throws on an Invalid Date so bad input cannot turn into NaN deadlines. */
export function instantMs(at: Date): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid Date: ${String(at)}`);
  return ms;
}

/** The local clock reading as if it were UTC: the basis of every day/time-of-day computation here. */
export function localMs(at: Date): number {
  return instantMs(at) + OFFSET_MS;
}

/** Days since 1970-01-01 in Shanghai local time. */
export function localDayIndex(at: Date): number {
  return Math.floor(localMs(at) / DAY_MS);
}

/** Milliseconds since local midnight. */
export function localTimeOfDayMs(at: Date): number {
  const ms = localMs(at);
  return ms - Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The UTC instant of local midnight starting a given day index. */
export function dayIndexStart(dayIndex: number): Date {
  return new Date(dayIndex * DAY_MS - OFFSET_MS);
}

export function dayIndexToString(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** Parses a 'YYYY-MM-DD' calendar day, rejecting impossible dates such as 2026-02-30; null when invalid. */
export function tryDayIndex(day: string): number | null {
  const m = typeof day === 'string' ? DAY_RE.exec(day) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function dayToIndex(day: string): number {
  const idx = tryDayIndex(day);
  if (idx === null) throw new RangeError(`Not a calendar day (expected YYYY-MM-DD): ${JSON.stringify(day)}`);
  return idx;
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekdayOfIndex(dayIndex: number): number {
  return new Date(dayIndex * DAY_MS).getUTCDay();
}

/** Minutes since midnight of an 'HH:MM' time; '24:00' is allowed so a window can run to midnight. null when invalid. */
export function tryTimeMinutes(time: string): number | null {
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  if (mi > 59 || h > 24 || (h === 24 && mi !== 0)) return null;
  return h * 60 + mi;
}

/** The Shanghai calendar day ('YYYY-MM-DD') of an instant. */
export function shanghaiDay(at: Date): string {
  return dayIndexToString(localDayIndex(at));
}

/** The Shanghai wall-clock time ('HH:MM') of an instant, seconds truncated. */
export function shanghaiTime(at: Date): string {
  const minutes = Math.floor(localTimeOfDayMs(at) / MINUTE_MS);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The instant at a Shanghai local day and 'HH:MM' time; convenient for configuration and tests. */
export function shanghaiInstant(day: string, time = '00:00'): Date {
  const minutes = tryTimeMinutes(time);
  if (minutes === null) throw new RangeError(`Not a time of day (expected HH:MM): ${JSON.stringify(time)}`);
  return new Date(dayIndexStart(dayToIndex(day)).getTime() + minutes * MINUTE_MS);
}
