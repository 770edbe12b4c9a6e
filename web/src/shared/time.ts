// Times in Asia/Shanghai (Beijing time) whatever the browser's zone, and durations in words.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Lang } from './i18n';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

export function shanghai(iso: string | Date | number) {
  return dayjs(iso).tz(TZ);
}

/** 2026-11-22 09:05 */
export function fmtDateTime(iso: string | null | undefined): string {
  return iso ? shanghai(iso).format('YYYY-MM-DD HH:mm') : '—';
}

/** 11-22 09:05, for dense tables. */
export function fmtShort(iso: string | null | undefined): string {
  return iso ? shanghai(iso).format('MM-DD HH:mm') : '—';
}

/** A duration in minutes as words: "2天3小时", "45分钟" / "2 d 3 h", "45 min". */
export function fmtMinutes(total: number, lang: Lang, days = true): string {
  const m = Math.round(Math.abs(total));
  const d = days ? Math.floor(m / 1440) : 0;
  const h = Math.floor((m - d * 1440) / 60);
  const min = m % 60;
  const parts: string[] = [];
  if (lang === 'en') {
    if (d) parts.push(`${d} d`);
    if (h) parts.push(`${h} h`);
    if (!d && (min || parts.length === 0)) parts.push(`${min} min`);
    return parts.join(' ');
  }
  if (d) parts.push(`${d}天`);
  if (h) parts.push(`${h}小时`);
  if (!d && (min || parts.length === 0)) parts.push(`${min}分钟`);
  return parts.join('');
}

/** Time since an instant, in words. */
export function fmtAge(iso: string, lang: Lang, now = Date.now()): string {
  return fmtMinutes((now - new Date(iso).getTime()) / 60_000, lang);
}
