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
import type { GazetteerEntrySchema, ReverseSchema } from './geocode.schema';
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

/** Imports gazetteer entries from CSV/xlsx (columns kind, name, code, road, houseNumber, lng, lat) or GeoJSON points; all or nothing. */
export async function importGazetteer(ctx: AppContext, actor: Actor, file: { data: Buffer; filename: string }, crsOpts: SourceCrsOptions) {
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
    conv = resolveCrs(crsOpts, rows.flatMap((r) => (r.xy ? [r.xy] : [])).slice(0, 64), null);
  } catch (e) {
    if (e instanceof CrsError) throw new AppError('VALIDATION_FAILED', e.en, [{ path: 'crs', message: `${e.zh} / ${e.en}` }]);
    throw e;
  }
  const [gridRows] = await Promise.all([listGrids(ctx.db)]);
  const index = new GridIndex(gridRows.map((g) => ({ code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, ring: g.ring })));
  const problems: { path: string; message: string }[] = [];
  const out: repo.GazetteerInsert[] = [];
  for (const r of rows) {
    const kind = KIND_WORDS[pick(r.values, 'kind').toLowerCase()] ?? KIND_WORDS[pick(r.values, 'kind')] ?? (pick(r.values, 'houseNumber') ? 'address' : 'place');
    const road = pick(r.values, 'road') || null;
    const houseNumber = pick(r.values, 'houseNumber') || null;
    const name = pick(r.values, 'name') || (road && houseNumber ? `${road}${houseNumber}${/号$/.test(houseNumber) ? '' : '号'}` : '');
    if (!name) problems.push({ path: `row ${r.row}.name`, message: '缺少名称 / The name is missing' });
    let p: LngLat | null = null;
    try {
      p = r.xy ? conv.convert(r.xy[0], r.xy[1]) : null;
    } catch {
      p = null;
    }
    if (!p || !Number.isFinite(p[0]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      problems.push({ path: `row ${r.row}.lng`, message: '缺少坐标或坐标无效 / The position is missing or invalid' });
      continue;
    }
    if (!name) continue;
    const g = index.locate(p[0], p[1]);
    out.push({
      kind,
      name,
      code: pick(r.values, 'code') || `${kind}:${name}`,
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
  if (problems.length) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s); nothing was imported`, problems.slice(0, 200));
  const n = await ctx.db.transaction(async (tx) => {
    const saved = await repo.upsertEntries(tx, out);
    await audit(tx, { actorId: actor.id, action: 'gazetteer.import', subject: file.filename, at: ctx.now(), detail: { rows: rows.length } });
    return saved;
  });
  return { rows: rows.length, saved: n };
}

export { entryOut };
