// Petition limits on the working calendar: natural days, the start day not counted, days off rolled over, extension.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../calendar';
import { shanghaiInstant } from '../calendar/shanghai-time';
import { daysLeft, DEFAULT_PETITION_LIMITS, lastDayOf, periodEnd, periodLight, periodWarnAt } from './limits';

const cal = WorkingCalendar.default();
/** Local midnight ending the given day, i.e. 24:00 of it. */
const endOf = (day: string) => new Date(shanghaiInstant(day).getTime() + 86_400_000);

describe('periodEnd', () => {
  it('does not count the start day and ends at 24:00 of the last day', () => {
    // Received Monday 2026-11-16 09:00; 15 days → last day Tuesday 2026-12-01.
    const end = periodEnd(cal, shanghaiInstant('2026-11-16', '09:00'), 15, true);
    expect(end).toEqual(endOf('2026-12-01'));
    expect(lastDayOf(end)).toBe('2026-12-01');
  });

  it('moves a last day in the National Day holiday to the first workday after it', () => {
    // Friday 2026-09-18 + 15 days = Saturday 2026-10-03 (国庆节, 10-01..10-07 off) → Thursday 2026-10-08.
    const start = shanghaiInstant('2026-09-18', '10:30');
    expect(lastDayOf(periodEnd(cal, start, 15, false))).toBe('2026-10-03');
    expect(lastDayOf(periodEnd(cal, start, 15, true))).toBe('2026-10-08');
  });

  it('moves a last day on a weekend to Monday, but keeps a make-up workday (调休上班)', () => {
    // Thursday 2026-11-05 + 15 = Friday 11-20 (a workday): unchanged. + 16 = Saturday → Monday 11-23.
    expect(lastDayOf(periodEnd(cal, shanghaiInstant('2026-11-05', '09:00'), 15, true))).toBe('2026-11-20');
    expect(lastDayOf(periodEnd(cal, shanghaiInstant('2026-11-05', '09:00'), 16, true))).toBe('2026-11-23');
    // Sunday 2026-09-20 is a make-up workday for 国庆节: a period ending that day stays there.
    expect(lastDayOf(periodEnd(cal, shanghaiInstant('2026-09-05', '09:00'), 15, true))).toBe('2026-09-20');
  });

  it('counts the day in Shanghai, not UTC: 23:30 local is still that day', () => {
    // 2026-11-16 23:30 in Shanghai is 15:30 UTC of the same day; 2026-11-16 00:30 local is 11-15 16:30 UTC.
    expect(lastDayOf(periodEnd(cal, shanghaiInstant('2026-11-16', '23:30'), 15, true))).toBe('2026-12-01');
    expect(lastDayOf(periodEnd(cal, shanghaiInstant('2026-11-16', '00:30'), 15, true))).toBe('2026-12-01');
  });

  it('handles 60 days with one extension of 30 (the plans: 60 + at most 30)', () => {
    // Accepted Wednesday 2026-08-05: 60 days → Sunday 10-04, inside 国庆节 → Thursday 10-08.
    const accepted = shanghaiInstant('2026-08-05', '15:00');
    const base = periodEnd(cal, accepted, DEFAULT_PETITION_LIMITS.handleDays, true);
    expect(lastDayOf(base)).toBe('2026-10-08');
    // Extended by 30: 90 days from acceptance → Tuesday 2026-11-03.
    const extended = periodEnd(cal, accepted, DEFAULT_PETITION_LIMITS.handleDays + 30, true);
    expect(lastDayOf(extended)).toBe('2026-11-03');
  });

  it('refuses negative or fractional days', () => {
    expect(() => periodEnd(cal, new Date(), -1, true)).toThrow(RangeError);
    expect(() => periodEnd(cal, new Date(), 1.5, true)).toThrow(RangeError);
  });

  const instant = fc.date({ min: new Date('2025-12-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true });

  it('property: ends at a local midnight after the start, on a workday when rolling over, at most 9 days late', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 120 }), (start, days) => {
        const plain = periodEnd(cal, start, days, false);
        const rolled = periodEnd(cal, start, days, true);
        expect(plain.getTime()).toBeGreaterThan(start.getTime());
        expect((plain.getTime() + 8 * 3_600_000) % 86_400_000).toBe(0);
        expect(rolled.getTime()).toBeGreaterThanOrEqual(plain.getTime());
        expect(cal.isWorkday(lastDayOf(rolled))).toBe(true);
        // The longest run of days off in 2026 is 春节 (9 days): a roll-over never moves further.
        expect(rolled.getTime() - plain.getTime()).toBeLessThanOrEqual(9 * 86_400_000);
        // Without roll-over the period is exactly the days after the start day.
        const startDayEnd = periodEnd(cal, start, 0, false).getTime();
        expect(plain.getTime() - startDayEnd).toBe(days * 86_400_000);
      }),
    );
  });

  it('property: more days never end earlier; an extension never shortens the period and adds at most its days plus a roll-over', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 30 }), (start, days, ext) => {
        const before = periodEnd(cal, start, days, true);
        const after = periodEnd(cal, start, days + ext, true);
        expect(after.getTime()).toBeGreaterThan(before.getTime() - 1);
        expect(after.getTime()).toBeLessThanOrEqual(periodEnd(cal, start, days + ext, false).getTime() + 9 * 86_400_000);
        expect(after.getTime()).toBeGreaterThanOrEqual(periodEnd(cal, start, days + ext, false).getTime());
      }),
    );
  });
});

describe('lights of a period', () => {
  const start = shanghaiInstant('2026-11-16', '09:00');
  const end = periodEnd(cal, start, 15, true); // 2026-12-02 00:00 local

  it('is green, then yellow at 80 % of the period, then red after its end', () => {
    const warn = periodWarnAt(start, end, 0.8);
    expect(periodLight(cal, start, end, new Date(warn.getTime() - 60_000), 0.8)).toBe('green');
    expect(periodLight(cal, start, end, warn, 0.8)).toBe('yellow');
    expect(periodLight(cal, start, end, end, 0.8)).toBe('yellow');
    expect(periodLight(cal, start, end, new Date(end.getTime() + 1), 0.8)).toBe('red');
  });

  it('counts whole days left, negative when over', () => {
    expect(daysLeft(cal, end, shanghaiInstant('2026-11-30', '12:00'))).toBe(1);
    expect(daysLeft(cal, end, shanghaiInstant('2026-12-01', '12:00'))).toBe(0);
    expect(daysLeft(cal, end, shanghaiInstant('2026-12-02', '12:00'))).toBe(-1);
  });
});
