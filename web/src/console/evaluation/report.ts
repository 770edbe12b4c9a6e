// The monthly evaluation report's data (one month, every table) and its xlsx export, built in the browser with ExcelJS
// (already a dependency of the server's exports; loaded only when the button is pressed).
import type { Dashboard, Grade, IndicatorColumn, Ranking, RankingRow } from './data';
import { evalText, type EvalKey } from './messages';

export interface ReportData {
  month: string;
  district: Ranking;
  departments: Ranking;
  streets: Ranking;
  inspectors: Ranking;
  classes: Ranking;
  communities: Ranking;
  dashboard: Dashboard | undefined;
}

const zh = (k: EvalKey, v?: Record<string, string | number>) => evalText('zh', k, v);

/** The columns a printed table has room for: all when few, else the weighted ones and the closing rates. */
export function printColumns(r: Ranking): IndicatorColumn[] {
  if (r.columns.length <= 8) return r.columns;
  const keep = new Set(['closeRate', 'closeOnTimeRate', 'handleOnTimeRate', ...Object.keys(r.weights ?? {})]);
  return r.columns.filter((c) => keep.has(c.key));
}

export function topBy(r: Ranking, n: number): RankingRow[] {
  return [...r.rows].filter((x) => x.counts.filed > 0).sort((a, b) => b.counts.filed - a.counts.filed || a.name.localeCompare(b.name, 'zh')).slice(0, n);
}

/** The days of the month from the dashboard's trend, when the trend reaches back to the month's first day. */
export function monthTrend(d: ReportData): Dashboard['trend'] | null {
  const trend = d.dashboard?.trend;
  if (!trend?.length) return null;
  const first = d.district.period.firstDay;
  const last = d.district.period.lastDay;
  if (trend[0].day > first) return null;
  const days = trend.filter((t) => t.day >= first && t.day <= last);
  return days.length ? days : null;
}

export function gradeCounts(rows: RankingRow[]): Record<Grade, number> {
  const out: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  for (const r of rows) if (r.grade) out[r.grade]++;
  return out;
}

const pct = (p: number | null) => (p === null ? null : p / 100);

/** Builds the workbook and hands it to the browser as a download. */
export async function downloadReportXlsx(d: ReportData, districtName: string): Promise<void> {
  const mod = (await import('exceljs')) as unknown as typeof import('exceljs') & { default?: typeof import('exceljs') };
  const ExcelJS = mod.Workbook ? mod : mod.default!;
  const wb = new ExcelJS.Workbook();
  wb.creator = districtName;
  wb.created = new Date();
  const title = zh('report.heading', { district: districtName, month: monthZh(d.month) });
  const headStyle = (row: import('exceljs').Row) => {
    row.font = { bold: true };
    row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    row.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } };
      c.border = { bottom: { style: 'thin', color: { argb: 'FF9FB0C5' } } };
    });
  };

  // 全区概况
  const s = wb.addWorksheet(zh('report.sheet.summary'));
  s.addRow([title]).font = { bold: true, size: 14 };
  s.addRow([`${d.district.period.firstDay} ~ ${d.district.period.lastDay}（北京时间），统计截至 ${d.district.asOf}`]);
  s.addRow([]);
  const all = d.district.rows[0];
  if (all) {
    s.addRow(['综合得分', all.composite, '等级', all.grade]);
    s.addRow([]);
    headStyle(s.addRow([zh('report.indicator'), zh('report.numerator'), '', zh('report.denominator'), '', `${zh('report.thisMonth')}`, `${zh('report.lastMonth')}`]));
    d.district.columns.forEach((c, i) => {
      const v = all.indicators[i];
      const row = s.addRow([c.nameZh, zh(`count.${c.numerator}` as EvalKey), v.numerator, zh(`count.${c.denominator}` as EvalKey), v.denominator, pct(v.percent), pct(v.previousPercent)]);
      row.getCell(6).numFmt = '0.00%';
      row.getCell(7).numFmt = '0.00%';
    });
  }
  s.columns.forEach((col, i) => (col.width = [22, 16, 10, 16, 10, 12, 12][i] ?? 12));

  const rankingSheet = (name: string, r: Ranking) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
    const head = [zh('rank.col.rank'), zh('rank.col.name'), zh('rank.col.composite'), zh('rank.col.grade'), zh('rank.col.change'), zh('rank.col.filed')];
    for (const c of r.columns) head.push(`${c.nameZh}`, `${c.nameZh}·${zh(`count.${c.numerator}` as EvalKey)}`, `${c.nameZh}·${zh(`count.${c.denominator}` as EvalKey)}`);
    headStyle(ws.addRow(head));
    for (const row of r.rows) {
      const cells: (string | number | null)[] = [row.rank, row.name, row.composite, row.grade, row.change, row.counts.filed];
      for (const v of row.indicators) cells.push(pct(v.percent), v.numerator, v.denominator);
      const x = ws.addRow(cells);
      r.columns.forEach((_, i) => (x.getCell(7 + i * 3).numFmt = '0.00%'));
    }
    ws.getColumn(2).width = 28;
    for (let i = 3; i <= head.length; i++) ws.getColumn(i).width = i <= 6 ? 10 : 14;
    ws.getRow(1).height = 36;
  };
  rankingSheet(zh('report.s2').replace(/^.、/, ''), d.departments);
  rankingSheet(zh('report.s3').replace(/^.、/, ''), d.streets);
  rankingSheet(zh('report.s4').replace(/^.、/, ''), d.inspectors);

  const topSheet = (name: string, rows: RankingRow[], label: string) => {
    const ws = wb.addWorksheet(name);
    headStyle(ws.addRow(['序号', label, zh('count.filed'), zh('count.closed'), zh('count.dueToClose')]));
    rows.forEach((r, i) => ws.addRow([i + 1, r.name, r.counts.filed, r.counts.closed, r.counts.dueToClose]));
    ws.getColumn(2).width = 30;
  };
  topSheet('问题类别TOP10', topBy(d.classes, 10), '问题类别');
  topSheet('热点社区TOP10', topBy(d.communities, 10), '社区');

  const trend = monthTrend(d);
  if (trend) {
    const ws = wb.addWorksheet('每日趋势');
    headStyle(ws.addRow(['日期', zh('dash.reported'), zh('dash.filed'), zh('dash.closed')]));
    for (const t of trend) ws.addRow([t.day, t.reported, t.filed, t.closed]);
    ws.getColumn(1).width = 14;
  }

  const buf = await wb.xlsx.writeBuffer();
  const blob = new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${zh('report.title')}-${d.month}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 2026-11 → 2026年11月 */
export function monthZh(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
