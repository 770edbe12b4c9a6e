// Base data management (基础数据资源管理): stage an import (parse, convert to WGS84, validate, preview), apply it as
// one versioned change in one transaction, generate grids, edit, revert a version, diff versions, export.
import { z } from 'zod';
import {
  BASE_LAYERS,
  duplicateCodes,
  readFeature,
  validateState,
  type AnyRecord,
  type BaseDataState,
  type BaseLayer,
  type BeatRecord,
  type GridRecord,
  type ImportedFeature,
  type LayerRecords,
  type Problem,
} from '../../domain/geo/basedata';
import { bboxOf, pointInPolygon, pointOnSurface, type LngLat, type PolygonGeometry } from '../../domain/geo';
import { requireAccess, type Actor } from '../auth/policy';
import { audit } from '../admin/admin.repository';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { getSetting } from '../settings/settings.repository';
import * as repo from './basedata.repository';
import type { EditSchema, GenerateGridsSchema, ImportOptions, ImportPreview } from './basedata.schema';
import { generateGridRecords } from './generate';
import { readShapefileZip, isZip } from './shapefile';
import { convertGeometry, CrsError, crsFromGeoJsonMember, resolveCrs, sampleCoordinates } from './source-crs';
import { invalidateTiles } from '../tiles/tiles.service';
import { relocateComponents } from '../components/component.repository';

type In<T extends z.ZodType> = z.infer<T>;
type Kind = 'import' | 'generate' | 'edit' | 'revert';

/** A file as uploaded: the layer it was sent for (multipart field name) and its bytes. */
export interface UploadedFile {
  layer: BaseLayer | null;
  filename: string;
  data: Buffer;
}

/** Features of one layer, already in WGS84. */
interface LayerInput {
  layer: BaseLayer;
  features: ImportedFeature[];
  source: Record<string, unknown>;
}

const MAX_PROBLEMS = 1000;

/** Sorted-key JSON: records read back from jsonb have their keys in another order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function crsFailure(e: CrsError, file: string): AppError {
  return new AppError('VALIDATION_FAILED', `${file}: ${e.en}`, [{ path: 'crs', message: `${e.zh} / ${e.en}` }]);
}

/** Guesses the layer of a shapefile inside a package zip from its name. */
function layerFromName(name: string): BaseLayer | null {
  const n = name.toLowerCase();
  if (/beat|zrwg|责任/.test(n)) return 'beats';
  if (/grid|wg|网格/.test(n)) return 'grids';
  if (/comm|sq|社区|村/.test(n)) return 'communities';
  if (/street|jd|街道|乡镇/.test(n)) return 'streets';
  return null;
}

/** Reads uploaded files (GeoJSON or zipped shapefiles) into WGS84 features per layer. */
export async function readFiles(files: UploadedFile[], opts: ImportOptions): Promise<LayerInput[]> {
  const out: LayerInput[] = [];
  for (const file of files) {
    if (isZip(file.data)) {
      let shps;
      try {
        shps = await readShapefileZip(file.data);
      } catch (e) {
        if (e instanceof AppError) throw e; // e.g. ARCHIVE_TOO_LARGE from the zip guard
        throw new AppError('VALIDATION_FAILED', `${file.filename}: ${(e as Error).message}`, [{ path: file.filename, message: '无法读取 Shapefile 压缩包 / The shapefile zip cannot be read' }]);
      }
      if (shps.length === 0) throw new AppError('VALIDATION_FAILED', file.filename, [{ path: file.filename, message: '压缩包中没有 .shp 文件 / The zip holds no .shp file' }]);
      for (const s of shps) {
        const layer = shps.length === 1 && file.layer ? file.layer : layerFromName(s.name) ?? file.layer;
        if (!layer) throw new AppError('VALIDATION_FAILED', s.name, [{ path: s.name, message: `无法判断“${s.name}”是哪一图层 / Cannot tell which layer "${s.name}" is` }]);
        let crs;
        try {
          crs = resolveCrs(opts, sampleCoordinates(s.features), opts.crs ? null : s.prj);
        } catch (e) {
          if (e instanceof CrsError) throw crsFailure(e, s.name);
          throw e;
        }
        out.push({
          layer,
          features: s.features.map((f, index) => ({ index, properties: f.properties ?? {}, geometry: convertGeometry(f.geometry, crs.convert) })),
          source: { file: file.filename, shapefile: s.name, format: 'shapefile', crs: crs.description, prj: s.prj ? s.prj.slice(0, 200) : null },
        });
      }
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(file.data.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', file.filename, [{ path: file.filename, message: '文件不是 GeoJSON 或 Shapefile 压缩包 / The file is neither GeoJSON nor a zipped shapefile' }]);
    }
    if (!file.layer) throw new AppError('VALIDATION_FAILED', file.filename, [{ path: file.filename, message: '请说明文件属于哪一图层 / Say which layer the file is for' }]);
    out.push(geoJsonLayer(file.layer, json, opts, file.filename));
  }
  return out;
}

export function geoJsonLayer(layer: BaseLayer, json: unknown, opts: ImportOptions, name: string): LayerInput {
  const j = json as { type?: string; features?: unknown[]; crs?: unknown };
  const raw = j?.type === 'FeatureCollection' && Array.isArray(j.features) ? j.features : j?.type === 'Feature' ? [j] : null;
  if (!raw) throw new AppError('VALIDATION_FAILED', name, [{ path: name, message: '不是 GeoJSON FeatureCollection / Not a GeoJSON FeatureCollection' }]);
  const features = raw.map((f) => ({ properties: ((f as { properties?: Record<string, unknown> })?.properties ?? {}) as Record<string, unknown>, geometry: (f as { geometry?: unknown })?.geometry ?? null }));
  const member = opts.crs ? null : crsFromGeoJsonMember(j.crs);
  let crs;
  try {
    crs = resolveCrs(member ? { ...opts, ...member } : opts, sampleCoordinates(features), null);
  } catch (e) {
    if (e instanceof CrsError) throw crsFailure(e, name);
    throw e;
  }
  return {
    layer,
    features: features.map((f, index) => ({ index, properties: f.properties, geometry: convertGeometry(f.geometry, crs.convert) })),
    source: { file: name, format: 'geojson', crs: crs.description },
  };
}

// ---------------------------------------------------------------- planning a change

interface Plan {
  problems: Problem[];
  summary: Record<string, { features: number; valid: number; added: number; changed: number; unchanged: number; removed: number; total: number }>;
  changeSet: repo.ChangeSet;
  changes: { layer: BaseLayer; code: string; op: 'add' | 'change' | 'remove'; before: AnyRecord | null; after: AnyRecord | null }[];
}

/** The records a change brings, per layer, with their file positions; and what it removes explicitly. */
interface Staged {
  records: { layer: BaseLayer; code: string; position: number; record: AnyRecord }[];
  featureCounts: Partial<Record<BaseLayer, number>>;
  readProblems: Problem[];
  removals: Partial<Record<BaseLayer, string[]>>;
}

function cloneState(s: BaseDataState): BaseDataState {
  return { streets: new Map(s.streets), communities: new Map(s.communities), grids: new Map(s.grids), beats: new Map(s.beats) };
}

const sortProblems = (ps: Problem[]) => [...ps].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));

/** Works out what applying the staged records to `current` changes, and checks the state it would leave. */
export function planChange(
  current: BaseDataState,
  staged: Staged,
  opts: { mode: 'replace' | 'merge'; layers: BaseLayer[]; districtCode: string; toleranceM2: number; inspectors?: Set<string>; districtBox?: [number, number, number, number] },
): Plan {
  const next = cloneState(current);
  const changes: Plan['changes'] = [];
  const changed: { [L in BaseLayer]?: Map<string, number | null> } = {};
  const removed: { [L in BaseLayer]?: Set<string> } = {};
  const changeSet: repo.ChangeSet = { upserts: { streets: [], communities: [], grids: [], beats: [] }, removals: { streets: [], communities: [], grids: [], beats: [] } };
  const summary: Plan['summary'] = {};

  for (const layer of opts.layers) {
    const map = next[layer] as Map<string, AnyRecord>;
    const incoming = staged.records.filter((r) => r.layer === layer);
    const seen = new Set<string>();
    let added = 0;
    let changedN = 0;
    let unchanged = 0;
    changed[layer] = new Map();
    for (const { code, position, record } of incoming) {
      if (seen.has(code)) continue;
      seen.add(code);
      const before = map.get(code) ?? null;
      if (before && canonical(before) === canonical(record)) {
        unchanged++;
        continue;
      }
      map.set(code, record);
      changed[layer]!.set(code, position);
      (changeSet.upserts[layer] as AnyRecord[]).push(record);
      changes.push({ layer, code, op: before ? 'change' : 'add', before, after: record });
      if (before) changedN++;
      else added++;
    }
    const toRemove = new Set(staged.removals[layer] ?? []);
    if (opts.mode === 'replace' && (staged.featureCounts[layer] ?? 0) > 0) for (const code of current[layer].keys()) if (!seen.has(code)) toRemove.add(code);
    removed[layer] = new Set();
    for (const code of toRemove) {
      const before = map.get(code);
      if (!before || seen.has(code)) continue;
      map.delete(code);
      removed[layer]!.add(code);
      changeSet.removals[layer].push(code);
      changes.push({ layer, code, op: 'remove', before, after: null });
    }
    summary[layer] = {
      features: staged.featureCounts[layer] ?? 0,
      valid: incoming.length,
      added,
      changed: changedN,
      unchanged,
      removed: removed[layer]!.size,
      total: map.size,
    };
  }
  const problems = [
    ...staged.readProblems,
    ...validateState(next, { districtCode: opts.districtCode, toleranceM2: opts.toleranceM2, changed, removed, inspectors: opts.inspectors, districtBox: opts.districtBox }),
  ];
  return { problems: sortProblems(problems), summary, changeSet, changes };
}

/** Reads features into records: topology, codes, duplicates; beats given as polygons get their grids from the polygon. */
function stageLayers(inputs: LayerInput[], districtCode: string, current: BaseDataState): Staged {
  const staged: Staged = { records: [], featureCounts: {}, readProblems: [], removals: {} };
  for (const input of inputs) {
    staged.featureCounts[input.layer] = (staged.featureCounts[input.layer] ?? 0) + input.features.length;
    const rows: { index: number; record: AnyRecord }[] = [];
    for (const f of input.features) {
      const { record, problems, area } = readFeature(input.layer, f, districtCode);
      staged.readProblems.push(...problems);
      if (!record) continue;
      if (input.layer === 'beats' && (record as BeatRecord).gridCodes.length === 0 && area) {
        (record as BeatRecord).gridCodes = gridsInside(area, current);
      }
      rows.push({ index: f.index, record });
    }
    staged.readProblems.push(...duplicateCodes(input.layer, rows));
    const kept = new Set(staged.records.filter((r) => r.layer === input.layer).map((r) => r.code));
    for (const r of rows) {
      // A duplicate is reported above; the first one is kept for the preview's counts.
      if (kept.has(r.record.code)) continue;
      kept.add(r.record.code);
      staged.records.push({ layer: input.layer, code: r.record.code, position: r.index, record: r.record });
    }
  }
  return staged;
}

/** Unit grids whose interior point lies inside the polygon (a responsibility grid drawn as an outline). */
function gridsInside(area: PolygonGeometry, state: BaseDataState): string[] {
  const [x0, y0, x1, y1] = bboxOf(area);
  const out: string[] = [];
  for (const g of state.grids.values()) {
    const [x, y] = pointOnSurface(g.ring);
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (pointInPolygon(x, y, area)) out.push(g.code);
  }
  return out.sort();
}

async function districtBox(db: Executor): Promise<[number, number, number, number] | undefined> {
  const b = await getSetting<{ features?: { geometry: PolygonGeometry }[] }>(db, 'districtBoundary');
  const g = b?.features?.[0]?.geometry;
  return g ? bboxOf(g) : undefined;
}

/** The middle of a geometry's coordinates (bounding box centre), for geometry too broken to have an interior point. */
function roughCentre(geometry: unknown): LngLat | null {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      if (!Number.isFinite(c[0]) || !Number.isFinite(c[1])) return;
      [x0, y0, x1, y1] = [Math.min(x0, c[0]), Math.min(y0, c[1]), Math.max(x1, c[0]), Math.max(y1, c[1])];
      return;
    }
    for (const x of c) walk(x);
  };
  walk((geometry as { coordinates?: unknown } | null)?.coordinates);
  if (!Number.isFinite(x0) || Math.abs(x0) > 180 || Math.abs(y0) > 90) return null;
  return [Math.round(((x0 + x1) / 2) * 1e7) / 1e7, Math.round(((y0 + y1) / 2) * 1e7) / 1e7];
}

function recordPoint(layer: BaseLayer, r: AnyRecord, state: BaseDataState): LngLat | null {
  if (layer === 'grids') return pointOnSurface((r as GridRecord).ring);
  if (layer === 'beats') {
    const g = state.grids.get((r as BeatRecord).gridCodes[0] ?? '');
    return g ? pointOnSurface(g.ring) : null;
  }
  return pointOnSurface((r as LayerRecords['streets']).geometry);
}

/**
 * Gives each problem a place on the map: where the rule found it (a self-crossing), else the feature it is about —
 * staged, in the file, or already stored — so that the preview can show every problem where it is.
 */
export function locateProblems(problems: Problem[], inputs: LayerInput[], current: BaseDataState, staged: Staged): void {
  const stagedBy = new Map(staged.records.map((r) => [`${r.layer}:${r.code}`, r]));
  const byIndex = new Map<string, unknown>();
  for (const i of inputs) for (const f of i.features) byIndex.set(`${i.layer}:${f.index}`, f.geometry);
  for (const p of problems) {
    if (p.at) continue;
    let at: LngLat | null = null;
    const s = p.code ? stagedBy.get(`${p.layer}:${p.code}`) : undefined;
    if (s) at = recordPoint(p.layer, s.record, current);
    if (!at && p.index !== null) at = roughCentre(byIndex.get(`${p.layer}:${p.index}`));
    if (!at && p.code) {
      const existing = (current[p.layer] as Map<string, AnyRecord>).get(p.code);
      if (existing) at = recordPoint(p.layer, existing, current);
    }
    p.at = at ? [Math.round(at[0] * 1e7) / 1e7, Math.round(at[1] * 1e7) / 1e7] : null;
  }
}

function toPreview(row: repo.ImportRow): ImportPreview {
  return {
    id: row.id,
    status: row.status as ImportPreview['status'],
    kind: row.kind as ImportPreview['kind'],
    mode: row.mode as ImportPreview['mode'],
    layers: row.layers as BaseLayer[],
    source: row.source as Record<string, unknown>,
    summary: row.summary as ImportPreview['summary'],
    errorCount: row.errorCount,
    warningCount: row.warningCount,
    problems: row.problems as Problem[],
    canApply: row.status === 'previewed' && row.errorCount === 0,
    appliedVersion: row.appliedVersion,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Validates and stores a change for preview; nothing in the base data changes. */
async function stage(
  ctx: AppContext,
  actor: Actor,
  kind: Kind,
  inputs: LayerInput[],
  opts: { mode: 'replace' | 'merge'; toleranceM2: number; note?: string; removals?: Partial<Record<BaseLayer, string[]>>; source?: Record<string, unknown> },
): Promise<ImportPreview> {
  const current = await repo.loadState(ctx.db);
  const staged = stageLayers(inputs, ctx.config.districtCode, current);
  staged.removals = opts.removals ?? {};
  const layers = BASE_LAYERS.filter((l) => inputs.some((i) => i.layer === l) || (opts.removals?.[l]?.length ?? 0) > 0);
  const plan = planChange(current, staged, {
    mode: opts.mode,
    layers,
    districtCode: ctx.config.districtCode,
    toleranceM2: opts.toleranceM2,
    inspectors: layers.includes('beats') ? await repo.inspectorUsernames(ctx.db) : undefined,
    districtBox: await districtBox(ctx.db),
  });
  locateProblems(plan.problems, inputs, current, staged);
  const errorCount = plan.problems.filter((p) => p.severity === 'error').length;
  const row = await ctx.db.transaction(async (tx) => {
    const r = await repo.insertImport(tx, {
      status: 'previewed',
      kind,
      mode: opts.mode,
      layers,
      source: { ...(opts.source ?? {}), files: inputs.map((i) => ({ layer: i.layer, ...i.source })) },
      options: { toleranceM2: opts.toleranceM2, note: opts.note ?? null },
      removals: opts.removals ?? {},
      summary: plan.summary,
      problems: plan.problems.slice(0, MAX_PROBLEMS),
      errorCount,
      warningCount: plan.problems.length - errorCount,
      createdBy: actor.id,
      createdAt: ctx.now(),
    });
    await repo.insertImportFeatures(tx, r.id, staged.records);
    return r;
  });
  // Old unapplied previews only take space.
  await repo.dropStaleStaging(ctx.db, new Date(ctx.now().getTime() - 7 * 86_400_000));
  return toPreview(row);
}

export async function previewImport(ctx: AppContext, actor: Actor, files: UploadedFile[], opts: ImportOptions): Promise<ImportPreview> {
  requireAccess(actor, 'basedata.write');
  if (files.length === 0) throw new AppError('VALIDATION_FAILED', 'no file', [{ path: 'file', message: '请上传文件 / Upload a file' }]);
  const inputs = await readFiles(files, opts);
  return stage(ctx, actor, 'import', inputs, { mode: opts.mode, toleranceM2: opts.toleranceM2, note: opts.note });
}

export async function previewGeoJsonImport(ctx: AppContext, actor: Actor, body: ImportOptions & { layers: Partial<Record<BaseLayer, unknown>> }): Promise<ImportPreview> {
  requireAccess(actor, 'basedata.write');
  const inputs = BASE_LAYERS.filter((l) => body.layers[l]).map((l) => geoJsonLayer(l, body.layers[l], body, `${l}.geojson`));
  return stage(ctx, actor, 'import', inputs, { mode: body.mode, toleranceM2: body.toleranceM2, note: body.note });
}

export async function getImport(ctx: AppContext, actor: Actor, id: string): Promise<ImportPreview> {
  requireAccess(actor, 'basedata.write');
  const row = await repo.findImport(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', `import ${id}`);
  return toPreview(row);
}

export async function listImports(ctx: AppContext, actor: Actor, limit: number) {
  requireAccess(actor, 'basedata.write');
  const rows = await repo.listImports(ctx.db, limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function discardImport(ctx: AppContext, actor: Actor, id: string): Promise<ImportPreview> {
  requireAccess(actor, 'basedata.write');
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findImport(tx, id, true);
    if (!row) throw new AppError('NOT_FOUND', `import ${id}`);
    if (row.status !== 'previewed') throw new AppError('VALIDATION_FAILED', `import is ${row.status}`, [{ path: 'status', message: `该导入已${row.status === 'applied' ? '应用' : '失效'} / The import is ${row.status}` }]);
    await repo.setImportStatus(tx, id, { status: 'discarded' });
    return toPreview({ ...row, status: 'discarded' });
  });
}

function problemsError(problems: Pick<Problem, 'layer' | 'index' | 'code' | 'severity' | 'zh' | 'en'>[]): AppError {
  const errors = problems.filter((p) => p.severity === 'error');
  return new AppError(
    'VALIDATION_FAILED',
    `${errors.length} problem(s) in the base data; nothing was applied`,
    errors.slice(0, 200).map((p) => ({ path: `${p.layer}${p.index !== null ? `[${p.index}]` : ''}${p.code ? `.${p.code}` : ''}`, message: `${p.zh} / ${p.en}` })),
  );
}

const versionOut = (v: repo.VersionRow) => ({
  number: v.number,
  kind: v.kind,
  layers: v.layers,
  importId: v.importId,
  revertOf: v.revertOf,
  note: v.note,
  source: v.source,
  counts: v.counts as Record<string, { added: number; changed: number; removed: number }>,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
});

/**
 * Applies a staged change as one version, in one transaction: the change is planned and validated again
 * against the data as it is now (others may have changed it since the preview), so nothing invalid and
 * nothing half-done is ever stored.
 */
export async function applyImport(ctx: AppContext, actor: Actor, id: string) {
  requireAccess(actor, 'basedata.write');
  const layersTouched = new Set<BaseLayer>();
  let componentsMoved = 0;
  const result = await ctx.db.transaction(async (tx) => {
    await repo.lockBaseData(tx);
    const row = await repo.findImport(tx, id, true);
    if (!row) throw new AppError('NOT_FOUND', `import ${id}`);
    if (row.status !== 'previewed') throw new AppError('VALIDATION_FAILED', `import is ${row.status}`, [{ path: 'status', message: `该导入已${row.status === 'applied' ? '应用' : '失效'}，不能再次应用 / The import is ${row.status} and cannot be applied` }]);
    const records = (await repo.importRecords(tx, id)).map((r) => ({ ...r, record: r.record as AnyRecord }));
    const current = await repo.loadState(tx);
    const layers = row.layers as BaseLayer[];
    const summary = row.summary as Record<string, { features: number }>;
    const staged: Staged = {
      records,
      featureCounts: Object.fromEntries(layers.map((l) => [l, summary[l]?.features ?? 0])),
      readProblems: [],
      removals: row.removals as Partial<Record<BaseLayer, string[]>>,
    };
    // Problems found while reading the file stay problems: the import must be fixed and previewed again.
    if (row.errorCount > 0) throw problemsError(row.problems as Problem[]);
    const options = row.options as { toleranceM2?: number; note?: string | null };
    const plan = planChange(current, staged, {
      mode: row.mode as 'replace' | 'merge',
      layers,
      districtCode: ctx.config.districtCode,
      toleranceM2: options.toleranceM2 ?? 5,
      inspectors: layers.includes('beats') ? await repo.inspectorUsernames(tx) : undefined,
      districtBox: await districtBox(tx),
    });
    if (plan.problems.some((p) => p.severity === 'error')) throw problemsError(plan.problems);
    if (plan.changes.length === 0) {
      await repo.setImportStatus(tx, id, { status: 'applied' });
      return { version: null, unchanged: true };
    }
    const inspectorNames = plan.changeSet.upserts.beats.map((b) => b.inspector).filter((x): x is string => !!x);
    await repo.applyChangeSet(tx, plan.changeSet, { districtCode: ctx.config.districtCode, generated: row.kind === 'generate', inspectorIds: await repo.userIdsByUsername(tx, inspectorNames) });
    const counts: Record<string, { added: number; changed: number; removed: number }> = {};
    for (const l of layers) counts[l] = { added: 0, changed: 0, removed: 0 };
    for (const c of plan.changes) {
      counts[c.layer][c.op === 'add' ? 'added' : c.op === 'change' ? 'changed' : 'removed']++;
      layersTouched.add(c.layer);
    }
    const now = ctx.now();
    const source = row.source as Record<string, unknown>;
    const version = await repo.insertVersion(tx, {
      number: await repo.nextVersionNumber(tx),
      kind: row.kind,
      layers,
      importId: row.id,
      revertOf: typeof source.revertOf === 'number' ? source.revertOf : null,
      note: options.note ?? null,
      source,
      counts,
      createdBy: actor.id,
      createdAt: now,
    });
    await repo.insertChanges(tx, plan.changes.map((c) => ({ versionNumber: version.number, layer: c.layer, code: c.code, op: c.op, before: c.before, after: c.after })));
    // Components follow the grids they lie in (and the names of their community and street).
    const codesOf = (l: BaseLayer) => plan.changes.filter((c) => c.layer === l).map((c) => c.code);
    const relocated = await relocateComponents(tx, { gridCodes: codesOf('grids'), communityCodes: codesOf('communities'), streetCodes: codesOf('streets') });
    if (relocated > 0) {
      await repo.bumpLayerRevisions(tx, ['components'], now);
      componentsMoved = relocated;
    }
    await repo.setImportStatus(tx, id, { status: 'applied', appliedVersion: version.number });
    await repo.bumpLayerRevisions(tx, [...layersTouched], now);
    await audit(tx, { actorId: actor.id, action: 'basedata.apply', subject: `version:${version.number}`, at: now, detail: { importId: id, kind: row.kind, counts, componentsRelocated: componentsMoved } });
    return { version: versionOut(version), unchanged: false, ...(componentsMoved ? { componentsRelocated: componentsMoved } : {}) };
  });
  if (layersTouched.size) invalidateTiles(ctx, [...layersTouched, ...(componentsMoved ? ['components' as const] : [])]);
  return result;
}

// ---------------------------------------------------------------- generation, edits, reverts

/** Cuts communities into ~10,000 m² grids numbered west→east, north→south; staged for preview like an import. */
export async function generateGrids(ctx: AppContext, actor: Actor, input: In<typeof GenerateGridsSchema>): Promise<ImportPreview> {
  requireAccess(actor, 'basedata.write');
  const current = await repo.loadState(ctx.db);
  const withGrids = new Set([...current.grids.values()].map((g) => g.communityCode));
  const codes = input.communityCodes ?? [...current.communities.keys()].filter((c) => !withGrids.has(c));
  const missing = codes.filter((c) => !current.communities.has(c));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `unknown communities ${missing.join(',')}`, missing.map((m) => ({ path: 'communityCodes', message: `社区“${m}”不存在 / Community "${m}" does not exist` })));
  const generated = generateGridRecords(
    codes.map((c) => current.communities.get(c)!),
    input.cellSizeM,
  );
  const features: ImportedFeature[] = generated.grids.map((g, index) => ({
    index,
    properties: { code: g.code, communityCode: g.communityCode },
    geometry: { type: 'Polygon', coordinates: [g.ring] },
  }));
  const set = new Set(codes);
  const removals = { grids: [...current.grids.values()].filter((g) => set.has(g.communityCode)).map((g) => g.code) };
  return stage(ctx, actor, 'generate', [{ layer: 'grids', features, source: { format: 'generated', cellSizeM: input.cellSizeM, communities: codes.length, sizes: generated.sizes } }], {
    mode: 'merge',
    toleranceM2: 5,
    note: input.note,
    removals,
    source: { generated: true },
  });
}

/**
 * Adds, changes or removes a few records at once (the admin editor): validated and applied as one version. Several
 * layers may change together, so that a unit grid can be renumbered along with the responsibility grid holding it.
 */
export async function editFeatures(ctx: AppContext, actor: Actor, input: In<typeof EditSchema>) {
  requireAccess(actor, 'basedata.write');
  const edits = input.changes?.length ? input.changes : [{ layer: input.layer!, upsert: input.upsert, remove: input.remove }];
  const seen = new Set<BaseLayer>();
  for (const e of edits) {
    if (seen.has(e.layer)) throw new AppError('VALIDATION_FAILED', `layer ${e.layer} twice`, [{ path: 'changes', message: `图层“${e.layer}”重复 / Layer "${e.layer}" appears twice` }]);
    seen.add(e.layer);
  }
  const inputs: LayerInput[] = edits
    .filter((e) => e.upsert.length)
    .map((e) => ({ layer: e.layer, features: e.upsert.map((f, index) => ({ index, properties: f.properties, geometry: f.geometry })), source: { format: 'edit' } }));
  const removals = Object.fromEntries(edits.filter((e) => e.remove.length).map((e) => [e.layer, e.remove]));
  const preview = await stage(ctx, actor, 'edit', inputs, { mode: 'merge', toleranceM2: input.toleranceM2, note: input.note, removals });
  if (!preview.canApply) {
    // A refused edit or revert leaves nothing behind (an upload's preview stays for review; these have no reviewer).
    await repo.deleteImport(ctx.db, preview.id);
    throw problemsError(preview.problems);
  }
  return { preview, ...(await applyImport(ctx, actor, preview.id)) };
}

/**
 * Undoes a version: every record it added is removed, every record it changed or removed comes back as
 * it was. Refused when a later version changed the same records (revert that one first).
 */
export async function revertVersion(ctx: AppContext, actor: Actor, number: number, note?: string) {
  requireAccess(actor, 'basedata.write');
  const version = await repo.findVersion(ctx.db, number);
  if (!version) throw new AppError('NOT_FOUND', `version ${number}`);
  const changes = await repo.allVersionChanges(ctx.db, number);
  const current = await repo.loadState(ctx.db);
  const moved = changes.filter((c) => {
    const now = (current[c.layer as BaseLayer] as Map<string, AnyRecord>).get(c.code) ?? null;
    return canonical(now) !== canonical(c.after ?? null);
  });
  if (moved.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `version ${number} cannot be reverted: ${moved.length} record(s) changed since`,
      moved.slice(0, 50).map((c) => ({ path: `${c.layer}.${c.code}`, message: `该要素在版本 ${number} 之后又被修改 / The record changed after version ${number}` })),
    );
  }
  const byLayer = new Map<BaseLayer, { upsert: AnyRecord[]; remove: string[] }>();
  for (const c of changes) {
    const l = c.layer as BaseLayer;
    const e = byLayer.get(l) ?? { upsert: [], remove: [] };
    if (c.before) e.upsert.push(c.before as AnyRecord);
    else e.remove.push(c.code);
    byLayer.set(l, e);
  }
  // The records are ours already: they go in as features that read back to the same records.
  const inputs: LayerInput[] = [...byLayer].filter(([, e]) => e.upsert.length).map(([layer, e]) => ({
    layer,
    features: e.upsert.map((r, index) => ({ index, ...recordFeature(layer, r) })),
    source: { format: 'revert' },
  }));
  const preview = await stage(ctx, actor, 'revert', inputs, {
    mode: 'merge',
    toleranceM2: 5,
    note: note ?? `撤销版本 ${number} / revert of version ${number}`,
    removals: Object.fromEntries([...byLayer].map(([l, e]) => [l, e.remove])),
    source: { revertOf: number },
  });
  if (!preview.canApply) {
    // A refused edit or revert leaves nothing behind (an upload's preview stays for review; these have no reviewer).
    await repo.deleteImport(ctx.db, preview.id);
    throw problemsError(preview.problems);
  }
  return { preview, ...(await applyImport(ctx, actor, preview.id)) };
}

export async function listVersions(ctx: AppContext, actor: Actor, limit: number) {
  requireAccess(actor, 'geo.read');
  return (await repo.listVersions(ctx.db, limit)).map(versionOut);
}

export async function versionChanges(ctx: AppContext, actor: Actor, number: number, q: { layer?: BaseLayer; limit: number; offset: number }) {
  requireAccess(actor, 'geo.read');
  const v = await repo.findVersion(ctx.db, number);
  if (!v) throw new AppError('NOT_FOUND', `version ${number}`);
  const rows = await repo.versionChanges(ctx.db, number, q);
  return { version: versionOut(v), items: rows.map((r) => ({ version: r.versionNumber, layer: r.layer as BaseLayer, code: r.code, op: r.op as 'add', before: r.before ?? null, after: r.after ?? null })) };
}

/** What differs between the base data after version `from` and after version `to` (net of changes made and undone in between). */
export async function diffVersions(ctx: AppContext, actor: Actor, q: { from: number; to: number; layer?: BaseLayer; limit: number }) {
  requireAccess(actor, 'geo.read');
  if (q.to <= q.from) throw new AppError('VALIDATION_FAILED', 'to must be after from', [{ path: 'to', message: 'to 必须大于 from / to must be greater than from' }]);
  const rows = await repo.changesBetween(ctx.db, q.from, q.to);
  const net = new Map<string, { layer: string; code: string; before: unknown; after: unknown }>();
  for (const r of rows) {
    if (q.layer && r.layer !== q.layer) continue;
    const key = `${r.layer}:${r.code}`;
    const e = net.get(key);
    if (e) e.after = r.after ?? null;
    else net.set(key, { layer: r.layer, code: r.code, before: r.before ?? null, after: r.after ?? null });
  }
  const items = [...net.values()]
    .filter((e) => canonical(e.before) !== canonical(e.after))
    .map((e) => ({ ...e, op: e.before === null ? 'add' : e.after === null ? 'remove' : 'change' }));
  const counts: Record<string, { added: number; changed: number; removed: number }> = {};
  for (const i of items) {
    counts[i.layer] ??= { added: 0, changed: 0, removed: 0 };
    counts[i.layer][i.op === 'add' ? 'added' : i.op === 'remove' ? 'removed' : 'changed']++;
  }
  return { from: q.from, to: q.to, counts, total: items.length, items: items.slice(0, q.limit) };
}

// ---------------------------------------------------------------- export

/** A record as a GeoJSON feature's properties and geometry (what the import reads back to the same record). */
export function recordFeature(layer: BaseLayer, r: AnyRecord, gridRings?: Map<string, GridRecord>): { properties: Record<string, unknown>; geometry: unknown } {
  switch (layer) {
    case 'streets': {
      const s = r as LayerRecords['streets'];
      return { properties: { code: s.code, name: s.name, type: s.type }, geometry: s.geometry };
    }
    case 'communities': {
      const c = r as LayerRecords['communities'];
      return { properties: { code: c.code, streetCode: c.streetCode, name: c.name, type: c.type, areaClass: c.areaClass }, geometry: c.geometry };
    }
    case 'grids': {
      const g = r as GridRecord;
      return { properties: { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode }, geometry: { type: 'Polygon', coordinates: [g.ring] } };
    }
    case 'beats': {
      const b = r as BeatRecord;
      const rings = gridRings ? b.gridCodes.map((c) => gridRings.get(c)?.ring).filter((x) => !!x) : [];
      return {
        properties: { code: b.code, name: b.name, communityCode: b.communityCode, inspector: b.inspector, gridCodes: b.gridCodes },
        geometry: rings.length ? { type: 'MultiPolygon', coordinates: rings.map((ring) => [ring]) } : null,
      };
    }
  }
}

export async function exportLayer(ctx: AppContext, actor: Actor, layer: BaseLayer, format: 'geojson' | 'csv' | 'zip') {
  requireAccess(actor, 'geo.read');
  const state = await repo.loadState(ctx.db);
  const records = [...(state[layer] as Map<string, AnyRecord>).values()].sort((a, b) => a.code.localeCompare(b.code));
  const features = records.map((r) => recordFeature(layer, r, state.grids));
  const { toCsv, toShapefile } = await import('./export-formats');
  if (format === 'geojson') {
    const body = JSON.stringify({ type: 'FeatureCollection', name: layer, features: features.map((f) => ({ type: 'Feature', ...f })) });
    return { body: Buffer.from(body), type: 'application/geo+json; charset=utf-8', filename: `${layer}.geojson` };
  }
  if (format === 'csv') return { body: toCsv(layer, features), type: 'text/csv; charset=utf-8', filename: `${layer}.csv` };
  return { body: await toShapefile(layer, features), type: 'application/zip', filename: `${layer}.zip` };
}
