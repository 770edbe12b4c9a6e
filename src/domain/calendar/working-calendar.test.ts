// Unit tests for WorkingCalendar: workdays, working time, deadlines per unit and elapsed time.
import { describe, expect, it } from 'vitest';
import { WorkingCalendar, type Limit } from './working-calendar';
import { CalendarDataError } from './calendar-data';

const cal = WorkingCalendar.default();
/** Shanghai local wall time, e.g. at('2026-03-10 17:20'). */
const at = (s: string): Date => new Date(`${s.replace(' ', 'T')}+08:00`);
const due = (start: string, limit: Limit): string => local(cal.addLimit(at(start), limit));
/** Formats an instant back as Shanghai local 'YYYY-MM-DD HH:MM(:SS)'. */
function local(d: Date): string {
  const iso = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  const s = iso.slice(0, 10) + ' ' + iso.slice(11, 19);
  return s.endsWith(':00') ? s.slice(0, 16) : s;
}

describe('isWorkday', () => {
  it('treats plain weekdays as workdays and weekends as days off', () => {
    expect(cal.isWorkday('2026-03-10')).toBe(true); // Tue
    expect(cal.isWorkday('2026-03-13')).toBe(true); // Fri
    expect(cal.isWorkday('2026-03-14')).toBe(false); // Sat
    expect(cal.isWorkday('2026-03-15')).toBe(false); // Sun
  });
  it('takes public holidays off, including bridged weekdays', () => {
    expect(cal.isWorkday('2026-01-01')).toBe(false);
    expect(cal.isWorkday('2026-02-20')).toBe(false); // Fri inside 春节
    expect(cal.isWorkday('2026-10-07')).toBe(false); // Wed inside 国庆
  });
  it('makes make-up weekend days workdays', () => {
    expect(cal.isWorkday('2026-01-04')).toBe(true); // Sun
    expect(cal.isWorkday('2026-02-14')).toBe(true); // Sat
    expect(cal.isWorkday('2026-10-10')).toBe(true); // Sat
    expect(cal.isWorkday('2026-10-11')).toBe(false); // the Sunday after stays off
  });
  it('rejects malformed days', () => {
    expect(() => cal.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkday('20260301')).toThrow(RangeError);
  });
});

describe('isWorkingTime', () => {
  it('follows the half-open windows 08:30–12:00 and 13:00–17:30', () => {
    expect(cal.isWorkingTime(at('2026-03-10 08:29:59'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-03-10 08:30'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-03-10 11:59:59'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-03-10 12:00'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-03-10 12:59'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-03-10 13:00'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-03-10 17:29:59'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-03-10 17:30'))).toBe(false);
  });
  it('uses Shanghai local time, not UTC', () => {
    // 00:30 UTC is 08:30 in Shanghai; 09:00 UTC is 17:00 in Shanghai.
    expect(cal.isWorkingTime(new Date('2026-03-10T00:30:00Z'))).toBe(true);
    expect(cal.isWorkingTime(new Date('2026-03-10T09:00:00Z'))).toBe(true);
    expect(cal.isWorkingTime(new Date('2026-03-10T10:00:00Z'))).toBe(false); // 18:00 local
  });
  it('is false all day on days off and true in windows on make-up days', () => {
    expect(cal.isWorkingTime(at('2026-10-05 10:00'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-03-14 10:00'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-02-28 10:00'))).toBe(true);
  });
  it('rejects an Invalid Date', () => {
    expect(() => cal.isWorkingTime(new Date('nope'))).toThrow(RangeError);
  });
});

describe('addLimit: working minutes and hours', () => {
  const m = (amount: number): Limit => ({ amount, unit: 'working_minutes' });
  it('carries over the evening to the next workday (17:20 + 30 → 08:50)', () => {
    expect(due('2026-03-10 17:20', m(30))).toBe('2026-03-11 08:50');
  });
  it('skips the lunch break (12:10 + 30 → 13:30)', () => {
    expect(due('2026-03-10 12:10', m(30))).toBe('2026-03-10 13:30');
    expect(due('2026-03-10 11:50', m(30))).toBe('2026-03-10 13:20');
  });
  it('may fall exactly at the end of a window', () => {
    expect(due('2026-03-10 11:30', m(30))).toBe('2026-03-10 12:00');
    expect(due('2026-03-10 17:00', m(30))).toBe('2026-03-10 17:30');
  });
  it('starts counting at the next window when started before opening', () => {
    expect(due('2026-03-10 07:00', m(30))).toBe('2026-03-10 09:00');
    expect(due('2026-03-10 00:00', m(480))).toBe('2026-03-10 17:30');
  });
  it('skips weekends, holidays, and honours make-up days', () => {
    expect(due('2026-03-13 17:20', m(30))).toBe('2026-03-16 08:50'); // Fri → Mon
    expect(due('2026-09-30 17:20', m(30))).toBe('2026-10-08 08:50'); // over 国庆
    expect(due('2026-02-13 17:20', m(30))).toBe('2026-02-14 08:50'); // Fri → make-up Sat
    expect(due('2026-10-03 10:00', m(30))).toBe('2026-10-08 09:00'); // reported on a holiday
  });
  it('is exact to the second', () => {
    expect(due('2026-03-10 17:29:30', m(1))).toBe('2026-03-11 08:30:30');
  });
  it('treats a zero limit as due at the next working instant', () => {
    expect(due('2026-03-10 10:15', m(0))).toBe('2026-03-10 10:15');
    expect(due('2026-03-10 12:00', m(0))).toBe('2026-03-10 13:00');
    expect(due('2026-03-13 20:00', m(0))).toBe('2026-03-16 08:30');
  });
  it('counts working hours as 60 working minutes each, fractions allowed', () => {
    const h = (amount: number): Limit => ({ amount, unit: 'working_hours' });
    expect(due('2026-03-10 10:00', h(4))).toBe('2026-03-10 15:00');
    expect(due('2026-03-10 16:00', h(4))).toBe('2026-03-11 11:00');
    expect(due('2026-03-10 11:00', h(1.5))).toBe('2026-03-10 13:30');
  });
});

describe('addLimit: working days', () => {
  const d = (amount: number): Limit => ({ amount, unit: 'working_days' });
  it('is due at the same local time on the N-th following workday when started in a window', () => {
    expect(due('2026-03-10 10:00', d(1))).toBe('2026-03-11 10:00');
    expect(due('2026-03-10 15:45', d(3))).toBe('2026-03-13 15:45');
    expect(due('2026-03-13 10:00', d(1))).toBe('2026-03-16 10:00'); // Fri → Mon
    expect(due('2026-04-30 10:00', d(3))).toBe('2026-05-08 10:00'); // over 劳动节
    expect(due('2026-04-30 10:00', d(4))).toBe('2026-05-09 10:00'); // make-up Saturday
  });
  it('counts from the next window start when started outside working hours', () => {
    expect(due('2026-03-13 18:00', d(1))).toBe('2026-03-16 17:30'); // Fri evening → end of Mon
    expect(due('2026-03-10 07:00', d(2))).toBe('2026-03-11 17:30');
    expect(due('2026-03-14 11:00', d(1))).toBe('2026-03-16 17:30'); // Saturday
    expect(due('2026-03-10 12:30', d(1))).toBe('2026-03-11 12:00'); // lunch → end of next morning
  });
  it('handles long limits such as 20 working days for demolition', () => {
    // From Tue 2026-09-15: Sep 16–18 (3), 20 make-up Sun (4), 21–24 (8), 28–30 (11),
    // Oct 8–9 (13), 10 make-up Sat (14), 12–16 (19), 19 (20); 中秋 and 国庆 are skipped.
    expect(due('2026-09-15 10:00', d(20))).toBe('2026-10-19 10:00');
  });
  it('handles half days', () => {
    expect(due('2026-03-10 08:30', d(0.5))).toBe('2026-03-10 13:30');
  });
});

describe('addLimit: clock time', () => {
  it('counts clock minutes and hours round the clock, holidays included', () => {
    expect(due('2026-10-01 23:50', { amount: 30, unit: 'clock_minutes' })).toBe('2026-10-02 00:20');
    expect(due('2026-10-01 23:00', { amount: 6, unit: 'clock_hours' })).toBe('2026-10-02 05:00');
  });
  it('counts natural days as 24 hours each', () => {
    expect(due('2026-03-10 17:20', { amount: 15, unit: 'natural_days' })).toBe('2026-03-25 17:20');
    expect(due('2026-12-31 09:00', { amount: 1, unit: 'natural_days' })).toBe('2027-01-01 09:00');
  });
});

describe('addLimit: bad input', () => {
  it('rejects negative, NaN and infinite amounts and Invalid Dates', () => {
    const s = at('2026-03-10 10:00');
    expect(() => cal.addLimit(s, { amount: -1, unit: 'working_minutes' })).toThrow(RangeError);
    expect(() => cal.addLimit(s, { amount: Number.NaN, unit: 'clock_hours' })).toThrow(RangeError);
    expect(() => cal.addLimit(s, { amount: Infinity, unit: 'working_days' })).toThrow(RangeError);
    expect(() => cal.addLimit(new Date(Number.NaN), { amount: 1, unit: 'clock_hours' })).toThrow(RangeError);
    expect(() => cal.addLimit(s, { amount: 1, unit: 'fortnights' as never })).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts a full workday as 480 and a plain week as 2400', () => {
    expect(cal.workingMinutesBetween(at('2026-03-10 00:00'), at('2026-03-11 00:00'))).toBe(480);
    expect(cal.workingMinutesBetween(at('2026-03-09 00:00'), at('2026-03-16 00:00'))).toBe(2400);
  });
  it('counts nothing over days off and the lunch break', () => {
    expect(cal.workingMinutesBetween(at('2026-10-01 00:00'), at('2026-10-08 00:00'))).toBe(0);
    expect(cal.workingMinutesBetween(at('2026-03-10 12:00'), at('2026-03-10 13:00'))).toBe(0);
  });
  it('counts partial windows and fractions of minutes', () => {
    expect(cal.workingMinutesBetween(at('2026-03-10 11:30'), at('2026-03-10 13:30'))).toBe(60);
    expect(cal.workingMinutesBetween(at('2026-03-10 08:30'), at('2026-03-10 08:30:30'))).toBe(0.5);
    expect(cal.workingMinutesBetween(at('2026-03-10 17:20'), at('2026-03-11 08:50'))).toBe(30);
  });
  it('is 0 when b is not after a', () => {
    expect(cal.workingMinutesBetween(at('2026-03-10 11:00'), at('2026-03-10 10:00'))).toBe(0);
    expect(cal.workingMinutesBetween(at('2026-03-10 11:00'), at('2026-03-10 11:00'))).toBe(0);
  });
  it('counts the 2026 working year as 248 days of 480 minutes', () => {
    expect(cal.workingMinutesBetween(at('2026-01-01 00:00'), at('2027-01-01 00:00'))).toBe(248 * 480);
  });
});

describe('elapsed and limitMinutes', () => {
  it('measures working units in working minutes and clock units in clock minutes', () => {
    const a = at('2026-03-10 17:00');
    const b = at('2026-03-11 09:00');
    expect(cal.elapsed(a, b, 'working_minutes')).toBe(60);
    expect(cal.elapsed(a, b, 'working_days')).toBe(60);
    expect(cal.elapsed(a, b, 'clock_hours')).toBe(16 * 60);
    expect(cal.elapsed(a, b, 'natural_days')).toBe(16 * 60);
    expect(cal.elapsed(b, a, 'clock_minutes')).toBe(0);
  });
  it('gives each limit its length in its own kind of minutes', () => {
    expect(cal.limitMinutes({ amount: 30, unit: 'working_minutes' })).toBe(30);
    expect(cal.limitMinutes({ amount: 4, unit: 'working_hours' })).toBe(240);
    expect(cal.limitMinutes({ amount: 20, unit: 'working_days' })).toBe(20 * 480);
    expect(cal.limitMinutes({ amount: 30, unit: 'clock_minutes' })).toBe(30);
    expect(cal.limitMinutes({ amount: 6, unit: 'clock_hours' })).toBe(360);
    expect(cal.limitMinutes({ amount: 15, unit: 'natural_days' })).toBe(15 * 1440);
  });
  it('derives the standard day from the windows', () => {
    const c = new WorkingCalendar({ windows: [{ start: '09:00', end: '17:00' }], holidays: [], workdays: [] });
    expect(c.standardDayMinutes).toBe(480);
    expect(c.limitMinutes({ amount: 2, unit: 'working_days' })).toBe(960);
    expect(local(c.addLimit(at('2026-03-10 16:00'), { amount: 1, unit: 'working_days' }))).toBe('2026-03-11 16:00');
    expect(WorkingCalendar.default().standardDayMinutes).toBe(480);
  });
});

describe('custom calendars', () => {
  it('supports a window running to midnight', () => {
    const c = new WorkingCalendar({ windows: [{ start: '20:00', end: '24:00' }], holidays: [], workdays: [] });
    expect(c.isWorkingTime(at('2026-03-10 23:59'))).toBe(true);
    expect(c.isWorkingTime(at('2026-03-11 00:00'))).toBe(false);
    expect(local(c.addLimit(at('2026-03-10 23:00'), { amount: 60, unit: 'working_minutes' }))).toBe('2026-03-11 00:00');
    expect(local(c.addLimit(at('2026-03-10 23:00'), { amount: 61, unit: 'working_minutes' }))).toBe('2026-03-11 20:01');
  });
  it('validates its data on construction', () => {
    expect(() => new WorkingCalendar({ windows: [], holidays: [], workdays: [] })).toThrow(CalendarDataError);
  });
  it('does not share state with the data it was built from', () => {
    const data = { windows: [{ start: '09:00', end: '17:00' }], holidays: [] as string[], workdays: [] };
    const c = new WorkingCalendar(data);
    data.holidays.push('2026-03-10');
    expect(c.isWorkday('2026-03-10')).toBe(true);
  });
});
