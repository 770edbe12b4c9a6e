// 月度考核报告 as an Excel workbook (ExcelJS), in Chinese: the district's indicators against last month, the rankings of
// departments, streets and inspectors, the hotline rates, the top classes and communities, and the month day by day.
import ExcelJS from 'exceljs';
import type { MonthlyReport, Ranking, RankingRow } from './evaluation.schema';

const HOTLINE = ['respondRate', 'resolveRate', 'satisfactionRate'] as const;

/** 2026-11 → 2026年11月 */
export function monthZh(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

const pct = (p: number | null) => (p === null ? null : p / 100);

/** The rows with anything filed, most first: the top classes or communities. */
export function topBy(r: Ranking, n: number): RankingRow[] {
  return [...r.rows].filter((x) => x.counts.filed > 0).sort((a, b) => b.counts.filed - a.counts.filed || a.name.localeCompare(b.name, 'zh')).slice(0, n);
}

function styleHead(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.height = 32;
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } };
    c.border = { bottom: { style: 'thin', color: { argb: 'FF9FB0C5' } } };
  });
}

function rankingSheet(wb: ExcelJS.Workbook, name: string, r: Ranking) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  const head = ['排名', '名称', '综合得分', '等级', '较上月', '上月排名', '立案数'];
  for (const c of r.columns) head.push(`${c.nameZh}`, `${c.nameZh}·分子`, `${c.nameZh}·分母`);
  styleHead(ws.addRow(head));
  for (const row of r.rows) {
    const cells: (string | number | null)[] = [row.rank, row.name, row.composite, row.grade, row.change, row.previous.rank, row.counts.filed];
    for (const v of row.indicators) cells.push(pct(v.percent), v.numerator, v.denominator);
    const x = ws.addRow(cells);
    r.columns.forEach((_, i) => (x.getCell(8 + i * 3).numFmt = '0.00%'));
  }
  if (r.district) {
    const cells: (string | number | null)[] = [null, '全区合计', null, null, null, null, r.district.counts.filed];
    for (const v of r.district.indicators) cells.push(pct(v.percent), v.numerator, v.denominator);
    const x = ws.addRow(cells);
    x.font = { bold: true };
    r.columns.forEach((_, i) => (x.getCell(8 + i * 3).numFmt = '0.00%'));
  }
  ws.getColumn(2).width = 28;
  for (let i = 3; i <= head.length; i++) ws.getColumn(i).width = i <= 7 ? 10 : 14;
}

/** The workbook of one month's report. */
export async function reportWorkbook(r: MonthlyReport, districtName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = `${districtName}数字城管指挥调度平台`;
  wb.created = new Date(r.generatedAt);
  const title = `长春市${districtName}数字城管${monthZh(r.month)}综合评价考核报告`;

  const s = wb.addWorksheet('全区概况');
  s.addRow([title]).font = { bold: true, size: 14 };
  s.addRow([`统计口径：${r.district.period.firstDay} 至 ${r.district.period.lastDay}（北京时间），统计截至 ${r.district.asOf}；根据案件事件日志自动生成`]);
  s.addRow([]);
  const all = r.district.rows[0];
  if (all) {
    const c = all.counts;
    s.addRow(['立案数', c.filed, '应结案数', c.dueToClose, '结案数', c.closed, '按期结案数', c.closedOnTime]);
    s.addRow(['公众举报立案数', c.publicFiled, '返工次数', c.reworks, '监督员上报数', c.reports, '有效上报数', c.validReports]);
    s.addRow(['综合得分', all.composite, '等级', all.grade, '上月得分', all.previous.composite, '较上月', all.change]);
    s.addRow([]);
    styleHead(s.addRow(['指标', '分子', '分母', '本月', '上月', '较上月（百分点）']));
    r.district.columns.forEach((col, i) => {
      const v = all.indicators[i];
      const delta = v.percent !== null && v.previousPercent !== null ? Math.round((v.percent - v.previousPercent) * 100) / 100 : null;
      const row = s.addRow([`${col.nameZh}${col.better === 'lower' ? '（越低越好）' : ''}`, v.numerator, v.denominator, pct(v.percent), pct(v.previousPercent), delta]);
      row.getCell(4).numFmt = '0.00%';
      row.getCell(5).numFmt = '0.00%';
    });
  }
  s.columns.forEach((col, i) => (col.width = [26, 12, 12, 12, 12, 16, 12, 12][i] ?? 12));

  rankingSheet(wb, '专业部门考核排名', r.departments);
  rankingSheet(wb, '街道（镇）考核排名', r.streets);
  rankingSheet(wb, '监督员考核排名', r.inspectors);

  // 接诉即办: the three hotline rates per department and street.
  const h = wb.addWorksheet('热线三率');
  styleHead(h.addRow(['类别', '名称', '响应率', '按时响应/应响应', '解决率', '办结/应办结', '满意率', '满意/参评']));
  for (const [label, ranking] of [['专业部门', r.departments], ['街道（镇）', r.streets]] as const) {
    for (const row of ranking.rows) {
      const cells: (string | number | null)[] = [label, row.name];
      for (const k of HOTLINE) {
        const v = row.indicators.find((i) => i.key === k);
        cells.push(pct(v?.percent ?? null), v ? `${v.numerator}/${v.denominator}` : null);
      }
      const x = h.addRow(cells);
      for (const c of [3, 5, 7]) x.getCell(c).numFmt = '0.00%';
    }
  }
  h.getColumn(2).width = 28;
  for (let i = 3; i <= 8; i++) h.getColumn(i).width = 14;

  const topSheet = (name: string, rows: RankingRow[], label: string) => {
    const ws = wb.addWorksheet(name);
    styleHead(ws.addRow(['序号', label, '立案数', '应结案数', '结案数']));
    rows.forEach((x, i) => ws.addRow([i + 1, x.name, x.counts.filed, x.counts.dueToClose, x.counts.closed]));
    ws.getColumn(2).width = 30;
  };
  topSheet('问题类别TOP10', topBy(r.classes, 10), '问题类别');
  topSheet('热点社区TOP10', topBy(r.communities, 10), '社区');

  const d = wb.addWorksheet('每日趋势');
  styleHead(d.addRow(['日期', '上报', '立案', '派遣', '结案']));
  for (const x of r.trend) d.addRow([x.day, x.reported, x.filed, x.dispatched, x.closed]);
  d.getColumn(1).width = 14;

  return Buffer.from(await wb.xlsx.writeBuffer());
}
