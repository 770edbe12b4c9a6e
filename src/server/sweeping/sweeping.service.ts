// Mechanised sweeping (机械化清扫): road segments, daily records entered or imported (all rows or none), and the board —
// the rate by street and month against the target, its 12-month trend, and the gaps (segments not machine-swept).
import { z } from 'zod';
import { shanghaiDay } from '../../domain/calendar';
import { distanceMeters, type LngLat } from '../../domain/geo';
import {
  DEFAULT_SWEEPING_TARGET,
  meetsTarget,
  monthRange,
  monthsBetween,
  serviceDays,
  shiftMonth,
  reportFromCredits,
  type SegmentCredit,
  type RoadGrade,
  type SweepMethod,
  type SweepSegment,
  type SweepTotals,
} from '../../domain/sweeping';
import { tryDayIndex } from '../../domain/calendar/shanghai-time';
import { audit } from '../admin/admin.repository';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { listStreets, locatePoint } from '../geo/geo.repository';
import { readTable } from '../integrations/table';
import { findDepartment } from '../org/org.repository';
import { getSetting, putSetting } from '../settings/settings.repository';
import * as repo from './sweeping.repository';
import type {
  Board,
  BoardQuerySchema,
  RecordInputSchema,
  RecordListQuerySchema,
  SegmentCreateSchema,
  SegmentListQuerySchema,
  SegmentOut,
  SegmentPatchSchema,
} from './sweeping.schema';

type In<T extends z.ZodType> = z.infer<T>;

export const SETTINGS_KEY = 'sweeping';
export const MAX_IMPORT_ROWS = 20_000;
export const RATE_DEFINITION =
  '机械化清扫率 = Σ日 Σ路段 min(当日机扫面积, 保洁面积) ÷ Σ日 Σ路段 保洁面积 (in-service segments, days of the period up to today). ' +
  'Mechanised sweeping rate = machine-swept area (capped at the area to sweep per segment and day) ÷ area to sweep, both summed over the days.';

type SegmentJoined = Awaited<ReturnType<typeof repo.listSegments>>[number];

function segmentOut({ s, streetName, maintainerName }: SegmentJoined): SegmentOut {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    roadName: s.roadName,
    streetCode: s.streetCode,
    streetName: streetName ?? null,
    grade: s.grade as RoadGrade,
    geometry: s.geometry as SegmentOut['geometry'],
    lengthM: s.lengthM,
    widthM: s.widthM,
    areaM2: s.areaM2,
    maintainerDepartmentId: s.maintainerDepartmentId,
    maintainerName: maintainerName ?? null,
    inServiceFrom: s.inServiceFrom,
    inServiceUntil: s.inServiceUntil,
    updatedAt: s.updatedAt.toISOString(),
  };
}

const toDomain = (s: repo.SegmentRow): SweepSegment => ({ id: s.id, streetCode: s.streetCode, areaM2: s.areaM2, inServiceFrom: s.inServiceFrom, inServiceUntil: s.inServiceUntil });

/** Length of a line in metres. */
export function lineLength(coords: LngLat[]): number {
  let m = 0;
  for (let i = 1; i < coords.length; i++) m += distanceMeters(coords[i - 1], coords[i]);
  return m;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export async function sweepingTarget(ctx: AppContext): Promise<number> {
  const s = await getSetting<{ target?: number }>(ctx.db, SETTINGS_KEY);
  return typeof s?.target === 'number' ? s.target : DEFAULT_SWEEPING_TARGET;
}

export async function setSweepingTarget(ctx: AppContext, actor: Actor, target: number) {
  requireAccess(actor, 'sweeping.manage');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await putSetting(tx, SETTINGS_KEY, { target }, actor.id, now);
    await audit(tx, { actorId: actor.id, action: 'sweeping.target', subject: SETTINGS_KEY, at: now, detail: { target } });
  });
  return { target };
}

// ------------------------------------------------------------------ segments

export async function listSegments(ctx: AppContext, actor: Actor, q: In<typeof SegmentListQuerySchema>) {
  requireAccess(actor, 'sweeping.read');
  return (await repo.listSegments(ctx.db, q)).map(segmentOut);
}

function serviceOrder(from: string, until: string | null | undefined) {
  if (until && until < from) throw new AppError('VALIDATION_FAILED', 'inServiceUntil before inServiceFrom', [{ path: 'inServiceUntil', message: '停止日期早于启用日期 / Ends before it starts' }]);
}

async function checkMaintainer(ctx: AppContext, id: string | null | undefined) {
  if (id && !(await findDepartment(ctx.db, id))) throw new AppError('DEPARTMENT_NOT_FOUND', id);
}

export async function createSegment(ctx: AppContext, actor: Actor, input: In<typeof SegmentCreateSchema>): Promise<SegmentOut> {
  requireAccess(actor, 'sweeping.manage');
  serviceOrder(input.inServiceFrom, input.inServiceUntil);
  await checkMaintainer(ctx, input.maintainerDepartmentId);
  const coords = input.geometry.coordinates as LngLat[];
  // Every vertex must lie in the district; the street is the one under the middle vertex.
  for (const [lng, lat] of [coords[0], coords[coords.length - 1]]) {
    if (!(await locatePoint(ctx.db, lng, lat))) throw new AppError('OUTSIDE_DISTRICT', `${lng},${lat}`);
  }
  const mid = coords[Math.floor(coords.length / 2)];
  const place = await locatePoint(ctx.db, mid[0], mid[1]);
  if (!place) throw new AppError('OUTSIDE_DISTRICT', `${mid[0]},${mid[1]}`);
  const lengthM = round1(lineLength(coords));
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    let code = input.code;
    if (code) {
      if (await repo.findSegment(tx, { code })) throw new AppError('SEGMENT_CODE_TAKEN', code);
    } else {
      let n = (await repo.countSegmentsOfStreet(tx, place.streetCode)) + 1;
      while (await repo.findSegment(tx, { code: `${place.streetCode}-S${String(n).padStart(3, '0')}` })) n++;
      code = `${place.streetCode}-S${String(n).padStart(3, '0')}`;
    }
    const r = await repo.insertSegment(tx, {
      code,
      name: input.name,
      roadName: input.roadName,
      streetCode: place.streetCode,
      grade: input.grade,
      geometry: { type: 'LineString', coordinates: coords },
      lengthM,
      widthM: input.widthM,
      areaM2: input.areaM2 ?? round1(lengthM * input.widthM),
      maintainerDepartmentId: input.maintainerDepartmentId ?? null,
      inServiceFrom: input.inServiceFrom,
      inServiceUntil: input.inServiceUntil ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await audit(tx, { actorId: actor.id, action: 'sweeping.segment.create', subject: r.code, at: now, detail: { name: r.name, areaM2: r.areaM2 } });
    return r;
  });
  return segmentOut((await repo.findSegment(ctx.db, { id: row.id }))!);
}

export async function updateSegment(ctx: AppContext, actor: Actor, id: string, patch: In<typeof SegmentPatchSchema>): Promise<SegmentOut> {
  requireAccess(actor, 'sweeping.manage');
  await checkMaintainer(ctx, patch.maintainerDepartmentId);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const cur = await repo.findSegment(tx, { id });
    if (!cur) throw new AppError('SEGMENT_NOT_FOUND', id);
    serviceOrder(patch.inServiceFrom ?? cur.s.inServiceFrom, patch.inServiceUntil === undefined ? cur.s.inServiceUntil : patch.inServiceUntil);
    await repo.updateSegment(tx, id, { ...patch, updatedAt: now });
    await audit(tx, { actorId: actor.id, action: 'sweeping.segment.update', subject: cur.s.code, at: now, detail: patch });
  });
  return segmentOut((await repo.findSegment(ctx.db, { id }))!);
}

// ------------------------------------------------------------------ records

type RecordJoined = NonNullable<Awaited<ReturnType<typeof repo.findRecord>>>;
function recordOut({ r, segmentCode, segmentName, streetCode, segmentAreaM2 }: RecordJoined) {
  return {
    segmentId: r.segmentId,
    segmentCode,
    segmentName,
    streetCode,
    date: r.date,
    method: r.method as SweepMethod,
    areaM2: r.areaM2,
    segmentAreaM2,
    source: r.source,
    note: r.note,
    enteredBy: r.enteredBy,
    enteredAt: r.enteredAt.toISOString(),
  };
}

export async function listRecords(ctx: AppContext, actor: Actor, q: In<typeof RecordListQuerySchema>) {
  requireAccess(actor, 'sweeping.read');
  const { total, rows } = await repo.listRecords(ctx.db, q, q.limit, q.offset);
  return { total, items: rows.map(recordOut) };
}

/** Why a record may not be stored for this segment (null: it may). Access refusals are thrown. */
function recordProblem(actor: Actor, seg: repo.SegmentRow, r: { date: string; areaM2: number }, today: string): AppError | null {
  requireAccess(actor, 'sweeping.record', { departmentIds: [seg.maintainerDepartmentId], streetCode: seg.streetCode }, new AppError('FORBIDDEN', `segment ${seg.code} is not yours to record`));
  if (r.date > today) return new AppError('SWEEP_DATE_IN_FUTURE', r.date);
  if (!serviceDays(seg, { from: r.date, to: r.date })) return new AppError('SEGMENT_NOT_IN_SERVICE', `${seg.code} ${r.date}`);
  if (r.areaM2 > seg.areaM2 + 1e-6) return new AppError('SWEEP_AREA_TOO_LARGE', `${r.areaM2} > ${seg.areaM2} m²`);
  return null;
}

export async function enterRecord(ctx: AppContext, actor: Actor, input: In<typeof RecordInputSchema>) {
  requireAccess(actor, 'sweeping.record');
  const found = await repo.findSegment(ctx.db, input.segmentId ? { id: input.segmentId } : { code: input.segmentCode });
  if (!found) throw new AppError('SEGMENT_NOT_FOUND', input.segmentId ?? input.segmentCode);
  const now = ctx.now();
  const problem = recordProblem(actor, found.s, input, shanghaiDay(now));
  if (problem) throw problem;
  const { replaced } = await ctx.db.transaction((tx) =>
    repo.upsertRecords(tx, [{ segmentId: found.s.id, date: input.date, method: input.method, areaM2: input.areaM2, source: 'entry', note: input.note ?? null, enteredBy: actor.id, enteredAt: now }]),
  );
  const stored = await repo.findRecord(ctx.db, found.s.id, input.date, input.method);
  return { record: recordOut(stored!), replaced: replaced > 0 };
}

/** Column names accepted in an import (the usual Chinese headers and English keys). */
export const IMPORT_COLUMNS = {
  segment: ['路段编码', '路段编号', 'segment_code', 'segment', 'code'],
  date: ['日期', '作业日期', '清扫日期', 'date'],
  method: ['清扫方式', '作业方式', '方式', 'method'],
  area: ['清扫面积', '清扫面积(m²)', '清扫面积（平方米）', '面积', 'area_m2', 'area'],
  note: ['备注', 'note'],
} as const;

const METHODS: Record<string, SweepMethod> = { machine: 'machine', manual: 'manual', 机械: 'machine', 机扫: 'machine', 机械清扫: 'machine', 机械化清扫: 'machine', 人工: 'manual', 人工清扫: 'manual', 人扫: 'manual' };

/** A day from the usual spreadsheet spellings: 2026-03-01, 2026/3/1, 2026年3月1日, 20260301, or a date as ExcelJS prints it. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return tryDayIndex(day) === null ? null : day;
  }
  // ExcelJS prints a date cell as Date#toString of the day's UTC midnight (Excel dates have no zone): the UTC day is it.
  if (/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4} .*GMT[+-]\d{4}/.test(t)) {
    const d = new Date(t);
    if (!Number.isNaN(d.getTime())) return d.toISOString().slice(0, 10);
  }
  return null;
}

export async function importRecords(ctx: AppContext, actor: Actor, data: Buffer, opts: { dryRun: boolean }) {
  requireAccess(actor, 'sweeping.record');
  let table;
  try {
    table = await readTable(data);
  } catch (e) {
    if (e instanceof AppError) throw e; // e.g. ARCHIVE_TOO_LARGE from the zip guard
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send a CSV or xlsx file');
  }
  const col = (names: readonly string[]) => table.headers.findIndex((h) => names.some((n) => n.toLowerCase() === h.toLowerCase()));
  const c = { segment: col(IMPORT_COLUMNS.segment), date: col(IMPORT_COLUMNS.date), method: col(IMPORT_COLUMNS.method), area: col(IMPORT_COLUMNS.area), note: col(IMPORT_COLUMNS.note) };
  const missing = (['segment', 'date', 'method', 'area'] as const).filter((k) => c[k] < 0);
  if (missing.length)
    throw new AppError('VALIDATION_FAILED', `missing columns: ${missing.map((k) => IMPORT_COLUMNS[k][0]).join(', ')}`, missing.map((k) => ({ path: `columns.${k}`, message: `缺少列“${IMPORT_COLUMNS[k][0]}” / Missing column "${IMPORT_COLUMNS[k][IMPORT_COLUMNS[k].length - 1]}"` })));
  if (table.rows.length === 0) throw new AppError('VALIDATION_FAILED', 'the file has no rows');
  if (table.rows.length > MAX_IMPORT_ROWS) throw new AppError('VALIDATION_FAILED', `at most ${MAX_IMPORT_ROWS} rows per file`);

  const now = ctx.now();
  const today = shanghaiDay(now);
  const segments = await repo.segmentsByCode(ctx.db, [...new Set(table.rows.map((r) => (r[c.segment] ?? '').trim()))]);
  const errors: { row: number; message: string }[] = [];
  const rows: repo.RecordInsert[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((cells, i) => {
    const row = i + 2; // the header is row 1
    const code = (cells[c.segment] ?? '').trim();
    const seg = segments.get(code);
    const date = parseDay(cells[c.date] ?? '');
    const method = METHODS[(cells[c.method] ?? '').trim().toLowerCase()];
    const areaText = (cells[c.area] ?? '').replace(/[,，\s]/g, '');
    const areaM2 = /^\d+(\.\d+)?$/.test(areaText) ? Number(areaText) : Number.NaN;
    if (!seg) return void errors.push({ row, message: `路段编码“${code}”不存在 / Unknown segment "${code}"` });
    if (!date) return void errors.push({ row, message: `日期“${cells[c.date] ?? ''}”无法识别 / Unreadable date` });
    if (!method) return void errors.push({ row, message: `清扫方式“${cells[c.method] ?? ''}”应为 机械 或 人工 / Method must be machine or manual` });
    if (!Number.isFinite(areaM2)) return void errors.push({ row, message: `清扫面积“${cells[c.area] ?? ''}”不是数字 / Area is not a number` });
    const key = `${seg.id}|${date}|${method}`;
    if (seen.has(key)) return void errors.push({ row, message: `与第 ${seen.get(key)} 行重复（同一路段、日期、方式）/ Duplicates row ${seen.get(key)}` });
    seen.set(key, row);
    let problem: AppError | null;
    try {
      problem = recordProblem(actor, seg, { date, areaM2 }, today);
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN') return void errors.push({ row, message: `无权录入路段 ${code} / Segment ${code} is not yours to record` });
      throw e;
    }
    if (problem) return void errors.push({ row, message: `${problem.code}: ${problem.detail ?? ''}` });
    rows.push({ segmentId: seg.id, date, method, areaM2, source: 'import', note: (cells[c.note] ?? '').trim().slice(0, 200) || null, enteredBy: actor.id, enteredAt: now });
  });
  if (errors.length) throw new AppError('VALIDATION_FAILED', `${errors.length} of ${table.rows.length} rows have problems; nothing was stored`, errors.slice(0, 200).map((e) => ({ path: `row ${e.row}`, message: e.message })));
  if (opts.dryRun) return { dryRun: true, applied: false, rows: rows.length, added: 0, replaced: 0, errors: [] };
  const { replaced } = await ctx.db.transaction(async (tx) => {
    const r = await repo.upsertRecords(tx, rows);
    await audit(tx, { actorId: actor.id, action: 'sweeping.import', subject: 'sweeping_records', at: now, detail: { rows: rows.length, replaced: r.replaced } });
    return r;
  });
  return { dryRun: false, applied: true, rows: rows.length, added: rows.length - replaced, replaced, errors: [] };
}

// ------------------------------------------------------------------ the board

const totalsOut = (t: SweepTotals, target: number) => ({
  dueM2: round1(t.dueM2),
  machineM2: round1(t.machineM2),
  manualM2: round1(t.manualM2),
  dueDays: t.dueDays,
  machineDays: t.machineDays,
  rate: t.rate,
  meetsTarget: meetsTarget(t.rate, target),
});

export async function sweepingBoard(ctx: AppContext, actor: Actor, q: In<typeof BoardQuerySchema>): Promise<Board> {
  requireAccess(actor, 'sweeping.read');
  const today = shanghaiDay(ctx.now());
  const month = q.month ?? today.slice(0, 7);
  const range = monthRange(month, today);
  const [target, segRows, streetRows] = await Promise.all([sweepingTarget(ctx), repo.listSegments(ctx.db), listStreets(ctx.db)]);
  const segments = segRows.map((r) => toDomain(r.s));
  const months = monthsBetween(shiftMonth(month, -11), month);
  const ranges = months.map((m) => [m, monthRange(m, today)] as const);
  const first = ranges.find(([, r]) => r)?.[1];
  const credits = first ? await repo.creditsBetween(ctx.db, first.from, ranges.at(-1)![1]?.to ?? today) : [];
  const byMonth = new Map<string, SegmentCredit[]>();
  for (const c of credits) {
    const list = byMonth.get(c.month);
    if (list) list.push(c);
    else byMonth.set(c.month, [c]);
  }
  const trend = ranges.map(([m, r]) => {
    if (!r) return { month: m, rate: null, byStreet: {} };
    const rep = reportFromCredits(segments, byMonth.get(m) ?? [], r);
    return { month: m, rate: rep.total.rate, byStreet: Object.fromEntries(rep.byStreet.map((s) => [s.streetCode, s.rate])) };
  });
  const streetName = new Map(streetRows.map((s) => [s.code, s.name]));
  const empty: SweepTotals = { dueM2: 0, machineM2: 0, manualM2: 0, dueDays: 0, machineDays: 0, rate: null };
  if (!range) return { month, range: null, target, definition: RATE_DEFINITION, total: totalsOut(empty, target), byStreet: [], trend, segments: [] };
  const rep = reportFromCredits(segments, byMonth.get(month) ?? [], range);
  const seg = new Map(rep.bySegment.map((s) => [s.segmentId, s]));
  return {
    month,
    range,
    target,
    definition: RATE_DEFINITION,
    total: totalsOut(rep.total, target),
    byStreet: rep.byStreet.map((s) => ({
      streetCode: s.streetCode,
      streetName: streetName.get(s.streetCode) ?? s.streetCode,
      segments: rep.bySegment.filter((b) => b.streetCode === s.streetCode).length,
      gaps: rep.bySegment.filter((b) => b.streetCode === s.streetCode && b.gap).length,
      ...totalsOut(s, target),
    })),
    trend,
    segments: segRows
      .filter((r) => seg.has(r.s.id))
      .map(({ s }) => {
        const b = seg.get(s.id)!;
        return { id: s.id, code: s.code, name: s.name, streetCode: s.streetCode, grade: s.grade, areaM2: s.areaM2, geometry: s.geometry as Board['segments'][number]['geometry'], rate: b.rate, machineDays: b.machineDays, dueDays: b.dueDays, gap: b.gap };
      }),
  };
}
