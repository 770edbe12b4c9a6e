// Base data (基础数据) of the grid system: streets, communities, unit grids and responsibility grids as plain
// records, how imported features map onto them, and the rules an import must pass before it is applied:
// codes well formed and unique, parents present, topology, every grid inside exactly one community, no overlaps.
import Flatbush from 'flatbush';
import { GridCodeError, parseCommunityCode, parseGridCode } from '../grid';
import { bboxOf, pointInPolygon, pointOnSurface, signedRingArea } from './geometry';
import { clipConvex, intersect, multiArea, type OpenRing, type PcMultiPolygon } from './planar';
import { localProjection, type LocalProjection, type XY } from './local-projection';
import { checkPolygonTopology, polygonParts, type TopologyIssue } from './topology';
import type { LngLat, PolygonGeometry, Ring } from './types';

export const BASE_LAYERS = ['streets', 'communities', 'grids', 'beats'] as const;
export type BaseLayer = (typeof BASE_LAYERS)[number];

export interface StreetRecord {
  code: string; // 9 digits
  name: string;
  type: string; // 街道 / 镇 / 乡 / 园区
  geometry: PolygonGeometry;
}
export interface CommunityRecord {
  code: string; // 12 digits
  streetCode: string;
  name: string;
  type: string; // 居委会 / 村委会 / 虚拟社区
  areaClass: string; // A / B / C
  geometry: PolygonGeometry;
}
export interface GridRecord {
  code: string; // 15 digits
  communityCode: string;
  streetCode: string;
  /** Closed outer ring, WGS84. */
  ring: Ring;
}
export interface BeatRecord {
  code: string;
  name: string;
  communityCode: string | null;
  /** The inspector's username, or null. */
  inspector: string | null;
  gridCodes: string[];
}
export interface LayerRecords {
  streets: StreetRecord;
  communities: CommunityRecord;
  grids: GridRecord;
  beats: BeatRecord;
}
export type AnyRecord = LayerRecords[BaseLayer];

/** The whole base data, keyed by code: the current state, or the state an import would leave. */
export type BaseDataState = { [L in BaseLayer]: Map<string, LayerRecords[L]> };

export const emptyState = (): BaseDataState => ({ streets: new Map(), communities: new Map(), grids: new Map(), beats: new Map() });

// ---------------------------------------------------------------- problems and their messages

export type ProblemRule =
  | TopologyIssue['rule']
  | 'code_missing'
  | 'code_malformed'
  | 'code_wrong_district'
  | 'code_duplicate'
  | 'code_parent_mismatch'
  | 'name_missing'
  | 'parent_missing'
  | 'children_remain'
  | 'grid_outside_community'
  | 'grid_in_other_community'
  | 'grid_overlap'
  | 'community_outside_street'
  | 'outside_district'
  | 'beat_grid_missing'
  | 'beat_grid_twice'
  | 'beat_empty'
  | 'inspector_unknown';

export interface Problem {
  layer: BaseLayer;
  /** Position of the feature in the file (0-based), when the problem is about one imported feature. */
  index: number | null;
  /** The feature's code, when known. */
  code: string | null;
  rule: ProblemRule;
  severity: 'error' | 'warning';
  zh: string;
  en: string;
  /** Where on the map (WGS84), when the rule found a place (a self-intersection) or the caller located the feature. */
  at?: LngLat | null;
}

type Params = { code?: string; other?: string; detail?: string; area?: number; where?: string; at?: LngLat };

const LAYER_ZH: Record<BaseLayer, string> = { streets: '街道', communities: '社区', grids: '单元网格', beats: '责任网格' };
const LAYER_EN: Record<BaseLayer, string> = { streets: 'street', communities: 'community', grids: 'unit grid', beats: 'responsibility grid' };
const m2 = (a?: number) => `${Math.round(a ?? 0)} m²`;
const at = (p?: LngLat) => (p ? ` (${p[0].toFixed(6)}, ${p[1].toFixed(6)})` : '');

const MESSAGES: Record<ProblemRule, (l: BaseLayer, p: Params) => [string, string]> = {
  geometry_missing: (l) => [`${LAYER_ZH[l]}缺少几何图形`, `The ${LAYER_EN[l]} has no geometry`],
  geometry_type: (l) => [`${LAYER_ZH[l]}的几何类型必须是面（Polygon/MultiPolygon）`, `The ${LAYER_EN[l]} geometry must be a Polygon or MultiPolygon`],
  multi_part: (l) => [`${LAYER_ZH[l]}必须是单个面，不能由多个部分组成`, `The ${LAYER_EN[l]} must be a single polygon, not several parts`],
  has_holes: (l) => [`${LAYER_ZH[l]}不能有内环（洞）`, `The ${LAYER_EN[l]} must not have holes`],
  ring_not_closed: (l, p) => [`${LAYER_ZH[l]}的边界环未闭合（首尾点不同）${p.where ? `：${p.where}` : ''}`, `A ring of the ${LAYER_EN[l]} is not closed (first and last points differ)${p.where ? `: ${p.where}` : ''}`],
  too_few_points: (l) => [`${LAYER_ZH[l]}的边界环少于 3 个不同的点`, `A ring of the ${LAYER_EN[l]} has fewer than 3 distinct points`],
  non_finite: (l) => [`${LAYER_ZH[l]}含有无效坐标`, `The ${LAYER_EN[l]} has invalid coordinates`],
  not_degrees: (l) => [`${LAYER_ZH[l]}坐标不是经纬度，请检查坐标系（投影坐标需指定中央经线）`, `The ${LAYER_EN[l]} coordinates are not degrees: check the coordinate system (projected data needs its central meridian)`],
  self_intersection: (l, p) => [`${LAYER_ZH[l]}边界自相交${at(p.at)}`, `The ${LAYER_EN[l]} boundary crosses itself${at(p.at)}`],
  zero_area: (l) => [`${LAYER_ZH[l]}面积为零`, `The ${LAYER_EN[l]} has zero area`],
  code_missing: (l) => [`${LAYER_ZH[l]}缺少编码`, `The ${LAYER_EN[l]} has no code`],
  code_malformed: (l, p) => [`${LAYER_ZH[l]}编码“${p.code}”格式错误：${p.detail}`, `The ${LAYER_EN[l]} code "${p.code}" is malformed: ${p.detail}`],
  code_wrong_district: (l, p) => [`${LAYER_ZH[l]}编码“${p.code}”不属于本区（${p.other}）`, `The ${LAYER_EN[l]} code "${p.code}" is not in this district (${p.other})`],
  code_duplicate: (l, p) => [`${LAYER_ZH[l]}编码“${p.code}”在文件中重复出现`, `The ${LAYER_EN[l]} code "${p.code}" appears more than once in the file`],
  code_parent_mismatch: (l, p) => [`${LAYER_ZH[l]}编码“${p.code}”与所属上级“${p.other}”不一致`, `The ${LAYER_EN[l]} code "${p.code}" does not belong to its parent "${p.other}"`],
  name_missing: (l) => [`${LAYER_ZH[l]}缺少名称`, `The ${LAYER_EN[l]} has no name`],
  parent_missing: (l, p) => [`${LAYER_ZH[l]}“${p.code}”的上级“${p.other}”不存在`, `The parent "${p.other}" of ${LAYER_EN[l]} "${p.code}" does not exist`],
  children_remain: (l, p) => [`删除${LAYER_ZH[l]}“${p.code}”后仍有下级（如“${p.other}”）引用它`, `Removing ${LAYER_EN[l]} "${p.code}" would leave children (e.g. "${p.other}") without a parent`],
  grid_outside_community: (_l, p) => [`单元网格“${p.code}”有 ${m2(p.area)} 超出所属社区“${p.other}”`, `Unit grid "${p.code}" reaches ${m2(p.area)} outside its community "${p.other}"`],
  grid_in_other_community: (_l, p) => [`单元网格“${p.code}”位于社区“${p.other}”内，与编码所示社区不符`, `Unit grid "${p.code}" lies in community "${p.other}", not in the one its code names`],
  grid_overlap: (_l, p) => [`单元网格“${p.code}”与“${p.other}”重叠 ${m2(p.area)}`, `Unit grid "${p.code}" overlaps "${p.other}" by ${m2(p.area)}`],
  community_outside_street: (_l, p) => [`社区“${p.code}”有 ${m2(p.area)} 超出所属街道“${p.other}”`, `Community "${p.code}" reaches ${m2(p.area)} outside its street "${p.other}"`],
  outside_district: (l, p) => [`${LAYER_ZH[l]}“${p.code}”远离本区范围，请检查坐标系`, `The ${LAYER_EN[l]} "${p.code}" is far from the district: check the coordinate system`],
  beat_grid_missing: (_l, p) => [`责任网格“${p.code}”包含不存在的单元网格“${p.other}”`, `Responsibility grid "${p.code}" names unit grid "${p.other}", which does not exist`],
  beat_grid_twice: (_l, p) => [`单元网格“${p.other}”同时属于责任网格“${p.code}”和“${p.detail}”`, `Unit grid "${p.other}" is in responsibility grids "${p.code}" and "${p.detail}"`],
  beat_empty: (_l, p) => [`责任网格“${p.code}”不包含任何单元网格`, `Responsibility grid "${p.code}" contains no unit grids`],
  inspector_unknown: (_l, p) => [`责任网格“${p.code}”的监督员“${p.other}”不存在`, `The inspector "${p.other}" of responsibility grid "${p.code}" does not exist`],
};

export function problem(layer: BaseLayer, rule: ProblemRule, index: number | null, params: Params = {}, severity: 'error' | 'warning' = 'error'): Problem {
  const [zh, en] = MESSAGES[rule](layer, params);
  return { layer, index, code: params.code ?? null, rule, severity, zh, en, ...(params.at ? { at: params.at } : {}) };
}

// ---------------------------------------------------------------- reading imported features

/** Property names seen in official data for each field (first match wins; case-insensitive). */
export const FIELD_ALIASES = {
  code: ['code', 'bm', 'dm', '编码', '代码'],
  streetCode: ['streetCode', 'street_code', 'jdbm', 'jddm', 'streetcd', '街道编码', '街道代码', '所属街道编码'],
  communityCode: ['communityCode', 'community_code', 'sqbm', 'sqdm', 'commcode', '社区编码', '社区代码', '所属社区编码'],
  gridCode: ['gridCode', 'grid_code', 'wgbm', 'wgdm', 'bgid', '网格编码', '单元网格编码'],
  beatCode: ['beatCode', 'zrwgbm', '责任网格编码'],
  name: ['name', 'mc', '名称', 'jdmc', 'sqmc', 'wgmc', '街道名称', '社区名称', '责任网格名称'],
  type: ['type', 'lx', '类型'],
  areaClass: ['areaClass', 'area_class', 'areaclass', 'qylb', '区域类别'],
  inspector: ['inspector', 'jdy', '监督员'],
  gridCodes: ['gridCodes', 'grid_codes', 'grids', '单元网格', '包含网格'],
} as const;

export type Props = Record<string, unknown>;

export function field(props: Props, aliases: readonly string[]): string | null {
  const keys = Object.keys(props);
  for (const alias of aliases) {
    const k = keys.find((key) => key.toLowerCase() === alias.toLowerCase());
    if (k === undefined) continue;
    const v = props[k];
    if (v === null || v === undefined) continue;
    const s = (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '').trim();
    if (s) return s;
  }
  return null;
}

const codeField = (layer: BaseLayer, props: Props) =>
  field(props, layer === 'grids' ? [...FIELD_ALIASES.gridCode, ...FIELD_ALIASES.code] : layer === 'communities' ? [...FIELD_ALIASES.communityCode, ...FIELD_ALIASES.code] : layer === 'streets' ? [...FIELD_ALIASES.code, ...FIELD_ALIASES.streetCode] : [...FIELD_ALIASES.beatCode, ...FIELD_ALIASES.code]);

export interface ImportedFeature {
  /** Position in the file. */
  index: number;
  properties: Props;
  /** GeoJSON geometry in WGS84 degrees (already converted from the file's CRS), or null. */
  geometry: unknown;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const roundRing = (ring: Ring): Ring => ring.map(([x, y]): LngLat => [round7(x), round7(y)]);

/** The ring wound as RFC 7946 wants: outer rings counter-clockwise, holes clockwise (shapefiles use the opposite). */
export function rewind(ring: Ring, outer: boolean): Ring {
  const ccw = signedRingArea(ring) > 0;
  return ccw === outer ? ring : [...ring].reverse();
}

/** A (Multi)Polygon with coordinates rounded to 1e-7° (about 1 cm), the precision stored, wound as RFC 7946 wants. */
export function roundGeometry(parts: Ring[][]): PolygonGeometry {
  const rounded = parts.map((rings) => rings.map((r, i) => rewind(roundRing(r), i === 0)));
  return rounded.length === 1 ? { type: 'Polygon', coordinates: rounded[0] } : { type: 'MultiPolygon', coordinates: rounded };
}

const DEFAULT_STREET_TYPE = (name: string) => (name.endsWith('镇') ? '镇' : name.endsWith('乡') ? '乡' : /园区|开发区|管委会/.test(name) ? '园区' : '街道');
const DEFAULT_COMMUNITY_TYPE = (name: string) => (name.endsWith('村') || name.endsWith('村委会') ? '村委会' : '居委会');

function codeProblem(layer: BaseLayer, index: number, code: string, e: unknown): Problem {
  if (e instanceof GridCodeError) return problem(layer, 'code_malformed', index, { code, detail: e.detail });
  throw e;
}

/**
 * Turns one imported feature into a record of the layer, or the problems that stop it. Geometry
 * topology is checked here; relations between records are checked by `validateState`.
 */
export function readFeature<L extends BaseLayer>(
  layer: L,
  f: ImportedFeature,
  districtCode: string,
): { record: LayerRecords[L] | null; problems: Problem[]; area?: PolygonGeometry } {
  const problems: Problem[] = [];
  const rawCode = codeField(layer, f.properties);
  const fail = () => ({ record: null, problems });
  if (!rawCode) problems.push(problem(layer, 'code_missing', f.index));
  const name = field(f.properties, FIELD_ALIASES.name);

  // Geometry first, so a feature with a bad code still reports its topology.
  let parts: Ring[][] | null = null;
  if (layer !== 'beats' || f.geometry) {
    const p = polygonParts(f.geometry);
    if (!Array.isArray(p)) problems.push(problem(layer, p.rule, f.index, { code: rawCode ?? undefined }));
    else {
      const issues = checkPolygonTopology(p, { singleRing: layer === 'grids', degrees: true });
      for (const i of issues) problems.push(problem(layer, i.rule, f.index, { code: rawCode ?? undefined, where: i.where, at: i.at }));
      if (issues.length === 0) parts = p;
    }
  }
  if (!rawCode) return fail();
  const code = rawCode.replace(/\s+/g, '');

  if (layer === 'streets') {
    if (!/^\d{9}$/.test(code)) return problems.push(problem(layer, 'code_malformed', f.index, { code, detail: 'expected 9 digits / 应为 9 位数字' })), fail();
    if (!code.startsWith(districtCode)) problems.push(problem(layer, 'code_wrong_district', f.index, { code, other: districtCode }));
    if (code.endsWith('000')) problems.push(problem(layer, 'code_malformed', f.index, { code, detail: 'the street segment cannot be 000 / 街道段不能为 000' }));
    if (!name) problems.push(problem(layer, 'name_missing', f.index, { code }));
    if (problems.length || !parts) return fail();
    const rec: StreetRecord = { code, name: name!, type: field(f.properties, FIELD_ALIASES.type) ?? DEFAULT_STREET_TYPE(name!), geometry: roundGeometry(parts) };
    return { record: rec as LayerRecords[L], problems };
  }
  if (layer === 'communities') {
    let parsed;
    try {
      parsed = parseCommunityCode(code);
    } catch (e) {
      problems.push(codeProblem(layer, f.index, code, e));
      return fail();
    }
    if (parsed.district !== districtCode) problems.push(problem(layer, 'code_wrong_district', f.index, { code, other: districtCode }));
    const streetCode = field(f.properties, FIELD_ALIASES.streetCode) ?? parsed.streetCode;
    if (streetCode !== parsed.streetCode) problems.push(problem(layer, 'code_parent_mismatch', f.index, { code, other: streetCode }));
    if (!name) problems.push(problem(layer, 'name_missing', f.index, { code }));
    if (problems.length || !parts) return fail();
    const areaClass = field(f.properties, FIELD_ALIASES.areaClass)?.toUpperCase();
    const rec: CommunityRecord = {
      code: parsed.communityCode,
      streetCode,
      name: name!,
      type: field(f.properties, FIELD_ALIASES.type) ?? DEFAULT_COMMUNITY_TYPE(name!),
      areaClass: areaClass && /^[ABC]$/.test(areaClass) ? areaClass : 'B',
      geometry: roundGeometry(parts),
    };
    return { record: rec as LayerRecords[L], problems };
  }
  if (layer === 'grids') {
    let parsed;
    try {
      parsed = parseGridCode(code);
    } catch (e) {
      problems.push(codeProblem(layer, f.index, code, e));
      return fail();
    }
    if (parsed.district !== districtCode) problems.push(problem(layer, 'code_wrong_district', f.index, { code, other: districtCode }));
    const communityCode = field(f.properties, FIELD_ALIASES.communityCode) ?? parsed.communityCode;
    if (communityCode !== parsed.communityCode) problems.push(problem(layer, 'code_parent_mismatch', f.index, { code, other: communityCode }));
    if (problems.length || !parts) return fail();
    const rec: GridRecord = { code: parsed.code, communityCode: parsed.communityCode, streetCode: parsed.streetCode, ring: rewind(roundRing(parts[0][0]), true) };
    return { record: rec as LayerRecords[L], problems };
  }
  // beats: the grid list may be given, or derived from the polygon by the caller.
  if (!name) problems.push(problem(layer, 'name_missing', f.index, { code }));
  const communityCode = field(f.properties, FIELD_ALIASES.communityCode);
  const list = f.properties[Object.keys(f.properties).find((k) => (FIELD_ALIASES.gridCodes as readonly string[]).some((a) => a.toLowerCase() === k.toLowerCase())) ?? ''];
  const gridCodes = (Array.isArray(list) ? list.map(String) : typeof list === 'string' ? list.split(/[\s,;，；、]+/) : []).filter(Boolean);
  const normalised: string[] = [];
  for (const g of gridCodes) {
    try {
      normalised.push(parseGridCode(g).code);
    } catch (e) {
      problems.push(problem(layer, 'beat_grid_missing', f.index, { code, other: g }));
      void e;
    }
  }
  if (problems.length) return fail();
  const rec: BeatRecord = { code, name: name!, communityCode, inspector: field(f.properties, FIELD_ALIASES.inspector), gridCodes: [...new Set(normalised)].sort() };
  return { record: rec as LayerRecords[L], problems, area: parts ? roundGeometry(parts) : undefined };
}

// ---------------------------------------------------------------- relations between records

export interface ValidationOptions {
  districtCode: string;
  /** Overlap or overhang (m²) tolerated between neighbours: digitising leaves slivers. Default 5 m². */
  toleranceM2?: number;
  /** Codes per layer that this change adds or alters (only they, and what they touch, are checked). */
  changed: { [L in BaseLayer]?: Map<string, number | null> };
  /** Codes per layer that this change removes. */
  removed: { [L in BaseLayer]?: Set<string> };
  /** Usernames of existing inspectors, to check beats. */
  inspectors?: Set<string>;
  /** The district outline, to warn about features far from it (likely a wrong CRS). */
  districtBox?: [number, number, number, number];
}

type Planar = { proj: LocalProjection; ring(r: Ring): OpenRing; multi(g: PolygonGeometry): PcMultiPolygon };

function planar(state: BaseDataState): Planar {
  let lng = 0;
  let lat = 0;
  let n = 0;
  for (const g of state.grids.values()) {
    lng += g.ring[0][0];
    lat += g.ring[0][1];
    if (++n > 200) break;
  }
  if (n === 0) {
    for (const c of [...state.communities.values(), ...state.streets.values()]) {
      const [x0, y0, x1, y1] = bboxOf(c.geometry);
      lng += (x0 + x1) / 2;
      lat += (y0 + y1) / 2;
      if (++n > 50) break;
    }
  }
  const proj = localProjection(n ? [lng / n, lat / n] : [125.3, 43.9]);
  const open = (r: Ring): OpenRing => {
    const pts = r.map((p) => proj.forward(p));
    const last = pts[pts.length - 1];
    if (pts.length > 1 && last[0] === pts[0][0] && last[1] === pts[0][1]) pts.pop();
    return pts;
  };
  return {
    proj,
    ring: (r) => {
      const o = open(r);
      return signedRingArea(o) < 0 ? o.reverse() : o;
    },
    multi: (g) => {
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      return polys.map((rings) => rings.map((r) => {
        const o = open(r);
        return [...o, o[0]] as XY[];
      }));
    },
  };
}

function isConvex(ring: OpenRing): boolean {
  let sign = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[(i + 1) % n];
    const [cx, cy] = ring[(i + 2) % n];
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (cross !== 0) {
      if (sign === 0) sign = Math.sign(cross);
      else if (Math.sign(cross) !== sign) return false;
    }
  }
  return true;
}

/** Area (m²) shared by two counter-clockwise open rings in metres. */
export function ringOverlapArea(a: OpenRing, b: OpenRing): number {
  if (isConvex(b)) return Math.abs(signedRingArea(clipConvex(a, b)));
  if (isConvex(a)) return Math.abs(signedRingArea(clipConvex(b, a)));
  return multiArea(intersect([[[...a, a[0]]]], [[[...b, b[0]]]]));
}

/** Area (m²) of the ring inside the shape: exact clipping only where the shape's border crosses the ring's box. */
function areaInside(ring: OpenRing, shape: PcMultiPolygon, edges: Flatbush, ringArea: number): number {
  const [x0, y0, x1, y1] = bboxOf(ring);
  if (edges.search(x0, y0, x1, y1).length === 0) {
    // No border near: the ring is wholly inside or wholly outside.
    const [px, py] = ring[0];
    return shape.some((poly) => pointInPolygon(px, py, { type: 'Polygon', coordinates: poly })) ? ringArea : 0;
  }
  return multiArea(intersect([[[...ring, ring[0]]]], shape));
}

function edgeIndex(shape: PcMultiPolygon): Flatbush {
  const segs: [XY, XY][] = [];
  for (const poly of shape) for (const r of poly) for (let i = 0; i + 1 < r.length; i++) segs.push([r[i], r[i + 1]]);
  const idx = new Flatbush(Math.max(1, segs.length));
  for (const [a, b] of segs) idx.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  if (segs.length === 0) idx.add(0, 0, 0, 0);
  idx.finish();
  return idx;
}

/**
 * Checks the state an import would leave, around what it changes: parents exist, removed records
 * leave no children behind, every changed grid lies inside exactly one community (the one its code
 * names), no changed grid overlaps another, communities lie inside their street, beats name existing
 * grids and each grid is in at most one beat.
 */
export function validateState(state: BaseDataState, opts: ValidationOptions): Problem[] {
  const tol = opts.toleranceM2 ?? 5;
  const out: Problem[] = [];
  const changed = (l: BaseLayer) => opts.changed[l] ?? new Map<string, number | null>();
  const removed = (l: BaseLayer) => opts.removed[l] ?? new Set<string>();
  const P = planar(state);

  // Parents of changed records; children of removed records.
  for (const [code, index] of changed('communities')) {
    const c = state.communities.get(code)!;
    if (!state.streets.has(c.streetCode)) out.push(problem('communities', 'parent_missing', index, { code, other: c.streetCode }));
  }
  for (const [code, index] of changed('grids')) {
    const g = state.grids.get(code)!;
    if (!state.communities.has(g.communityCode)) out.push(problem('grids', 'parent_missing', index, { code, other: g.communityCode }));
  }
  if (removed('streets').size) {
    for (const c of state.communities.values()) {
      if (removed('streets').has(c.streetCode)) out.push(problem('streets', 'children_remain', null, { code: c.streetCode, other: c.code }));
    }
  }
  if (removed('communities').size) {
    const seen = new Set<string>();
    for (const g of state.grids.values()) {
      if (removed('communities').has(g.communityCode) && !seen.has(g.communityCode)) {
        seen.add(g.communityCode);
        out.push(problem('communities', 'children_remain', null, { code: g.communityCode, other: g.code }));
      }
    }
  }

  if (removed('communities').size) {
    for (const b of state.beats.values()) {
      if (b.communityCode && removed('communities').has(b.communityCode)) out.push(problem('communities', 'children_remain', null, { code: b.communityCode, other: b.code }));
    }
  }

  // Far from the district: almost always a wrong coordinate system.
  if (opts.districtBox) {
    const [bx0, by0, bx1, by1] = opts.districtBox;
    const margin = 0.2;
    const far = (g: PolygonGeometry | Ring) => {
      const [x0, y0, x1, y1] = bboxOf(g);
      return x1 < bx0 - margin || x0 > bx1 + margin || y1 < by0 - margin || y0 > by1 + margin;
    };
    for (const l of ['streets', 'communities'] as const) {
      for (const [code, index] of changed(l)) if (far(state[l].get(code)!.geometry)) out.push(problem(l, 'outside_district', index, { code }, 'warning'));
    }
    for (const [code, index] of changed('grids')) if (far(state.grids.get(code)!.ring)) out.push(problem('grids', 'outside_district', index, { code }));
  }

  // Grids inside their community, and which grids a changed community now has to be checked against.
  const communityShape = new Map<string, { shape: PcMultiPolygon; edges: Flatbush }>();
  const shapeOf = (code: string) => {
    let s = communityShape.get(code);
    if (!s) {
      const shape = P.multi(state.communities.get(code)!.geometry);
      s = { shape, edges: edgeIndex(shape) };
      communityShape.set(code, s);
    }
    return s;
  };
  const gridsToCheck = new Map<string, number | null>(changed('grids'));
  const changedCommunities = new Set(changed('communities').keys());
  if (changedCommunities.size) {
    for (const g of state.grids.values()) if (changedCommunities.has(g.communityCode) && !gridsToCheck.has(g.code)) gridsToCheck.set(g.code, null);
  }
  const communityList = [...state.communities.values()];
  const communityIndex = communityList.length ? new Flatbush(communityList.length) : null;
  if (communityIndex) {
    for (const c of communityList) {
      const [x0, y0, x1, y1] = bboxOf(c.geometry);
      communityIndex.add(x0, y0, x1, y1);
    }
    communityIndex.finish();
  }
  const planarGrid = new Map<string, { ring: OpenRing; area: number }>();
  const gridPlanar = (code: string) => {
    let p = planarGrid.get(code);
    if (!p) {
      const ring = P.ring(state.grids.get(code)!.ring);
      p = { ring, area: Math.abs(signedRingArea(ring)) };
      planarGrid.set(code, p);
    }
    return p;
  };
  for (const [code, index] of gridsToCheck) {
    const g = state.grids.get(code)!;
    if (!state.communities.has(g.communityCode)) continue;
    const { ring, area } = gridPlanar(code);
    const { shape, edges } = shapeOf(g.communityCode);
    const outside = area - areaInside(ring, shape, edges, area);
    if (outside <= tol) continue;
    // Mostly elsewhere? Name the community that holds it.
    const [px, py] = pointOnSurface(g.ring);
    const holder = communityIndex
      ? communityIndex
          .search(px, py, px, py)
          .map((i) => communityList[i])
          .find((c) => c.code !== g.communityCode && pointInPolygon(px, py, c.geometry))
      : undefined;
    if (holder && outside > area / 2) out.push(problem('grids', 'grid_in_other_community', index, { code, other: holder.code }));
    else out.push(problem('grids', 'grid_outside_community', index, { code, other: g.communityCode, area: outside }));
  }

  // Overlaps between a changed grid and any other grid.
  if (changed('grids').size) {
    const all = [...state.grids.values()];
    const idx = new Flatbush(all.length);
    for (const g of all) {
      const [x0, y0, x1, y1] = bboxOf(g.ring);
      idx.add(x0, y0, x1, y1);
    }
    idx.finish();
    const reported = new Set<string>();
    const k2 = P.proj.metresPerDegLng * P.proj.metresPerDegLat;
    for (const [code, index] of changed('grids')) {
      const g = state.grids.get(code)!;
      const [x0, y0, x1, y1] = bboxOf(g.ring);
      for (const i of idx.search(x0, y0, x1, y1)) {
        const other = all[i];
        if (other.code === code) continue;
        const key = code < other.code ? `${code}|${other.code}` : `${other.code}|${code}`;
        if (reported.has(key)) continue;
        const [ox0, oy0, ox1, oy1] = bboxOf(other.ring);
        // Boxes that merely touch (lattice neighbours) share no area worth clipping for.
        const boxOverlap = Math.max(0, Math.min(x1, ox1) - Math.max(x0, ox0)) * Math.max(0, Math.min(y1, oy1) - Math.max(y0, oy0)) * k2;
        if (boxOverlap <= tol) continue;
        const shared = ringOverlapArea(gridPlanar(code).ring, gridPlanar(other.code).ring);
        if (shared > tol) {
          reported.add(key);
          out.push(problem('grids', 'grid_overlap', index, { code, other: other.code, area: shared }));
        }
      }
    }
  }

  // Communities inside their street (a warning: street outlines are often coarser than community ones).
  for (const [code, index] of changed('communities')) {
    const c = state.communities.get(code)!;
    const s = state.streets.get(c.streetCode);
    if (!s) continue;
    const shape = shapeOf(code).shape;
    const area = multiArea(shape);
    const inside = multiArea(intersect(shape, P.multi(s.geometry)));
    if (area - inside > Math.max(tol, area * 0.01)) out.push(problem('communities', 'community_outside_street', index, { code, other: s.code, area: area - inside }, 'warning'));
  }

  // Beats: grids exist, each grid in at most one beat, community exists, inspector known.
  const beatOfGrid = new Map<string, string>();
  for (const b of state.beats.values()) for (const g of b.gridCodes) if (!beatOfGrid.has(g)) beatOfGrid.set(g, b.code);
  for (const [code, index] of changed('beats')) {
    const b = state.beats.get(code)!;
    if (b.communityCode && !state.communities.has(b.communityCode)) out.push(problem('beats', 'parent_missing', index, { code, other: b.communityCode }));
    if (b.gridCodes.length === 0) out.push(problem('beats', 'beat_empty', index, { code }, 'warning'));
    for (const g of b.gridCodes) {
      if (!state.grids.has(g)) out.push(problem('beats', 'beat_grid_missing', index, { code, other: g }));
      const first = beatOfGrid.get(g);
      if (first && first !== code) out.push(problem('beats', 'beat_grid_twice', index, { code, other: g, detail: first }));
    }
    if (b.inspector && opts.inspectors && !opts.inspectors.has(b.inspector)) out.push(problem('beats', 'inspector_unknown', index, { code, other: b.inspector }, 'warning'));
  }
  if (removed('grids').size) {
    for (const b of state.beats.values()) {
      if (changed('beats').has(b.code)) continue;
      const gone = b.gridCodes.find((g) => removed('grids').has(g));
      if (gone) out.push(problem('beats', 'beat_grid_missing', null, { code: b.code, other: gone }, 'warning'));
    }
  }
  return out;
}

/** Unit grid area in m² on the local plane (the same measure the demo uses). */
export function ringAreaM2(ring: Ring): number {
  const [x0, y0, x1, y1] = bboxOf(ring);
  const proj = localProjection([(x0 + x1) / 2, (y0 + y1) / 2]);
  return Math.abs(signedRingArea(ring)) * proj.metresPerDegLng * proj.metresPerDegLat;
}

/** Finds duplicate codes in the records read from one file. */
export function duplicateCodes<T extends { code: string }>(layer: BaseLayer, rows: { index: number; record: T }[]): Problem[] {
  const seen = new Map<string, number>();
  const out: Problem[] = [];
  for (const { index, record } of rows) {
    if (seen.has(record.code)) out.push(problem(layer, 'code_duplicate', index, { code: record.code }));
    else seen.set(record.code, index);
  }
  return out;
}
