// Helpers of the monthly evaluation report (the printable page; the Excel workbook is built by the server).
import type { Grade, IndicatorColumn, MonthlyReport, Ranking, RankingRow } from './data';

export type ReportData = MonthlyReport;

/** The columns a printed table has room for: all when few, else the weighted ones and the closing rates. */
export function printColumns(r: Ranking): IndicatorColumn[] {
  if (r.columns.length <= 8) return r.columns;
  const keep = new Set(['closeRate', 'closeOnTimeRate', 'handleOnTimeRate', ...Object.keys(r.weights ?? {})]);
  return r.columns.filter((c) => keep.has(c.key));
}

/** The rows with anything filed, most first (the same order as the server's workbook). */
export function topBy(r: Ranking, n: number): RankingRow[] {
  return [...r.rows].filter((x) => x.counts.filed > 0).sort((a, b) => b.counts.filed - a.counts.filed || a.name.localeCompare(b.name, 'zh')).slice(0, n);
}

export function gradeCounts(rows: RankingRow[]): Record<Grade, number> {
  const out: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  for (const r of rows) if (r.grade) out[r.grade]++;
  return out;
}

/** 2026-11 → 2026年11月 */
export function monthZh(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
