// Checks the 2026 schedule table against the weekdays printed in the State Council notice.
import { describe, expect, it } from 'vitest';
import { CALENDAR_2026, HOLIDAYS_2026, MAKEUP_WORKDAYS_2026 } from './holidays-2026';
import { parseCalendarData } from './calendar-data';

const weekday = (day: string): string =>
  ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${day}T00:00:00Z`).getUTCDay()];

describe('CALENDAR_2026', () => {
  it('is valid calendar data with the default windows', () => {
    expect(parseCalendarData(CALENDAR_2026).windows).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '13:00', end: '17:30' },
    ]);
  });
  it('has the seven holiday periods with the lengths of the notice (3+9+3+5+3+3+7 days)', () => {
    expect(HOLIDAYS_2026).toHaveLength(33);
    expect(new Set(HOLIDAYS_2026).size).toBe(33);
    const periods: [string, string, number][] = [
      ['2026-01-01', '2026-01-03', 3],
      ['2026-02-15', '2026-02-23', 9],
      ['2026-04-04', '2026-04-06', 3],
      ['2026-05-01', '2026-05-05', 5],
      ['2026-06-19', '2026-06-21', 3],
      ['2026-09-25', '2026-09-27', 3],
      ['2026-10-01', '2026-10-07', 7],
    ];
    for (const [from, to, n] of periods) {
      expect(HOLIDAYS_2026.filter((d) => d >= from && d <= to)).toHaveLength(n);
    }
  });
  it('matches the weekdays printed in the notice', () => {
    const printed: Record<string, string> = {
      '2026-01-01': 'Thu', '2026-01-03': 'Sat', '2026-02-15': 'Sun', '2026-02-23': 'Mon',
      '2026-04-04': 'Sat', '2026-04-06': 'Mon', '2026-05-01': 'Fri', '2026-05-05': 'Tue',
      '2026-06-19': 'Fri', '2026-06-21': 'Sun', '2026-09-25': 'Fri', '2026-09-27': 'Sun',
      '2026-10-01': 'Thu', '2026-10-07': 'Wed',
      '2026-01-04': 'Sun', '2026-02-14': 'Sat', '2026-02-28': 'Sat', '2026-05-09': 'Sat',
      '2026-09-20': 'Sun', '2026-10-10': 'Sat',
    };
    for (const [day, wd] of Object.entries(printed)) expect(weekday(day), day).toBe(wd);
  });
  it('has six make-up workdays, all on weekends and none a holiday', () => {
    expect(MAKEUP_WORKDAYS_2026).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    for (const d of MAKEUP_WORKDAYS_2026) {
      expect(['Sat', 'Sun']).toContain(weekday(d));
      expect(HOLIDAYS_2026).not.toContain(d);
    }
  });
});
