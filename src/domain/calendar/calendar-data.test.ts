// Unit tests for calendar data validation.
import { describe, expect, it } from 'vitest';
import { CalendarDataError, parseCalendarData } from './calendar-data';

const ok = { windows: [{ start: '08:30', end: '12:00' }], holidays: [], workdays: [] };

function problemsOf(x: unknown): string[] {
  try {
    parseCalendarData(x);
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarDataError);
    return (e as CalendarDataError).problems;
  }
  throw new Error('expected parseCalendarData to throw');
}

describe('parseCalendarData', () => {
  it('returns a clean copy: windows sorted, days de-duplicated and sorted', () => {
    const parsed = parseCalendarData({
      windows: [
        { start: '13:00', end: '17:30' },
        { start: '08:30', end: '12:00' },
      ],
      holidays: ['2026-10-02', '2026-10-01', '2026-10-01'],
      workdays: ['2026-10-10'],
    });
    expect(parsed).toEqual({
      windows: [
        { start: '08:30', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
      holidays: ['2026-10-01', '2026-10-02'],
      workdays: ['2026-10-10'],
    });
  });
  it('accepts touching windows and a window ending at 24:00', () => {
    expect(() =>
      parseCalendarData({ ...ok, windows: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '24:00' }] }),
    ).not.toThrow();
  });
  it('rejects malformed HH:MM times', () => {
    for (const bad of ['8:30', '25:00', '12:60', '24:01', '0830', '', 830]) {
      const problems = problemsOf({ ...ok, windows: [{ start: bad, end: '12:00' }] });
      expect(problems).toEqual([expect.stringContaining('windows[0].start is not a valid HH:MM time')]);
    }
  });
  it('rejects empty, inverted and midnight-starting windows', () => {
    expect(problemsOf({ ...ok, windows: [] })).toEqual(['windows must be a non-empty array']);
    expect(problemsOf({ ...ok, windows: [{ start: '12:00', end: '12:00' }] })[0]).toMatch(/must end after it starts/);
    expect(problemsOf({ ...ok, windows: [{ start: '17:00', end: '09:00' }] })[0]).toMatch(/must end after it starts/);
    expect(problemsOf({ ...ok, windows: [{ start: '24:00', end: '24:00' }] })[0]).toMatch(/cannot be 24:00/);
    expect(problemsOf({ ...ok, windows: ['08:30-12:00'] })[0]).toMatch(/must be an object/);
  });
  it('rejects overlapping windows whatever their order', () => {
    const problems = problemsOf({
      ...ok,
      windows: [
        { start: '13:00', end: '17:30' },
        { start: '08:30', end: '13:01' },
      ],
    });
    expect(problems).toEqual(['windows 08:30–13:01 and 13:00–17:30 overlap']);
  });
  it('rejects impossible and malformed dates', () => {
    expect(problemsOf({ ...ok, holidays: ['2026-02-30'] })[0]).toMatch(/holidays\[0\] is not a valid YYYY-MM-DD/);
    expect(problemsOf({ ...ok, holidays: ['2026/10/01'] })[0]).toMatch(/holidays\[0\]/);
    expect(problemsOf({ ...ok, workdays: ['2026-13-01'] })[0]).toMatch(/workdays\[0\]/);
    expect(problemsOf({ ...ok, holidays: '2026-10-01' })[0]).toMatch(/holidays must be an array/);
  });
  it('rejects a day that is both holiday and workday, and weekday make-up days', () => {
    expect(problemsOf({ ...ok, holidays: ['2026-10-10'], workdays: ['2026-10-10'] })).toEqual([
      '2026-10-10 is listed both as a holiday and as a workday',
    ]);
    expect(problemsOf({ ...ok, workdays: ['2026-10-09'] })).toEqual([
      'make-up workday 2026-10-09 is not a Saturday or Sunday',
    ]);
  });
  it('reports every problem at once, with a readable message', () => {
    const bad = { windows: [{ start: '8:30', end: '12:00' }], holidays: ['x'], workdays: ['y'] };
    expect(problemsOf(bad)).toHaveLength(3);
    expect(() => parseCalendarData(bad)).toThrow(/^Invalid calendar data: windows\[0\]\.start/);
  });
  it('rejects non-objects', () => {
    expect(problemsOf(null)).toEqual(['calendar data must be an object']);
    expect(problemsOf([])).toEqual(['calendar data must be an object']);
  });
});
