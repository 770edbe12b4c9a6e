// Bulk import of cases from CSV or xlsx: one case per row through the ordinary intake (validation, location, numbering),
// each row answered on its own; an external id per row makes a re-import of the same file create nothing twice.
import { z } from 'zod';
import { SOURCES, type CaseSource } from '../../domain/workflow';
import { SOURCE_LABELS } from '../../domain/workflow/labels';
import { requireAccess } from '../auth/policy';
import { CaseCreateSchema } from '../cases/case.schema';
import { createCase } from '../cases/case.service';
import type { AppContext } from '../context';
import { AppError, ERRORS } from '../errors';
import { toAppError } from '../http';
import { parseServiceCode } from '../open311/service-code';
import { channelOf, requireKeyAction, type Caller } from './api-key.service';
import { insertCaseRef } from './case-ref.repository';
import { locateByCode, locateByText } from './locate';
import { readTable } from './table';

export const MAX_IMPORT_ROWS = 2000;

/** Column names accepted for each field (English keys and the usual Chinese headers). */
export const IMPORT_COLUMNS: Record<string, string[]> = {
  external_id: ['external_id', '外部编号', '原编号', '工单编号'],
  service_code: ['service_code', '服务代码'],
  kind: ['kind', '类型'],
  class_code: ['class_code', '类别编码', '类别代码', '小类编码'],
  description: ['description', '问题描述', '描述', '诉求内容'],
  lng: ['lng', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
  crs: ['crs', '坐标系'],
  address: ['address', '地址', '事发地址'],
  address_id: ['address_id', '网格编码', '地址编码'],
  location_text: ['location_text', '事发位置'],
  source: ['source', '来源'],
  urgency: ['urgency', '紧急程度'],
  reporter_name: ['reporter_name', '反映人', '联系人'],
  reporter_phone: ['reporter_phone', '联系电话', '电话'],
};

export interface ImportRowResult {
  row: number;
  ok: boolean;
  number?: string;
  replayed?: boolean;
  error?: string;
}

export interface ImportSummary {
  total: number;
  created: number;
  replayed: number;
  failed: number;
  rows: ImportRowResult[];
}

const KINDS: Record<string, 'component' | 'matter'> = { component: 'component', matter: 'matter', 部件: 'component', 事件: 'matter', 事项: 'matter' };
const URGENCY: Record<string, 'normal' | 'urgent'> = { normal: 'normal', urgent: 'urgent', 一般: 'normal', 紧急: 'urgent' };

function sourceOf(v: string): CaseSource | null {
  if ((SOURCES as readonly string[]).includes(v)) return v as CaseSource;
  const hit = Object.entries(SOURCE_LABELS).find(([, l]) => l.zh === v || l.en.toLowerCase() === v.toLowerCase());
  return hit ? (hit[0] as CaseSource) : null;
}

export async function importCases(ctx: AppContext, caller: Caller, data: Buffer, lang: 'zh' | 'en'): Promise<ImportSummary> {
  if (caller.kind === 'key') requireKeyAction(caller, 'cases.import');
  requireAccess(caller.actor, 'case.create');
  let table;
  try {
    table = await readTable(data);
  } catch (e) {
    if (e instanceof AppError) throw e; // e.g. ARCHIVE_TOO_LARGE from the zip guard
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send a CSV or xlsx file');
  }
  const col = new Map<string, number>();
  table.headers.forEach((h, i) => {
    const field = Object.entries(IMPORT_COLUMNS).find(([, names]) => names.some((n) => n.toLowerCase() === h.toLowerCase()))?.[0];
    if (field && !col.has(field)) col.set(field, i);
  });
  if (!col.has('description') || !(col.has('service_code') || (col.has('kind') && col.has('class_code'))))
    throw new AppError('VALIDATION_FAILED', 'the header row needs description and service_code (or kind and class_code); see the API docs for the columns');
  if (table.rows.length > MAX_IMPORT_ROWS) throw new AppError('VALIDATION_FAILED', `at most ${MAX_IMPORT_ROWS} rows per file`);

  const summary: ImportSummary = { total: table.rows.length, created: 0, replayed: 0, failed: 0, rows: [] };
  for (let i = 0; i < table.rows.length; i++) {
    const cells = table.rows[i];
    const get = (f: string) => {
      const idx = col.get(f);
      const v = idx === undefined ? '' : (cells[idx] ?? '').trim();
      return v === '' ? undefined : v;
    };
    const rowNo = i + 2; // the spreadsheet's own row number (the header is row 1)
    try {
      summary.rows.push({ row: rowNo, ...(await importRow(ctx, caller, get)) });
      const r = summary.rows[summary.rows.length - 1];
      if (r.replayed) summary.replayed++;
      else summary.created++;
    } catch (err) {
      const app = toAppError(err);
      if (!app) throw err;
      summary.failed++;
      summary.rows.push({ row: rowNo, ok: false, error: `${app.code}: ${ERRORS[app.code][lang]}${app.detail ? ` (${app.detail})` : ''}` });
    }
  }
  return summary;
}

async function importRow(ctx: AppContext, caller: Caller, get: (f: string) => string | undefined): Promise<Omit<ImportRowResult, 'row'>> {
  let kind: 'component' | 'matter' | undefined;
  let classCode: string | undefined;
  const sc = get('service_code');
  if (sc) {
    const ref = parseServiceCode(sc);
    if (!ref) throw new AppError('UNKNOWN_CLASS', `service_code ${sc}`);
    ({ kind, code: classCode } = ref);
  } else {
    kind = KINDS[get('kind') ?? ''];
    classCode = get('class_code');
    if (!kind) throw new AppError('VALIDATION_FAILED', 'kind must be component/matter (部件/事件)');
  }
  const wantedSource = get('source');
  const source = wantedSource ? sourceOf(wantedSource) : null;
  if (wantedSource && !source) throw new AppError('VALIDATION_FAILED', `unknown source ${wantedSource}`);
  const urgencyText = get('urgency');
  if (urgencyText && !URGENCY[urgencyText]) throw new AppError('VALIDATION_FAILED', `unknown urgency ${urgencyText}`);

  let lng = get('lng') !== undefined ? Number(get('lng')) : undefined;
  let lat = get('lat') !== undefined ? Number(get('lat')) : undefined;
  let crs = get('crs')?.toUpperCase().replace('-', '');
  if (lng === undefined || lat === undefined) {
    const p = get('address_id') ? await locateByCode(ctx.db, get('address_id')!) : get('address') ? await locateByText(ctx.db, get('address')!) : null;
    if (!p) throw new AppError('VALIDATION_FAILED', 'a location is needed: lng and lat, address_id or an address naming a community or street');
    ({ lng, lat } = p);
    crs = 'WGS84';
  }
  const name = get('reporter_name');
  const phone = get('reporter_phone');
  const parsed = CaseCreateSchema.safeParse({
    source: caller.kind === 'key' ? channelOf(caller, source ?? undefined) : (source ?? 'superior'),
    kind,
    classCode,
    description: get('description'),
    locationText: get('location_text') ?? get('address'),
    lng,
    lat,
    crs: crs ?? 'WGS84',
    urgency: URGENCY[urgencyText ?? 'normal'],
    reporter: name || phone ? { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } : undefined,
  });
  if (!parsed.success) throw new z.ZodError(parsed.error.issues);
  const externalId = get('external_id');
  const res = await createCase(ctx, caller.actor, parsed.data, externalId ? `import:${externalId}` : undefined);
  if (externalId || caller.kind === 'key') {
    await insertCaseRef(ctx.db, {
      caseId: res.case.id,
      apiKeyId: caller.kind === 'key' ? caller.key.id : null,
      channel: 'import',
      externalId: externalId ?? null,
      createdAt: ctx.now(),
    });
  }
  return { ok: true, number: res.case.number, replayed: res.replayed };
}
