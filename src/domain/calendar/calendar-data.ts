// The editable data behind a working calendar (windows, holidays, make-up workdays) and its validation.
import { tryDayIndex, tryTimeMinutes, weekdayOfIndex } from './shanghai-time';

/** A daily working period in Shanghai local time, 'HH:MM' to 'HH:MM' (end exclusive). */
export interface WorkingWindow {
  start: string;
  end: string;
}

export interface CalendarData {
  /** Working periods of every workday; the same on all workdays. */
  windows: WorkingWindow[];
  /** 'YYYY-MM-DD' days off: public holidays including the bridged weekdays (放假调休). */
  holidays: string[];
  /** 'YYYY-MM-DD' make-up workdays (调休上班) that fall on weekends. */
  workdays: string[];
}

export const DEFAULT_WINDOWS: readonly WorkingWindow[] = Object.freeze([
  Object.freeze({ start: '08:30', end: '12:00' }),
  Object.freeze({ start: '13:00', end: '17:30' }),
]);

/** Thrown for malformed calendar data; lists every problem found so an editor can fix them in one go. */
export class CalendarDataError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid calendar data: ${problems.join('; ')}`);
    this.name = 'CalendarDataError';
    this.problems = problems;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Validates untrusted calendar data (from configuration or an editor) and returns a clean copy
 * with windows sorted by start and days de-duplicated and sorted.
 * Rejects: malformed 'HH:MM', empty or inverted windows, overlapping windows, impossible dates,
 * a day listed both as holiday and workday, and make-up workdays that are not weekends.
 */
export function parseCalendarData(x: unknown): CalendarData {
  const problems: string[] = [];
  if (!isRecord(x)) throw new CalendarDataError(['calendar data must be an object']);

  const windows: { start: string; end: string; from: number; to: number }[] = [];
  if (!Array.isArray(x.windows) || x.windows.length === 0) {
    problems.push('windows must be a non-empty array');
  } else {
    x.windows.forEach((w: unknown, i) => {
      if (!isRecord(w)) {
        problems.push(`windows[${i}] must be an object {start, end}`);
        return;
      }
      const from = tryTimeMinutes(w.start as string);
      const to = tryTimeMinutes(w.end as string);
      if (from === null) problems.push(`windows[${i}].start is not a valid HH:MM time: ${JSON.stringify(w.start)}`);
      if (to === null) problems.push(`windows[${i}].end is not a valid HH:MM time: ${JSON.stringify(w.end)}`);
      if (from === null || to === null) return;
      if (from === 24 * 60) problems.push(`windows[${i}].start cannot be 24:00`);
      else if (to <= from) problems.push(`windows[${i}] must end after it starts (${w.start}–${w.end})`);
      else windows.push({ start: w.start as string, end: w.end as string, from, to });
    });
    windows.sort((a, b) => a.from - b.from);
    for (let i = 1; i < windows.length; i++) {
      const prev = windows[i - 1];
      const cur = windows[i];
      // Touching windows (12:00–13:00 then 13:00–…) are fine; any shared minute is not.
      if (cur.from < prev.to) problems.push(`windows ${prev.start}–${prev.end} and ${cur.start}–${cur.end} overlap`);
    }
  }

  const readDays = (field: 'holidays' | 'workdays'): Map<string, number> => {
    const out = new Map<string, number>();
    const list = x[field];
    if (!Array.isArray(list)) {
      problems.push(`${field} must be an array of YYYY-MM-DD strings`);
      return out;
    }
    list.forEach((d: unknown, i) => {
      const idx = tryDayIndex(d as string);
      if (idx === null) problems.push(`${field}[${i}] is not a valid YYYY-MM-DD date: ${JSON.stringify(d)}`);
      else out.set(d as string, idx);
    });
    return out;
  };
  const holidays = readDays('holidays');
  const workdays = readDays('workdays');
  for (const [day, idx] of workdays) {
    if (holidays.has(day)) problems.push(`${day} is listed both as a holiday and as a workday`);
    const wd = weekdayOfIndex(idx);
    if (wd !== 0 && wd !== 6) problems.push(`make-up workday ${day} is not a Saturday or Sunday`);
  }

  if (problems.length > 0) throw new CalendarDataError(problems);
  return {
    windows: windows.map(({ start, end }) => ({ start, end })),
    holidays: [...holidays.keys()].sort(),
    workdays: [...workdays.keys()].sort(),
  };
}
