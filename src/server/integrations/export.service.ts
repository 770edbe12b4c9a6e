// Streamed export of cases and case events for a time range, for integrators and for archives: CSV (UTF-8 with BOM),
// xlsx (ExcelJS streaming writer) and GeoJSON. Columns are stable machine keys and values are codes, not labels
// (the search export at /api/export/cases is the one for people). Rows are read page by page as the client reads.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { serviceCodeOf } from '../open311/service-code';
import { open311Status } from '../open311/status';
import type { CaseState } from '../../domain/workflow';
import { requireKeyAction, type Caller } from './api-key.service';
import * as repo from './export.repository';
import { csvLine } from './table';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const MAX_SPAN_DAYS = 366;

export const ExportRangeSchema = z.object({
  from: z.coerce.date().describe('Start of the range (ISO 8601), by report time for cases and event time for events'),
  to: z.coerce.date().describe(`End of the range; at most ${MAX_SPAN_DAYS} days after from`),
});

type CaseRow = Awaited<ReturnType<typeof repo.casesPage>>[number];
type EventRow = Awaited<ReturnType<typeof repo.eventsPage>>[number];
type Cell = string | number | boolean | null;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const CASE_COLUMNS: { key: string; value: (r: CaseRow) => Cell }[] = [
  { key: 'number', value: (r) => r.c.number },
  { key: 'id', value: (r) => r.c.id },
  { key: 'source', value: (r) => r.c.source },
  { key: 'kind', value: (r) => r.c.kind },
  { key: 'class_code', value: (r) => r.c.classCode },
  { key: 'service_code', value: (r) => serviceCodeOf(r.c.kind, r.c.classCode) },
  { key: 'class_name', value: (r) => r.classNameZh },
  { key: 'class_name_en', value: (r) => r.classNameEn },
  { key: 'filing_condition', value: (r) => r.c.filingCondition },
  { key: 'description', value: (r) => r.c.description },
  { key: 'location_text', value: (r) => r.c.locationText },
  { key: 'lng', value: (r) => r.c.lng },
  { key: 'lat', value: (r) => r.c.lat },
  { key: 'grid_code', value: (r) => r.c.gridCode },
  { key: 'community_code', value: (r) => r.c.communityCode },
  { key: 'street_code', value: (r) => r.c.streetCode },
  { key: 'area_class', value: (r) => r.c.areaClass },
  { key: 'urgency', value: (r) => r.c.urgency },
  { key: 'self_fix', value: (r) => r.c.selfFix },
  { key: 'state', value: (r) => r.c.state },
  { key: 'open311_status', value: (r) => open311Status(r.c.state as CaseState) },
  { key: 'department_id', value: (r) => r.c.departmentId },
  { key: 'department_name', value: (r) => r.departmentNameZh },
  { key: 'handle_deadline', value: (r) => iso(r.c.handleDeadline) },
  { key: 'handled_at', value: (r) => iso(r.c.handledAt) },
  { key: 'close_type', value: (r) => r.c.closeType },
  { key: 'closed_at', value: (r) => iso(r.c.closedAt) },
  { key: 'rework_count', value: (r) => r.c.reworkCount },
  { key: 'return_count', value: (r) => r.c.returnCount },
  { key: 'extension_count', value: (r) => r.c.extensionCount },
  { key: 'created_at', value: (r) => iso(r.c.createdAt) },
  { key: 'updated_at', value: (r) => iso(r.c.updatedAt) },
];

export const EVENT_COLUMNS: { key: string; value: (r: EventRow) => Cell }[] = [
  { key: 'event_id', value: (r) => r.e.id },
  { key: 'case_number', value: (r) => r.number },
  { key: 'case_id', value: (r) => r.e.caseId },
  { key: 'seq', value: (r) => r.e.seq },
  { key: 'action', value: (r) => r.e.action },
  { key: 'from_state', value: (r) => r.e.fromState },
  { key: 'to_state', value: (r) => r.e.toState },
  { key: 'actor_id', value: (r) => r.e.actorId },
  { key: 'role', value: (r) => r.e.role },
  { key: 'at', value: (r) => iso(r.e.at) },
  { key: 'note', value: (r) => r.e.note },
  { key: 'department_id', value: (r) => r.e.departmentId },
  { key: 'step_deadline', value: (r) => iso(r.e.stepDeadline) },
  { key: 'in_time', value: (r) => (r.e.stepDeadline ? r.e.at.getTime() <= r.e.stepDeadline.getTime() : null) },
  { key: 'payload', value: (r) => JSON.stringify(r.e.payload ?? {}) },
];

/** What the caller may export: all, their department's or street's cases, or (a key with scope 'own') what it reported. */
function exportScope(caller: Caller): repo.ExportScope {
  if (caller.kind === 'key') {
    requireKeyAction(caller, 'cases.export');
    return caller.key.scope === 'all' ? { kind: 'all' } : { kind: 'createdBy', userId: caller.actor.id };
  }
  const scope = requireAccess(caller.actor, 'case.export');
  if (scope === 'all') return { kind: 'all' };
  if (scope === 'department') return { kind: 'department', departmentId: caller.actor.departmentId, streetCode: caller.actor.streetCode };
  return { kind: 'createdBy', userId: caller.actor.id };
}

function checkRange(range: { from: Date; to: Date }): void {
  if (range.to.getTime() < range.from.getTime()) throw new AppError('VALIDATION_FAILED', 'to must not be before from');
  if (range.to.getTime() - range.from.getTime() > MAX_SPAN_DAYS * 24 * 3600_000) throw new AppError('VALIDATION_FAILED', `at most ${MAX_SPAN_DAYS} days per export`);
}

export interface ExportStream {
  stream: Readable;
  contentType: string;
  filename: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json; charset=utf-8',
};

/** Yields pages of rows until the range is read. */
async function* casePages(ctx: AppContext, range: { from: Date; to: Date }, scope: repo.ExportScope, pageSize: number) {
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows = await repo.casesPage(ctx.db, { ...range, scope, after, limit: pageSize });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1].c;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

async function* eventPages(ctx: AppContext, range: { from: Date; to: Date }, scope: repo.ExportScope, pageSize: number) {
  let afterId = 0;
  for (;;) {
    const rows = await repo.eventsPage(ctx.db, { ...range, scope, afterId, limit: pageSize });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    afterId = rows[rows.length - 1].e.id;
  }
}

async function* csvChunks<R>(pages: AsyncIterable<R[]>, columns: { key: string; value: (r: R) => Cell }[]) {
  yield '\uFEFF' + csvLine(columns.map((c) => c.key));
  for await (const rows of pages) yield rows.map((r) => csvLine(columns.map((c) => c.value(r)))).join('');
}

async function* geojsonChunks(pages: AsyncIterable<CaseRow[]>) {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const rows of pages) {
    const features = rows.map((r) => {
      const properties = Object.fromEntries(CASE_COLUMNS.filter((c) => c.key !== 'lng' && c.key !== 'lat').map((c) => [c.key, c.value(r)]));
      return JSON.stringify({ type: 'Feature', id: r.c.number, geometry: { type: 'Point', coordinates: [r.c.lng, r.c.lat] }, properties });
    });
    yield (first ? '' : ',') + features.join(',');
    first = false;
  }
  yield ']}\n';
}

/** ExcelJS's streaming writer, fed page by page and paused while the client is behind. */
function xlsxStream<R>(sheet: string, pages: AsyncIterable<R[]>, columns: { key: string; value: (r: R) => Cell }[]): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet);
  ws.addRow(columns.map((c) => c.key)).commit();
  void (async () => {
    for await (const rows of pages) {
      for (const r of rows) ws.addRow(columns.map((c) => c.value(r))).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err));
  return out;
}

export async function exportCases(ctx: AppContext, caller: Caller, format: ExportFormat, range: { from: Date; to: Date }, opts: { pageSize?: number } = {}): Promise<ExportStream> {
  const scope = exportScope(caller);
  checkRange(range);
  const pages = casePages(ctx, range, scope, opts.pageSize ?? 1000);
  const stream =
    format === 'xlsx' ? xlsxStream('cases', pages, CASE_COLUMNS) : Readable.from(format === 'csv' ? csvChunks(pages, CASE_COLUMNS) : geojsonChunks(pages));
  return { stream, contentType: CONTENT_TYPES[format], filename: `cases-${stamp(range)}.${format}` };
}

export async function exportEvents(ctx: AppContext, caller: Caller, format: Exclude<ExportFormat, 'geojson'>, range: { from: Date; to: Date }, opts: { pageSize?: number } = {}): Promise<ExportStream> {
  const scope = exportScope(caller);
  checkRange(range);
  const pages = eventPages(ctx, range, scope, opts.pageSize ?? 1000);
  const stream = format === 'xlsx' ? xlsxStream('events', pages, EVENT_COLUMNS) : Readable.from(csvChunks(pages, EVENT_COLUMNS));
  return { stream, contentType: CONTENT_TYPES[format], filename: `case-events-${stamp(range)}.${format}` };
}

function stamp(range: { from: Date; to: Date }): string {
  const d = (x: Date) => new Date(x.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${d(range.from)}-${d(range.to)}`;
}
