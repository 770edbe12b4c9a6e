// The working calendar as the editor sees it: what kind of day a date is, what a click makes of it, a month's grid.
// Dates are 'YYYY-MM-DD' Beijing days; weekdays are computed in UTC so the browser's zone plays no part.
import type { CalendarData } from '../../../../src/domain/calendar';

export type DayKind = 'normal' | 'weekend' | 'holiday' | 'workday';

export function isoDay(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 0 = Monday … 6 = Sunday, as Chinese calendars lay out the week. */
export function weekdayMon0(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function dayKind(cal: Pick<CalendarData, 'holidays' | 'workdays'>, day: string): DayKind {
  if (cal.holidays.includes(day)) return 'holiday';
  if (cal.workdays.includes(day)) return 'workday';
  return weekdayMon0(day) >= 5 ? 'weekend' : 'normal';
}

/**
 * What one click does. A weekday is a workday or a day off; a weekend day cycles rest → make-up workday (调休上班)
 * → holiday (part of a public holiday, shown as 休) → rest. Make-up workdays can only be weekends (the server checks it too).
 */
export function toggleDay<T extends Pick<CalendarData, 'holidays' | 'workdays'>>(cal: T, day: string): T {
  const without = (list: string[]) => list.filter((d) => d !== day);
  const add = (list: string[]) => [...without(list), day].sort();
  const kind = dayKind(cal, day);
  if (kind === 'normal') return { ...cal, holidays: add(cal.holidays) };
  if (kind === 'weekend') return { ...cal, workdays: add(cal.workdays) };
  if (kind === 'workday') return { ...cal, workdays: without(cal.workdays), holidays: add(cal.holidays) };
  return { ...cal, holidays: without(cal.holidays) };
}

/** The weeks of a month, Monday first; null for the cells before the 1st and after the last day. */
export function monthWeeks(y: number, m: number): (string | null)[][] {
  const cells: (string | null)[] = Array.from({ length: weekdayMon0(isoDay(y, m, 1)) }, () => null);
  for (let d = 1; d <= daysInMonth(y, m); d++) cells.push(isoDay(y, m, d));
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

/** Days off, make-up workdays and working days of a year under the calendar. */
export function yearStats(cal: Pick<CalendarData, 'holidays' | 'workdays'>, y: number): { holidays: number; workdays: number; working: number } {
  const holidays = new Set(cal.holidays.filter((d) => d.startsWith(`${y}-`)));
  const workdays = new Set(cal.workdays.filter((d) => d.startsWith(`${y}-`)));
  let working = 0;
  for (let m = 1; m <= 12; m++) {
    for (let d = 1; d <= daysInMonth(y, m); d++) {
      const day = isoDay(y, m, d);
      if (workdays.has(day) || (!holidays.has(day) && weekdayMon0(day) < 5)) working++;
    }
  }
  return { holidays: holidays.size, workdays: workdays.size, working };
}

/** How many days differ between two calendars. */
export function changedDays(a: Pick<CalendarData, 'holidays' | 'workdays'>, b: Pick<CalendarData, 'holidays' | 'workdays'>): number {
  const sym = (x: string[], y: string[]) => {
    const sx = new Set(x);
    const sy = new Set(y);
    return [...sx].filter((d) => !sy.has(d)).concat([...sy].filter((d) => !sx.has(d)));
  };
  return new Set([...sym(a.holidays, b.holidays), ...sym(a.workdays, b.workdays)]).size;
}

export function minutesOf(hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[1]) <= 24 && Number(m[2]) < 60 && v <= 1440 ? v : null;
}

/** Problems of the daily windows the editor can name before the server does (index of the bad window, or overlap). */
export function windowProblems(windows: { start: string; end: string }[]): { invalid: number[]; overlap: boolean } {
  const invalid: number[] = [];
  const spans: [number, number][] = [];
  windows.forEach((w, i) => {
    const a = minutesOf(w.start);
    const b = minutesOf(w.end);
    if (a === null || b === null || b <= a) invalid.push(i);
    else spans.push([a, b]);
  });
  spans.sort((x, y) => x[0] - y[0]);
  const overlap = spans.some((s, i) => i > 0 && s[0] < spans[i - 1][1]);
  return { invalid, overlap };
}
