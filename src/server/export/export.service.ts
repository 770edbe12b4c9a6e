// Export of a case search to Excel (xlsx, streamed) or CSV (UTF-8 with BOM, so Excel shows Chinese): the same filters and scope as the case list.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { CLOSE_TYPE_LABELS, KIND_LABELS, LIGHT_LABELS, SOURCE_LABELS, STATE_LABELS, URGENCY_LABELS } from '../../domain/workflow/labels';
import { requireAccess, type Actor } from '../auth/policy';
import type { CaseListQuery, CaseSummary } from '../cases/case.schema';
import { listCases } from '../cases/case.service';
import type { AppContext } from '../context';
import { listCommunities, listStreets } from '../geo/geo.repository';

export const MAX_EXPORT_ROWS = 100_000;
const PAGE = 1000;

type Lang = 'zh' | 'en';
type Names = { streets: Map<string, string>; communities: Map<string, string> };

interface Column {
  zh: string;
  en: string;
  width: number;
  value: (c: CaseSummary, lang: Lang, names: Names) => string | number | null;
}

const shanghai = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
/** "2026-11-22 09:05" in Beijing time: how district offices write times. */
const time = (iso: string | null) => (iso ? shanghai.format(new Date(iso)) : '');
const label = (table: Record<string, { zh: string; en: string }>, key: string | null, lang: Lang) => (key && table[key] ? table[key][lang] : (key ?? ''));

export const EXPORT_COLUMNS: Column[] = [
  { zh: '案件编号', en: 'Case number', width: 20, value: (c) => c.number },
  { zh: '状态', en: 'State', width: 10, value: (c, l) => label(STATE_LABELS, c.state, l) },
  { zh: '时限灯', en: 'Light', width: 9, value: (c, l) => label(LIGHT_LABELS, c.light, l) },
  { zh: '剩余时限(分钟)', en: 'Time left (min)', width: 12, value: (c) => c.remainingMinutes },
  { zh: '阶段时限', en: 'Step deadline', width: 17, value: (c) => time(c.stepDeadline) },
  { zh: '处置时限', en: 'Handling deadline', width: 17, value: (c) => time(c.handleDeadline) },
  { zh: '来源', en: 'Source', width: 12, value: (c, l) => label(SOURCE_LABELS, c.source, l) },
  { zh: '类型', en: 'Kind', width: 8, value: (c, l) => label(KIND_LABELS, c.kind, l) },
  { zh: '类别编码', en: 'Class code', width: 9, value: (c) => c.classCode },
  { zh: '类别名称', en: 'Class', width: 18, value: (c, l) => (l === 'en' ? c.classNameEn : c.className) },
  { zh: '问题描述', en: 'Description', width: 40, value: (c) => c.description },
  { zh: '事发位置', en: 'Location', width: 30, value: (c) => c.locationText },
  { zh: '街道', en: 'Street', width: 12, value: (c, _l, n) => (c.streetCode ? (n.streets.get(c.streetCode) ?? c.streetCode) : '') },
  { zh: '社区', en: 'Community', width: 12, value: (c, _l, n) => (c.communityCode ? (n.communities.get(c.communityCode) ?? c.communityCode) : '') },
  { zh: '网格编码', en: 'Grid code', width: 17, value: (c) => c.gridCode },
  { zh: '承办部门', en: 'Department', width: 22, value: (c, l) => (l === 'en' ? c.departmentNameEn : c.departmentName) },
  { zh: '紧急程度', en: 'Urgency', width: 8, value: (c, l) => label(URGENCY_LABELS, c.urgency, l) },
  { zh: '结案类型', en: 'Close type', width: 10, value: (c, l) => label(CLOSE_TYPE_LABELS, c.closeType, l) },
  { zh: '上报时间', en: 'Reported at', width: 17, value: (c) => time(c.createdAt) },
  { zh: '更新时间', en: 'Updated at', width: 17, value: (c) => time(c.updatedAt) },
  { zh: '经度', en: 'Longitude (WGS84)', width: 12, value: (c) => c.lng },
  { zh: '纬度', en: 'Latitude (WGS84)', width: 12, value: (c) => c.lat },
];

export type ExportQuery = Omit<CaseListQuery, 'page' | 'pageSize'> & { format: 'xlsx' | 'csv' };

export interface ExportResult {
  stream: PassThrough;
  total: number;
  truncated: boolean;
  contentType: string;
  extension: string;
}

function csvCell(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote when needed; a leading = + - @ would be read as a formula by Excel.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Starts the export: reads the first page now (so that errors are ordinary API errors), then streams the rest. */
export async function exportCases(ctx: AppContext, actor: Actor, query: ExportQuery, lang: Lang): Promise<ExportResult> {
  requireAccess(actor, 'case.export');
  const { format, ...filters } = query;
  const first = await listCases(ctx, actor, { ...filters, page: 1, pageSize: PAGE });
  const [streetRows, communityRows] = await Promise.all([listStreets(ctx.db), listCommunities(ctx.db)]);
  const names: Names = {
    streets: new Map(streetRows.map((s) => [s.code, s.name])),
    communities: new Map(communityRows.map((c) => [c.code, c.name])),
  };
  const total = Math.min(first.total, MAX_EXPORT_ROWS);
  const pages = Math.ceil(total / PAGE);
  const stream = new PassThrough();
  const header = EXPORT_COLUMNS.map((c) => c[lang]);
  const rowOf = (c: CaseSummary) => EXPORT_COLUMNS.map((col) => col.value(c, lang, names));

  async function* allRows(): AsyncGenerator<CaseSummary[]> {
    yield first.items;
    for (let p = 2; p <= pages; p++) yield (await listCases(ctx, actor, { ...filters, page: p, pageSize: PAGE })).items;
  }

  const write = async () => {
    if (format === 'csv') {
      const put = (line: string) => (stream.write(line) ? Promise.resolve() : new Promise<void>((ok) => stream.once('drain', () => ok())));
      await put('\uFEFF' + header.map(csvCell).join(',') + '\r\n');
      let n = 0;
      for await (const items of allRows()) {
        const lines = items.slice(0, total - n).map((c) => rowOf(c).map(csvCell).join(','));
        n += lines.length;
        if (lines.length) await put(lines.join('\r\n') + '\r\n');
      }
      stream.end();
      return;
    }
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    wb.creator = 'Wangge 网格';
    const sheet = wb.addWorksheet(lang === 'en' ? 'Cases' : '案件', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c[lang], width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let n = 0;
    for await (const items of allRows()) {
      for (const c of items.slice(0, total - n)) sheet.addRow(rowOf(c)).commit();
      n += items.length;
    }
    sheet.commit();
    await wb.commit();
  };
  write().catch((err) => stream.destroy(err as Error));

  return {
    stream,
    total,
    truncated: first.total > MAX_EXPORT_ROWS,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: format,
  };
}
