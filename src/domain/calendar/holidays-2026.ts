// The official 2026 public-holiday and make-up-workday schedule for mainland China.
// Source: 国务院办公厅关于2026年部分节假日安排的通知, issued 2025-11-04 (published by Xinhua / gov.cn).
import { DEFAULT_WINDOWS, type CalendarData } from './calendar-data';

/** Every day in [from, to] inclusive, both in 2026; keeps the table below readable as ranges. */
function range(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export const HOLIDAYS_2026: readonly string[] = Object.freeze([
  ...range('2026-01-01', '2026-01-03'), // 元旦
  ...range('2026-02-15', '2026-02-23'), // 春节
  ...range('2026-04-04', '2026-04-06'), // 清明节
  ...range('2026-05-01', '2026-05-05'), // 劳动节
  ...range('2026-06-19', '2026-06-21'), // 端午节
  ...range('2026-09-25', '2026-09-27'), // 中秋节
  ...range('2026-10-01', '2026-10-07'), // 国庆节
]);

export const MAKEUP_WORKDAYS_2026: readonly string[] = Object.freeze([
  '2026-01-04', // Sun, for 元旦
  '2026-02-14', // Sat, for 春节
  '2026-02-28', // Sat, for 春节
  '2026-05-09', // Sat, for 劳动节
  '2026-09-20', // Sun, for 国庆节
  '2026-10-10', // Sat, for 国庆节
]);

export const CALENDAR_2026: CalendarData = Object.freeze({
  windows: DEFAULT_WINDOWS.map((w) => ({ ...w })),
  holidays: [...HOLIDAYS_2026],
  workdays: [...MAKEUP_WORKDAYS_2026],
});
