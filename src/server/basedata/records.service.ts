// Reading the base data for the administration screens: one page of a layer's records (searchable by code and name),
// one record with its geometry, and the features of a staged import for the preview map.
import type { BaseLayer, AnyRecord, BeatRecord, GridRecord, Problem } from '../../domain/geo/basedata';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import * as repo from './basedata.repository';
import { recordFeature } from './basedata.service';

export async function listRecords(ctx: AppContext, actor: Actor, layer: BaseLayer, f: repo.RecordFilter) {
  requireAccess(actor, 'geo.read');
  const { total, rows } = await repo.searchRecords(ctx.db, layer, f);
  return { total, items: rows };
}

/** One record with its properties as in the lists, its geometry (WGS84) and, for a unit grid, the components in it. */
export async function getRecord(ctx: AppContext, actor: Actor, layer: BaseLayer, code: string) {
  requireAccess(actor, 'geo.read');
  const { rows } = await repo.searchRecords(ctx.db, layer, { q: code, limit: 50, offset: 0 });
  const row = rows.find((r) => r.code === code);
  if (!row) throw new AppError('NOT_FOUND', `${layer} ${code}`);
  const record = await repo.findRecord(ctx.db, layer, code);
  if (!record) throw new AppError('NOT_FOUND', `${layer} ${code}`);
  const feature = recordFeature(layer, record, layer === 'beats' ? await repo.gridRings(ctx.db, (record as BeatRecord).gridCodes) : undefined);
  return {
    layer,
    code,
    properties: { ...row, ...(layer === 'grids' ? { componentCount: await repo.componentCountInGrid(ctx.db, code) } : {}) },
    record: feature.properties,
    geometry: feature.geometry,
  };
}

const SEVERITY_RANK = { error: 2, warning: 1 } as const;

/**
 * The staged features of an import as GeoJSON (WGS84), each with its worst problem, for the preview map.
 * `only: 'problems'` keeps the features with a problem (a district's 30,000 grids are more than a preview needs).
 */
export async function importFeatures(ctx: AppContext, actor: Actor, id: string, q: { layer?: BaseLayer; only?: 'all' | 'problems'; limit: number }) {
  requireAccess(actor, 'basedata.write');
  const row = await repo.findImport(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', `import ${id}`);
  const problems = row.problems as Problem[];
  const worst = new Map<string, { severity: 'error' | 'warning'; count: number; zh: string; en: string }>();
  for (const p of problems) {
    if (!p.code) continue;
    const key = `${p.layer}:${p.code}`;
    const w = worst.get(key);
    if (!w) worst.set(key, { severity: p.severity, count: 1, zh: p.zh, en: p.en });
    else {
      w.count++;
      if (SEVERITY_RANK[p.severity] > SEVERITY_RANK[w.severity]) Object.assign(w, { severity: p.severity, zh: p.zh, en: p.en });
    }
  }
  const records = await repo.importRecords(ctx.db, id);
  const gridRings = new Map<string, GridRecord>();
  for (const r of records) if (r.layer === 'grids') gridRings.set(r.code, r.record as GridRecord);
  const features = [];
  let total = 0;
  for (const r of records) {
    if (q.layer && r.layer !== q.layer) continue;
    const w = worst.get(`${r.layer}:${r.code}`) ?? null;
    if (q.only === 'problems' && !w) continue;
    total++;
    if (features.length >= q.limit) continue;
    const f = recordFeature(r.layer, r.record as AnyRecord, gridRings);
    if (!f.geometry) continue;
    features.push({
      type: 'Feature' as const,
      geometry: f.geometry,
      properties: { layer: r.layer, code: r.code, position: r.position, name: (f.properties.name as string | undefined) ?? null, severity: w?.severity ?? null, problems: w?.count ?? 0, zh: w?.zh ?? null, en: w?.en ?? null },
    });
  }
  return { type: 'FeatureCollection' as const, total, truncated: total > features.length, features };
}
