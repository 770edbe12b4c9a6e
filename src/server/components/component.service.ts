// The component register (部件): search, detail with history, create, edit, census import (checked, then applied
// in one transaction), export, and what a case raised from a component needs.
import { z } from 'zod';
import { buildComponentId, GridCodeError, parseComponentId } from '../../domain/grid';
import { GridIndex, toWgs84 } from '../../domain/geo';
import { requireAccess, type Actor } from '../auth/policy';
import { audit } from '../admin/admin.repository';
import { bumpLayerRevisions } from '../basedata/basedata.repository';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { listCommunities, listGrids, listStreets, locatePoint } from '../geo/geo.repository';
import { csvLine } from '../integrations/table';
import { invalidateTiles } from '../tiles/tiles.service';
import { censusToRows, readCensus, type PlaceIndex } from './component-import';
import * as repo from './component.repository';
import {
  STATE_ZH,
  type ComponentCreateSchema,
  type ComponentImportOptionsSchema,
  type ComponentImportResult,
  type ComponentListQuerySchema,
  type ComponentOut,
  type ComponentPatchSchema,
  type ComponentState,
} from './component.schema';

type In<T extends z.ZodType> = z.infer<T>;

export function componentOut(r: repo.ComponentRow, className: string | null = null): ComponentOut {
  return {
    id: r.id,
    legacyId: r.legacyId,
    classCode: r.classCode,
    className,
    name: r.name,
    deptCode: r.deptCode,
    deptName: r.deptName,
    gridCode: r.gridCode,
    state: r.state as ComponentState,
    stateZh: STATE_ZH[r.state as ComponentState] ?? r.state,
    initialDate: r.initialDate,
    changeDate: r.changeDate,
    ownerUnit: r.ownerUnit,
    maintenanceUnit: r.maintenanceUnit,
    dataSource: r.dataSource,
    note: r.note,
    streetCode: r.streetCode,
    streetName: r.streetName,
    communityCode: r.communityCode,
    communityName: r.communityName,
    lng: r.lng,
    lat: r.lat,
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

/** The canonical 17-digit id of what the caller typed (16-digit legacy ids accepted), or NOT_FOUND. */
function canonicalId(id: string): string {
  try {
    return parseComponentId(id).code;
  } catch (e) {
    if (e instanceof GridCodeError) throw new AppError('NOT_FOUND', `component ${id}`);
    throw e;
  }
}

export async function listComponents(ctx: AppContext, actor: Actor, q: In<typeof ComponentListQuerySchema>) {
  requireAccess(actor, 'component.read');
  const bbox = q.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
  const { total, rows } = await repo.searchComponents(ctx.db, { bbox, classPrefix: q.class, state: q.state, area: q.grid, q: q.q }, q.limit, q.offset);
  return { total, items: rows.map((r) => componentOut(r.c, r.className)) };
}

export async function getComponent(ctx: AppContext, actor: Actor, id: string) {
  requireAccess(actor, 'component.read');
  const c = await repo.findComponent(ctx.db, canonicalId(id));
  if (!c) throw new AppError('NOT_FOUND', `component ${id}`);
  const names = await repo.componentClassNames(ctx.db);
  const events = await repo.componentHistory(ctx.db, c.id);
  return {
    ...componentOut(c, names.get(c.classCode) ?? null),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      caseId: e.caseId,
      caseNumber: e.caseNumber,
      actorId: e.actorId,
      actorName: e.actorName,
      note: e.note,
      changes: (e.changes as Record<string, [unknown, unknown]> | null) ?? null,
    })),
  };
}

async function place(ctx: AppContext, db: Executor, lng: number, lat: number) {
  const p = await locatePoint(db, lng, lat);
  if (!p) throw new AppError('OUTSIDE_DISTRICT', `${lng.toFixed(6)},${lat.toFixed(6)}`);
  void ctx;
  return { gridCode: p.gridCode, streetCode: p.streetCode, streetName: p.streetName, communityCode: p.communityCode, communityName: p.communityName };
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const shanghaiDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);

export async function createComponent(ctx: AppContext, actor: Actor, input: In<typeof ComponentCreateSchema>) {
  requireAccess(actor, 'component.write');
  const classCode = input.id ? parseIdOrFail(input.id).classCode : input.classCode;
  if (!classCode) throw new AppError('VALIDATION_FAILED', 'id or classCode', [{ path: 'classCode', message: '请给出标识码或类别代码 / Give an identifier or a class code' }]);
  const names = await repo.componentClassNames(ctx.db);
  if (!names.has(classCode)) throw new AppError('UNKNOWN_CLASS', `component ${classCode}`);
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs).map(round7);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const where = await place(ctx, tx, lng, lat);
    let id = input.id ? parseIdOrFail(input.id).code : null;
    if (id && (await repo.findComponent(tx, id))) throw new AppError('VALIDATION_FAILED', `component ${id} exists`, [{ path: 'id', message: `标识码“${id}”已存在 / Identifier "${id}" exists` }]);
    id ??= buildComponentId(ctx.config.districtCode, classCode, (await repo.maxSerial(tx, ctx.config.districtCode, classCode)) + 1);
    const legacyId = input.id && input.id.length === 16 ? input.id : null;
    await repo.upsertComponents(tx, [
      {
        id,
        classCode,
        name: input.name,
        deptCode: input.deptCode,
        deptName: input.deptName,
        ...where,
        state: input.state,
        initialDate: input.initialDate,
        changeDate: input.changeDate ?? null,
        ownerUnit: input.ownerUnit ?? null,
        maintenanceUnit: input.maintenanceUnit ?? null,
        dataSource: input.dataSource ?? null,
        note: input.note ?? null,
        lng,
        lat,
        location: [lng, lat],
        legacyId,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await repo.insertEvents(tx, [{ componentId: id, at: now, action: 'create', fromState: null, toState: input.state, actorId: actor.id }]);
    await bumpLayerRevisions(tx, ['components'], now);
    await audit(tx, { actorId: actor.id, action: 'component.create', subject: id, at: now, detail: { classCode, name: input.name } });
    return (await repo.findComponent(tx, id))!;
  });
  invalidateTiles(ctx, ['components']);
  return componentOut(row, names.get(classCode) ?? null);
}

function parseIdOrFail(id: string) {
  try {
    return parseComponentId(id);
  } catch (e) {
    if (e instanceof GridCodeError) throw new AppError('VALIDATION_FAILED', e.message, [{ path: 'id', message: e.detail }]);
    throw e;
  }
}

/** The attributes an edit or import may change, compared to record what changed in the history. */
const TRACKED = ['name', 'deptCode', 'deptName', 'gridCode', 'state', 'initialDate', 'changeDate', 'ownerUnit', 'maintenanceUnit', 'dataSource', 'note', 'lng', 'lat'] as const;

/** { field: [before, after] } for the tracked attributes that differ. */
export function attributeChanges(before: Partial<repo.ComponentRow>, after: Partial<repo.ComponentInsert>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of TRACKED) {
    if (!(k in after) || after[k] === undefined) continue;
    const [b, a] = [before[k] ?? null, after[k] ?? null];
    if (b !== a) out[k] = [b, a];
  }
  return out;
}

export async function updateComponent(ctx: AppContext, actor: Actor, idIn: string, input: In<typeof ComponentPatchSchema>) {
  requireAccess(actor, 'component.write');
  const id = canonicalId(idIn);
  const now = ctx.now();
  let touched = false;
  const row = await ctx.db.transaction(async (tx) => {
    const c = await repo.findComponent(tx, id, true);
    if (!c) throw new AppError('NOT_FOUND', `component ${idIn}`);
    if (input.expectedVersion !== undefined && input.expectedVersion !== c.version) throw new AppError('VALIDATION_FAILED', 'version conflict', [{ path: 'expectedVersion', message: '部件已被他人修改，请刷新 / Someone else changed the component; reload' }]);
    const { lng: inLng, lat: inLat, crs, expectedVersion, ...attrs } = input;
    void expectedVersion;
    const patch: Partial<repo.ComponentInsert> = { ...attrs };
    if (inLng !== undefined && inLat !== undefined) {
      const [lng, lat] = toWgs84(inLng, inLat, crs ?? 'WGS84').map(round7);
      if (lng !== c.lng || lat !== c.lat) Object.assign(patch, { lng, lat, location: [lng, lat] as [number, number], ...(await place(ctx, tx, lng, lat)) });
    }
    if (input.state && input.state !== c.state && !input.changeDate) patch.changeDate = shanghaiDate(now);
    const changes = attributeChanges(c, patch);
    // Nothing differs: nothing is written, no version, no history line.
    if (Object.keys(changes).length === 0) return c;
    touched = true;
    const u = await repo.updateComponent(tx, id, { ...patch, updatedAt: now });
    await repo.insertEvents(tx, [{ componentId: id, at: now, action: 'update', fromState: c.state, toState: u!.state, actorId: actor.id, changes }]);
    await bumpLayerRevisions(tx, ['components'], now);
    await audit(tx, { actorId: actor.id, action: 'component.update', subject: id, at: now, detail: changes });
    return u!;
  });
  if (touched) invalidateTiles(ctx, ['components']);
  const names = await repo.componentClassNames(ctx.db);
  return componentOut(row, names.get(row.classCode) ?? null);
}

async function placeIndex(db: Executor): Promise<PlaceIndex> {
  const [gridRows, cs, ss] = await Promise.all([listGrids(db), listCommunities(db), listStreets(db)]);
  return {
    grids: new GridIndex(gridRows.map((g) => ({ code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: g.ring }))),
    gridCodes: new Set(gridRows.map((g) => g.code)),
    communityNames: new Map(cs.map((c) => [c.code, c.name])),
    streetNames: new Map(ss.map((s) => [s.code, s.name])),
  };
}

const SAME_KEYS = ['classCode', 'name', 'deptCode', 'deptName', 'gridCode', 'state', 'initialDate', 'changeDate', 'ownerUnit', 'maintenanceUnit', 'dataSource', 'note', 'lng', 'lat', 'legacyId'] as const;

/**
 * Imports a census file. Every row is checked first; with any error nothing is stored (400 with the problems),
 * otherwise all rows are added or updated in one transaction. `dryRun` only checks.
 */
export async function importComponents(ctx: AppContext, actor: Actor, file: { data: Buffer; filename: string }, opts: In<typeof ComponentImportOptionsSchema>): Promise<ComponentImportResult> {
  requireAccess(actor, 'component.write');
  const { rows: raw } = await readCensus(file.data, file.filename, opts);
  const [classes, places] = await Promise.all([repo.componentClassNames(ctx.db), placeIndex(ctx.db)]);
  const now = ctx.now();
  const { rows, problems, legacyConverted } = censusToRows(raw, { districtCode: ctx.config.districtCode, classes, places, now });
  const existing = await repo.componentsByIds(ctx.db, rows.map((r) => r.id));
  // A file of 17-digit ids (such as our own export) keeps the legacy id recorded when it was first converted.
  for (const r of rows) r.legacyId ??= existing.get(r.id)?.legacyId ?? null;
  const changedRows = rows.filter((r) => {
    const e = existing.get(r.id);
    return !e || SAME_KEYS.some((k) => (e[k] ?? null) !== (r[k] ?? null));
  });
  const added = changedRows.filter((r) => !existing.has(r.id)).length;
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  const result: ComponentImportResult = {
    dryRun: opts.dryRun,
    applied: false,
    rows: raw.length,
    valid: rows.length,
    added,
    changed: changedRows.length - added,
    unchanged: rows.length - changedRows.length,
    legacyConverted,
    errorCount,
    warningCount: problems.length - errorCount,
    problems: [...problems].sort((a, b) => (a.severity === b.severity ? a.row - b.row : a.severity === 'error' ? -1 : 1)).slice(0, 1000),
  };
  if (opts.dryRun) return result;
  if (errorCount > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${errorCount} problem(s) in the census; nothing was imported`,
      result.problems.filter((p) => p.severity === 'error').slice(0, 200).map((p) => ({ path: `row ${p.row}.${p.field}`, message: `${p.zh} / ${p.en}` })),
    );
  }
  await ctx.db.transaction(async (tx) => {
    // Rows already in the register keep their creation time.
    await repo.upsertComponents(tx, changedRows.map((r) => ({ ...r, createdAt: existing.get(r.id)?.createdAt ?? now })));
    const events = changedRows.map((r) => {
      const before = existing.get(r.id);
      return { componentId: r.id, at: now, action: 'import', fromState: before?.state ?? null, toState: r.state, actorId: actor.id, note: file.filename, changes: before ? attributeChanges(before, r) : null };
    });
    await repo.insertEvents(tx, events);
    await bumpLayerRevisions(tx, ['components'], now);
    await audit(tx, { actorId: actor.id, action: 'component.import', subject: file.filename, at: now, detail: { rows: result.rows, added: result.added, changed: result.changed, legacyConverted } });
  });
  invalidateTiles(ctx, ['components']);
  return { ...result, applied: true };
}

const EXPORT_COLUMNS: [string, (c: repo.ComponentRow) => string | number | null][] = [
  ['标识码', (c) => c.id],
  ['部件名称', (c) => c.name],
  ['主管部门代码', (c) => c.deptCode],
  ['主管部门名称', (c) => c.deptName],
  ['所在单元网格', (c) => c.gridCode],
  ['部件状态', (c) => STATE_ZH[c.state as ComponentState] ?? c.state],
  ['初始日期', (c) => c.initialDate],
  ['变更日期', (c) => c.changeDate],
  ['权属单位', (c) => c.ownerUnit],
  ['养护单位', (c) => c.maintenanceUnit],
  ['数据来源', (c) => c.dataSource],
  ['备注', (c) => c.note],
  ['街道代码', (c) => c.streetCode],
  ['街道名称', (c) => c.streetName],
  ['社区代码', (c) => c.communityCode],
  ['社区名称', (c) => c.communityName],
  ['经度', (c) => c.lng],
  ['纬度', (c) => c.lat],
];

/** The register as CSV (the census columns, so the file imports back) or GeoJSON points. */
export async function exportComponents(ctx: AppContext, actor: Actor, format: 'csv' | 'geojson', q: In<typeof ComponentListQuerySchema>) {
  requireAccess(actor, 'component.read');
  const bbox = q.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
  const rows = await repo.allComponents(ctx.db, { bbox, classPrefix: q.class, state: q.state, area: q.grid, q: q.q });
  if (format === 'csv') {
    const text = '\uFEFF' + csvLine(EXPORT_COLUMNS.map(([h]) => h)) + rows.map((c) => csvLine(EXPORT_COLUMNS.map(([, f]) => f(c)))).join('');
    return { body: Buffer.from(text, 'utf8'), type: 'text/csv; charset=utf-8', filename: 'components.csv' };
  }
  const fc = {
    type: 'FeatureCollection',
    features: rows.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lng, c.lat] }, properties: Object.fromEntries(EXPORT_COLUMNS.slice(0, 16).map(([h, f]) => [h, f(c)])) })),
  };
  return { body: Buffer.from(JSON.stringify(fc)), type: 'application/geo+json; charset=utf-8', filename: 'components.geojson' };
}
