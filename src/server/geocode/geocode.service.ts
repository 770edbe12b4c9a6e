// Geocoding (地理编码): forward search of the gazetteer with Chinese text, reverse from a point to the nearest
// address plus grid, community and street with the 事发位置 text, and gazetteer import from CSV or GeoJSON.
import { z } from 'zod';
import { distanceMeters, GridIndex, toWgs84, type Crs, type LngLat } from '../../domain/geo';
import { requireAccess, type Actor } from '../auth/policy';
import { audit } from '../admin/admin.repository';
import { CrsError, resolveCrs, type SourceCrsOptions } from '../basedata/source-crs';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { AppError } from '../errors';
import { listCommunities, listGrids, listStreets, locatePoint } from '../geo/geo.repository';
import { readTable } from '../integrations/table';
import * as repo from './geocode.repository';
import type { GazetteerEntrySchema, GazetteerInputSchema, GazetteerListQuerySchema, GazetteerPatchSchema, ReverseSchema } from './geocode.schema';
import { csvLine } from '../integrations/table';
import { runs, tokens } from './tokens';

export const GAZETTEER_KINDS = ['street', 'community', 'road', 'place', 'address'] as const;
export type GazetteerKind = (typeof GAZETTEER_KINDS)[number];

type Entry = z.infer<typeof GazetteerEntrySchema>;

function entryOut(r: repo.GazetteerRow, names?: { streets: Map<string, string>; communities: Map<string, string> }): Entry {
  return {
    id: r.id,
    kind: r.kind as GazetteerKind,
    name: r.name,
    code: r.code,
    road: r.road,
    houseNumber: r.houseNumber,
    streetCode: r.streetCode,
    streetName: (r.streetCode && names?.streets.get(r.streetCode)) || null,
    communityCode: r.communityCode,
    communityName: (r.communityCode && names?.communities.get(r.communityCode)) || null,
    lng: r.lng,
    lat: r.lat,
    generated: r.generated,
  };
}

async function divisionNames(db: Executor) {
  const [ss, cs] = await Promise.all([listStreets(db), listCommunities(db)]);
  return { streets: new Map(ss.map((s) => [s.code, s.name])), communities: new Map(cs.map((c) => [c.code, c.name])) };
}

/**
 * Entries matching Chinese text, best first. All query tokens must match; when nothing does, entries matching
 * most of them (at least 60 %) are offered, so a slip of one character still finds the place.
 */
export async function geocodeText(db: Executor, text: string, opts: { kinds?: GazetteerKind[]; limit?: number } = {}): Promise<repo.GazetteerRow[]> {
  const q = text.replace(/\s+/g, '');
  const limit = opts.limit ?? 10;
  const toks = tokens(q);
  if (toks.length === 0) return [];
  if (toks.length === 1 && runs(q).every((r) => r.kind === 'text' && r.value.length === 1)) {
    return (await repo.searchLike(db, q, opts.kinds, limit)).map((r) => r.entry);
  }
  const all = await repo.searchTokens(db, { tokens: toks, text: q, minHits: toks.length, kinds: opts.kinds, limit });
  if (all.length) return all.map((r) => r.entry);
  if (toks.length < 3) return [];
  return (await repo.searchTokens(db, { tokens: toks, text: q, minHits: Math.ceil(toks.length * 0.6), kinds: opts.kinds, limit })).map((r) => r.entry);
}

export async function search(ctx: AppContext, actor: Actor, q: { q: string; kind?: GazetteerKind; limit: number }) {
  requireAccess(actor, 'geo.read');
  const rows = await geocodeText(ctx.db, q.q, { kinds: q.kind ? [q.kind] : undefined, limit: q.limit });
  const names = await divisionNames(ctx.db);
  return { items: rows.map((r) => entryOut(r, names)) };
}

const DIRECTIONS = ['东', '东北', '北', '西北', '西', '西南', '南', '东南'];
const DIRECTIONS_EN = ['east', 'north-east', 'north', 'north-west', 'west', 'south-west', 'south', 'south-east'];

/** Compass direction of `to` seen from `from`, in eight sectors. */
function direction(from: LngLat, to: LngLat): number {
  const dx = (to[0] - from[0]) * Math.cos((from[1] * Math.PI) / 180);
  const dy = to[1] - from[1];
  const angle = (Math.atan2(dy, dx) * 180) / Math.PI;
  return (Math.round(((angle + 360) % 360) / 45) % 8) as number;
}

/** How far reverse geocoding looks for a door plate or place. */
const ADDRESS_RADIUS_M = 300;

export type Reverse = z.infer<typeof ReverseSchema>;

/**
 * A WGS84 point → the nearest address or place within 300 m, the unit grid, community and street, and the 事发位置
 * text (≤ 256 characters), e.g. 正阳街道爱民社区 青年路12号东侧约30米. Null outside every grid.
 */
export async function reverseGeocode(db: Executor, lng: number, lat: number): Promise<Reverse | null> {
  const place = await locatePoint(db, lng, lat);
  if (!place) return null;
  const near = await repo.nearest(db, lng, lat, ['address', 'place'], 8);
  const ranked = near.map((e) => ({ e, d: distanceMeters([e.lng, e.lat], [lng, lat]) })).sort((a, b) => a.d - b.d);
  const best = ranked[0] && ranked[0].d <= ADDRESS_RADIUS_M ? ranked[0] : null;
  const area = `${place.streetName}${place.communityName}`;
  let locationText = `${area} 网格${place.gridCode.slice(-3)}附近`;
  let address: Reverse['address'] = null;
  if (best) {
    const dir = direction([best.e.lng, best.e.lat], [lng, lat]);
    const metres = Math.round(best.d);
    const rounded = metres < 10 ? 0 : Math.max(10, Math.round(metres / 5) * 5);
    locationText = rounded === 0 ? `${area} ${best.e.name}` : `${area} ${best.e.name}${DIRECTIONS[dir]}侧约${rounded}米`;
    address = { ...entryOut(best.e), distanceM: metres, direction: DIRECTIONS_EN[dir], directionZh: DIRECTIONS[dir] };
  }
  return {
    lng,
    lat,
    gridCode: place.gridCode,
    communityCode: place.communityCode,
    communityName: place.communityName,
    streetCode: place.streetCode,
    streetName: place.streetName,
    address,
    locationText: locationText.slice(0, 256),
  };
}

export async function reverse(ctx: AppContext, actor: Actor, q: { lng: number; lat: number; crs: Crs }) {
  requireAccess(actor, 'geo.read');
  const [lng, lat] = toWgs84(q.lng, q.lat, q.crs);
  const r = await reverseGeocode(ctx.db, lng, lat);
  if (!r) throw new AppError('OUTSIDE_DISTRICT', `${lng.toFixed(6)},${lat.toFixed(6)}`);
  return r;
}

// ---------------------------------------------------------------- import

const COLUMNS: Record<string, string[]> = {
  kind: ['kind', 'type', '类型', '类别'],
  name: ['name', '名称', '地名', '地址'],
  code: ['code', 'id', '编码', '代码', '门牌编码'],
  road: ['road', '道路', '街路巷', '街路巷名'],
  houseNumber: ['houseNumber', 'house_number', 'number', '门牌号', '门(楼)牌号', '门楼牌号'],
  lng: ['lng', 'lon', 'longitude', '经度', 'x'],
  lat: ['lat', 'latitude', '纬度', 'y'],
};
const KIND_WORDS: Record<string, GazetteerKind> = {
  street: 'street', community: 'community', road: 'road', place: 'place', address: 'address', poi: 'place',
  街道: 'street', 乡镇: 'street', 社区: 'community', 村: 'community', 道路: 'road', 街路巷: 'road', 地名: 'place', 兴趣点: 'place', 门牌: 'address', 门楼牌: 'address', 地址: 'address',
};

function pick(v: Record<string, string>, key: string): string {
  for (const alias of COLUMNS[key]) {
    const k = Object.keys(v).find((h) => h.toLowerCase() === alias.toLowerCase());
    if (k !== undefined && v[k]?.trim()) return v[k].trim();
  }
  return '';
}

type ImportProblem = { row: number; field: string; zh: string; en: string };

/**
 * Imports gazetteer entries from CSV/xlsx (columns kind, name, code, road, houseNumber, lng, lat) or GeoJSON points:
 * every row is checked first; `dryRun` only reports; otherwise all rows or none (400 with the problems per row).
 */
export async function importGazetteer(ctx: AppContext, actor: Actor, file: { data: Buffer; filename: string }, opts: SourceCrsOptions & { dryRun?: boolean }) {
  requireAccess(actor, 'basedata.write');
  const text = file.data.toString('utf8').replace(/^\uFEFF/, '');
  let rows: { row: number; values: Record<string, string>; xy: [number, number] | null }[];
  if (text.trimStart().startsWith('{')) {
    let fc: { features?: { properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: number[] } }[] };
    try {
      fc = JSON.parse(text);
    } catch {
      throw new AppError('VALIDATION_FAILED', file.filename, [{ path: file.filename, message: '不是有效的 GeoJSON / Not valid GeoJSON' }]);
    }
    rows = (fc.features ?? []).map((f, i) => ({
      row: i + 1,
      values: Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])),
      xy: f.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates) ? [Number(f.geometry.coordinates[0]), Number(f.geometry.coordinates[1])] : null,
    }));
  } else {
    const t = await readTable(file.data);
    if (t.headers.length === 0) throw new AppError('VALIDATION_FAILED', file.filename, [{ path: file.filename, message: '文件为空 / The file is empty' }]);
    rows = t.rows.map((cells, i) => {
      const values = Object.fromEntries(t.headers.map((h, c) => [h, cells[c] ?? '']));
      const a = Number(pick(values, 'lng'));
      const b = Number(pick(values, 'lat'));
      return { row: i + 1, values, xy: Number.isFinite(a) && Number.isFinite(b) && (a || b) ? [a, b] : null };
    });
  }
  // Nothing to import (an empty table, or not a table at all, such as a photo chosen by mistake): say so.
  if (rows.length === 0) throw new AppError('VALIDATION_FAILED', file.filename, [{ path: file.filename, message: '文件中没有数据行 / The file has no data rows' }]);
  let conv;
  try {
    conv = resolveCrs(opts, rows.flatMap((r) => (r.xy ? [r.xy] : [])).slice(0, 64), null);
  } catch (e) {
    if (e instanceof CrsError) throw new AppError('VALIDATION_FAILED', e.en, [{ path: 'crs', message: `${e.zh} / ${e.en}` }]);
    throw e;
  }
  const gridRows = await listGrids(ctx.db);
  const index = new GridIndex(gridRows.map((g) => ({ code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: g.ring })));
  const problems: ImportProblem[] = [];
  const out: repo.GazetteerInsert[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const kindWord = pick(r.values, 'kind');
    const kind = KIND_WORDS[kindWord.toLowerCase()] ?? KIND_WORDS[kindWord] ?? (kindWord ? null : pick(r.values, 'houseNumber') ? 'address' : 'place');
    if (!kind) problems.push({ row: r.row, field: 'kind', zh: `类型“${kindWord}”应为 街道/社区/道路/地名/门牌`, en: `Kind "${kindWord}" must be one of street/community/road/place/address` });
    const road = pick(r.values, 'road') || null;
    const houseNumber = pick(r.values, 'houseNumber') || null;
    const name = pick(r.values, 'name') || (road && houseNumber ? `${road}${houseNumber}${/号$/.test(houseNumber) ? '' : '号'}` : '');
    if (!name) problems.push({ row: r.row, field: 'name', zh: '缺少名称', en: 'The name is missing' });
    else if (name.length > 100) problems.push({ row: r.row, field: 'name', zh: '名称超过 100 个字', en: 'The name is longer than 100 characters' });
    let p: LngLat | null = null;
    try {
      p = r.xy ? conv.convert(r.xy[0], r.xy[1]) : null;
    } catch {
      p = null;
    }
    if (!p || !Number.isFinite(p[0]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      problems.push({ row: r.row, field: 'lng', zh: '缺少坐标或坐标无效', en: 'The position is missing or invalid' });
      continue;
    }
    if (!name || !kind || name.length > 100) continue;
    const code = pick(r.values, 'code') || `${kind}:${name}`;
    const key = `${kind}\u0000${code}`;
    if (seen.has(key)) {
      problems.push({ row: r.row, field: 'code', zh: `编码“${code}”与第 ${seen.get(key)} 行重复`, en: `Code "${code}" repeats row ${seen.get(key)}` });
      continue;
    }
    seen.set(key, r.row);
    const g = index.locate(p[0], p[1]);
    out.push({
      kind,
      name,
      code,
      road,
      houseNumber,
      streetCode: g?.streetCode ?? null,
      communityCode: g?.communityCode ?? null,
      lng: Math.round(p[0] * 1e7) / 1e7,
      lat: Math.round(p[1] * 1e7) / 1e7,
      generated: false,
      source: file.filename.slice(0, 100),
    });
  }
  const existing = await repo.existingKeys(ctx.db, out);
  const changed = out.filter((e) => existing.has(`${e.kind}\u0000${e.code}`)).length;
  const result = { dryRun: !!opts.dryRun, applied: false, rows: rows.length, valid: out.length, added: out.length - changed, changed, saved: 0, problems: problems.slice(0, 1000) };
  if (opts.dryRun) return result;
  if (problems.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${problems.length} problem(s); nothing was imported`,
      problems.slice(0, 200).map((p) => ({ path: `row ${p.row}.${p.field}`, message: `${p.zh} / ${p.en}` })),
    );
  }
  const n = await ctx.db.transaction(async (tx) => {
    const saved = await repo.upsertEntries(tx, out);
    await audit(tx, { actorId: actor.id, action: 'gazetteer.import', subject: file.filename, at: ctx.now(), detail: { rows: rows.length, added: result.added, changed } });
    return saved;
  });
  return { ...result, applied: true, saved: n };
}

// ---------------------------------------------------------------- the gazetteer list and single entries

export async function listGazetteer(ctx: AppContext, actor: Actor, q: z.infer<typeof GazetteerListQuerySchema>) {
  requireAccess(actor, 'geo.read');
  const { total, rows } = await repo.listEntries(ctx.db, { ...q, generated: q.generated === undefined ? undefined : q.generated === 'true' }, q.limit, q.offset);
  const names = await divisionNames(ctx.db);
  return { total, items: rows.map((r) => entryOut(r, names)) };
}

/** Where a new or moved entry lies: inside the district (it is the district's gazetteer), with its street and community. */
async function placeOf(db: Executor, lng: number, lat: number) {
  const place = await locatePoint(db, lng, lat);
  if (!place) throw new AppError('OUTSIDE_DISTRICT', `${lng.toFixed(6)},${lat.toFixed(6)}`);
  return { streetCode: place.streetCode, communityCode: place.communityCode };
}

const r7 = (v: number) => Math.round(v * 1e7) / 1e7;

export async function createEntry(ctx: AppContext, actor: Actor, input: z.infer<typeof GazetteerInputSchema>) {
  requireAccess(actor, 'basedata.write');
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs).map(r7);
  const code = input.code ?? `${input.kind}:${input.name}`;
  const row = await ctx.db.transaction(async (tx) => {
    const where = await placeOf(tx, lng, lat);
    if ((await repo.existingKeys(tx, [{ kind: input.kind, code }])).size) throw new AppError('GAZETTEER_CODE_TAKEN', `${input.kind} ${code}`);
    await repo.upsertEntries(tx, [{ kind: input.kind, name: input.name, code, road: input.road ?? null, houseNumber: input.houseNumber ?? null, ...where, lng, lat, generated: false, source: 'manual' }]);
    const [saved] = (await repo.listEntries(tx, { kind: input.kind, q: code }, 50, 0)).rows.filter((r) => r.code === code);
    await audit(tx, { actorId: actor.id, action: 'gazetteer.create', subject: `${input.kind}:${code}`, at: ctx.now(), detail: { name: input.name, lng, lat } });
    return saved;
  });
  return entryOut(row, await divisionNames(ctx.db));
}

export async function updateEntry(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof GazetteerPatchSchema>) {
  requireAccess(actor, 'basedata.write');
  const row = await ctx.db.transaction(async (tx) => {
    const e = await repo.findEntry(tx, id);
    if (!e) throw new AppError('NOT_FOUND', `gazetteer entry ${id}`);
    const patch: Partial<repo.GazetteerInsert> = {};
    if (input.name !== undefined && input.name !== e.name) patch.name = input.name;
    if (input.road !== undefined && (input.road ?? null) !== e.road) patch.road = input.road ?? null;
    if (input.houseNumber !== undefined && (input.houseNumber ?? null) !== e.houseNumber) patch.houseNumber = input.houseNumber ?? null;
    if (input.lng !== undefined && input.lat !== undefined) {
      const [lng, lat] = toWgs84(input.lng, input.lat, input.crs ?? 'WGS84').map(r7);
      if (lng !== e.lng || lat !== e.lat) Object.assign(patch, { lng, lat, ...(await placeOf(tx, lng, lat)) });
    }
    if (Object.keys(patch).length === 0) return e;
    // An entry edited by hand is no longer the demo's invention.
    const u = await repo.updateEntry(tx, id, { ...patch, generated: false });
    await audit(tx, { actorId: actor.id, action: 'gazetteer.update', subject: `${e.kind}:${e.code}`, at: ctx.now(), detail: patch });
    return u!;
  });
  return entryOut(row, await divisionNames(ctx.db));
}

export async function deleteEntry(ctx: AppContext, actor: Actor, id: number) {
  requireAccess(actor, 'basedata.write');
  await ctx.db.transaction(async (tx) => {
    const e = await repo.findEntry(tx, id);
    if (!e) throw new AppError('NOT_FOUND', `gazetteer entry ${id}`);
    await repo.deleteEntry(tx, id);
    await audit(tx, { actorId: actor.id, action: 'gazetteer.delete', subject: `${e.kind}:${e.code}`, at: ctx.now(), detail: { name: e.name } });
  });
}

const KIND_ZH: Record<GazetteerKind, string> = { street: '街道', community: '社区', road: '道路', place: '地名', address: '门牌' };
const EXPORT_COLUMNS = ['kind', 'name', 'code', 'road', 'houseNumber', 'streetCode', 'communityCode', 'lng', 'lat', 'generated'] as const;

/** The gazetteer as CSV (the import's columns, so it reads back) or GeoJSON points; filters as in the list. */
export async function exportGazetteer(ctx: AppContext, actor: Actor, format: 'csv' | 'geojson', q: Omit<z.infer<typeof GazetteerListQuerySchema>, 'limit' | 'offset'>) {
  requireAccess(actor, 'geo.read');
  const rows = await repo.allEntries(ctx.db, { ...q, generated: q.generated === undefined ? undefined : q.generated === 'true' });
  if (format === 'csv') {
    const text = '\uFEFF' + csvLine([...EXPORT_COLUMNS]) + rows.map((r) => csvLine([KIND_ZH[r.kind as GazetteerKind] ?? r.kind, r.name, r.code, r.road, r.houseNumber, r.streetCode, r.communityCode, r.lng, r.lat, r.generated ? 'true' : 'false'])).join('');
    return { body: Buffer.from(text, 'utf8'), type: 'text/csv; charset=utf-8', filename: 'gazetteer.csv' };
  }
  const fc = {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
      properties: { kind: r.kind, name: r.name, code: r.code, road: r.road, houseNumber: r.houseNumber, streetCode: r.streetCode, communityCode: r.communityCode, generated: r.generated },
    })),
  };
  return { body: Buffer.from(JSON.stringify(fc)), type: 'application/geo+json; charset=utf-8', filename: 'gazetteer.geojson' };
}

export { entryOut };
