// Reading a component census (部件普查) from CSV, xlsx or GeoJSON into register rows: Chinese or English column
// names, 16-digit legacy identifiers converted, positions in any supported coordinate system, grid and area filled in
// from the position, and a clear problem per row and field.
import { GridCodeError, parseComponentId } from '../../domain/grid';
import { GridIndex, type LngLat } from '../../domain/geo';
import { readTable } from '../integrations/table';
import { convertGeometry, CrsError, resolveCrs, sampleCoordinates, type SourceCrsOptions } from '../basedata/source-crs';
import { AppError } from '../errors';
import type { ComponentInsert } from './component.repository';
import { COMPONENT_STATES, DATA_SOURCES, STATE_ZH, type ComponentImportResult, type ComponentState } from './component.schema';

type Problem = ComponentImportResult['problems'][number];

/** Column names seen in census tables for each attribute (case-insensitive). */
const COLUMNS: Record<string, string[]> = {
  id: ['id', 'code', 'bsm', 'objcode', 'obj_id', '标识码', '部件标识码', '部件编码', '部件代码'],
  name: ['name', 'objname', '部件名称', '名称'],
  classCode: ['classCode', 'class_code', '类别代码', '小类代码'],
  deptCode: ['deptCode', 'dept_code', 'deptcode', '主管部门代码', '主管部门编码'],
  deptName: ['deptName', 'dept_name', 'deptname', '主管部门名称', '主管部门'],
  gridCode: ['gridCode', 'grid_code', 'bgid', '所在单元网格', '所属网格', '单元网格', '网格编码'],
  state: ['state', 'status', 'objstate', '部件状态', '状态'],
  initialDate: ['initialDate', 'initial_date', 'ordate', '初始日期', '启用日期'],
  changeDate: ['changeDate', 'change_date', 'chdate', '变更日期'],
  ownerUnit: ['ownerUnit', 'owner_unit', 'ownername', '权属单位'],
  maintenanceUnit: ['maintenanceUnit', 'maintenance_unit', 'maintainer', '养护单位'],
  dataSource: ['dataSource', 'data_source', 'datasource', '数据来源'],
  note: ['note', 'remark', '备注'],
  lng: ['lng', 'lon', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
  x: ['x', 'X坐标', 'x坐标', 'easting'],
  y: ['y', 'Y坐标', 'y坐标', 'northing'],
};

const STATE_WORDS: Record<string, ComponentState> = Object.fromEntries([
  ...COMPONENT_STATES.map((s) => [s, s] as const),
  ...COMPONENT_STATES.map((s) => [STATE_ZH[s], s] as const),
  ['正常', 'intact'],
  ['损坏', 'damaged'],
  ['缺失', 'lost'],
  ['报废', 'abandoned'],
  ['拆除', 'removed'],
]);

export interface PlaceIndex {
  grids: GridIndex<{ code: string; communityCode: string; streetCode: string; ring: LngLat[] }>;
  gridCodes: Set<string>;
  communityNames: Map<string, string>;
  streetNames: Map<string, string>;
}

interface RawRow {
  row: number;
  values: Record<string, string>;
  /** A GeoJSON point already converted, when the input was GeoJSON. */
  point?: LngLat | null;
}

/** Normalises a date written as 2024-05-01, 2024/5/1, 20240501 or 2024年5月1日 to YYYY-MM-DD; null if it is not a date. */
export function normaliseDate(s: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s.trim()) ?? /^(\d{4})-(\d{2})-(\d{2})T/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function pick(values: Record<string, string>, key: string): string {
  for (const alias of COLUMNS[key]) {
    const k = Object.keys(values).find((h) => h.toLowerCase() === alias.toLowerCase());
    if (k !== undefined && values[k]?.trim()) return values[k].trim();
  }
  return '';
}

/** Reads the file into rows of named values (CSV/xlsx by header, GeoJSON by properties with the point converted). */
const NO_ROWS = '文件中没有数据行 / The file has no data rows';

export async function readCensus(data: Buffer, filename: string, crs: SourceCrsOptions): Promise<{ rows: RawRow[]; crsDescription: string }> {
  const text = /\.(geo)?json$/i.test(filename) || data[0] === 0x7b ? data.toString('utf8').replace(/^\uFEFF/, '') : null;
  if (text !== null && text.trimStart().startsWith('{')) {
    let fc: { features?: { properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } | null }[] };
    try {
      fc = JSON.parse(text);
    } catch {
      throw new AppError('VALIDATION_FAILED', filename, [{ path: filename, message: '不是有效的 GeoJSON / Not valid GeoJSON' }]);
    }
    const features = fc.features ?? [];
    if (features.length === 0) throw new AppError('VALIDATION_FAILED', filename, [{ path: filename, message: NO_ROWS }]);
    let resolved;
    try {
      resolved = resolveCrs(crs, sampleCoordinates(features as { geometry: unknown }[]), null);
    } catch (e) {
      if (e instanceof CrsError) throw new AppError('VALIDATION_FAILED', e.en, [{ path: 'crs', message: `${e.zh} / ${e.en}` }]);
      throw e;
    }
    return {
      crsDescription: resolved.description,
      rows: features.map((f, i) => {
        const g = convertGeometry(f.geometry, resolved.convert) as { type?: string; coordinates?: number[] } | null;
        const point = g?.type === 'Point' && Array.isArray(g.coordinates) && Number.isFinite(g.coordinates[0]) ? ([g.coordinates[0], g.coordinates[1]] as LngLat) : null;
        const values = Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
        return { row: i + 1, values, point };
      }),
    };
  }
  const table = await readTable(data);
  if (table.headers.length === 0) throw new AppError('VALIDATION_FAILED', filename, [{ path: filename, message: '文件为空 / The file is empty' }]);
  const rows = table.rows.map((cells, i) => ({ row: i + 1, values: Object.fromEntries(table.headers.map((h, c) => [h, cells[c] ?? ''])) }));
  // A file with no data rows (or not a table at all, such as a photo chosen by mistake) imports nothing: say so.
  if (rows.length === 0) throw new AppError('VALIDATION_FAILED', filename, [{ path: filename, message: NO_ROWS }]);
  // Coordinates: lng/lat columns, or x/y in a projected system.
  const samples: [number, number][] = [];
  for (const r of rows.slice(0, 64)) {
    const a = Number(pick(r.values, 'lng') || pick(r.values, 'x'));
    const b = Number(pick(r.values, 'lat') || pick(r.values, 'y'));
    if (Number.isFinite(a) && Number.isFinite(b) && (a || b)) samples.push([a, b]);
  }
  let resolved;
  try {
    resolved = resolveCrs(crs, samples, null);
  } catch (e) {
    if (e instanceof CrsError) throw new AppError('VALIDATION_FAILED', e.en, [{ path: 'crs', message: `${e.zh} / ${e.en}` }]);
    throw e;
  }
  return {
    crsDescription: resolved.description,
    rows: rows.map((r) => {
      const a = Number(pick(r.values, 'lng') || pick(r.values, 'x'));
      const b = Number(pick(r.values, 'lat') || pick(r.values, 'y'));
      let point: LngLat | null = null;
      if (Number.isFinite(a) && Number.isFinite(b) && (a || b)) {
        try {
          point = resolved.convert(a, b);
        } catch {
          point = null;
        }
      }
      return { ...r, point };
    }),
  };
}

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Turns census rows into register rows, with a problem per row and field where something is wrong. */
export function censusToRows(
  raw: RawRow[],
  opts: { districtCode: string; classes: Map<string, string>; places: PlaceIndex; now: Date },
): { rows: ComponentInsert[]; problems: Problem[]; legacyConverted: number } {
  const problems: Problem[] = [];
  const out: ComponentInsert[] = [];
  const seen = new Map<string, number>();
  let legacyConverted = 0;
  for (const r of raw) {
    const v = r.values;
    const err = (field: string, zh: string, en: string, id: string | null, severity: 'error' | 'warning' = 'error') => problems.push({ row: r.row, id, field, severity, zh, en });
    const rawId = pick(v, 'id').replace(/\s+/g, '');
    if (!rawId) {
      err('id', '缺少部件标识码', 'The component identifier is missing', null);
      continue;
    }
    let parsed;
    try {
      parsed = parseComponentId(rawId);
    } catch (e) {
      if (!(e instanceof GridCodeError)) throw e;
      err('id', `标识码“${rawId}”格式错误：${e.detail}`, `Identifier "${rawId}" is malformed: ${e.detail}`, rawId);
      continue;
    }
    const id = parsed.code;
    let bad = false;
    if (parsed.legacy) legacyConverted++;
    if (parsed.district !== opts.districtCode) {
      err('id', `标识码“${rawId}”不属于本区（${opts.districtCode}）`, `Identifier "${rawId}" is not of this district (${opts.districtCode})`, id);
      bad = true;
    }
    if (seen.has(id)) {
      err('id', `标识码“${id}”与第 ${seen.get(id)} 行重复`, `Identifier "${id}" repeats row ${seen.get(id)}`, id);
      continue;
    }
    seen.set(id, r.row);
    const className = opts.classes.get(parsed.classCode);
    if (!className) {
      err('id', `标识码中的类别“${parsed.classCode}”不是部件类别`, `Class "${parsed.classCode}" in the identifier is not a component class`, id);
      bad = true;
    }
    const declaredClass = pick(v, 'classCode');
    if (declaredClass && declaredClass !== parsed.classCode) err('classCode', `类别代码“${declaredClass}”与标识码不符`, `Class code "${declaredClass}" does not match the identifier`, id);
    const name = pick(v, 'name') || className || '';
    if (!pick(v, 'name')) err('name', '缺少部件名称，已使用类别名称', 'No name: the class name is used', id, 'warning');
    const deptCode = pick(v, 'deptCode');
    const deptName = pick(v, 'deptName');
    if (!deptCode) err('deptCode', '缺少主管部门代码', 'The competent department code is missing', id);
    else if (!USCC.test(deptCode)) err('deptCode', `主管部门代码“${deptCode}”不是 18 位统一社会信用代码`, `Department code "${deptCode}" is not an 18-character unified social credit code`, id, 'warning');
    if (!deptName) err('deptName', '缺少主管部门名称', 'The competent department name is missing', id);
    const stateWord = pick(v, 'state');
    const state = stateWord ? STATE_WORDS[stateWord] ?? STATE_WORDS[stateWord.toLowerCase()] : 'intact';
    if (!stateWord) err('state', '缺少部件状态，按“完好”导入', 'No state: imported as intact', id, 'warning');
    else if (!state) err('state', `部件状态“${stateWord}”应为 完好/破损/丢失/废弃/移除`, `State "${stateWord}" must be one of 完好/破损/丢失/废弃/移除 (intact/damaged/lost/abandoned/removed)`, id);
    const initialRaw = pick(v, 'initialDate');
    const initialDate = initialRaw ? normaliseDate(initialRaw) : null;
    if (!initialDate) err('initialDate', initialRaw ? `初始日期“${initialRaw}”无效` : '缺少初始日期', initialRaw ? `Initial date "${initialRaw}" is not a date` : 'The initial date is missing', id);
    const changeRaw = pick(v, 'changeDate');
    const changeDate = changeRaw ? normaliseDate(changeRaw) : null;
    if (changeRaw && !changeDate) err('changeDate', `变更日期“${changeRaw}”无效`, `Change date "${changeRaw}" is not a date`, id);
    if (state && state !== 'intact' && !changeRaw) err('changeDate', '状态不是“完好”时应填写变更日期', 'A change date is expected when the state is not intact', id, 'warning');
    const dataSource = pick(v, 'dataSource') || null;
    if (dataSource && !(DATA_SOURCES as readonly string[]).includes(dataSource)) err('dataSource', `数据来源“${dataSource}”应为 实测/地形图/基础地理数据/其他`, `Data source "${dataSource}" should be one of 实测/地形图/基础地理数据/其他`, id, 'warning');

    const p = r.point ?? null;
    if (!p || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      err('lng', '缺少坐标或坐标无效', 'The position is missing or invalid', id);
      continue;
    }
    const located = opts.places.grids.locate(p[0], p[1]);
    let gridCode = pick(v, 'gridCode');
    if (gridCode) {
      if (gridCode.length === 14) gridCode = gridCode.slice(0, 12) + '0' + gridCode.slice(12);
      if (!opts.places.gridCodes.has(gridCode)) {
        err('gridCode', `单元网格“${gridCode}”不存在`, `Unit grid "${gridCode}" does not exist`, id);
        bad = true;
      } else if (located && located.code !== gridCode) {
        err('gridCode', `坐标位于网格“${located.code}”，与填写的“${gridCode}”不符`, `The position lies in grid "${located.code}", not "${gridCode}"`, id, 'warning');
      }
    } else if (located) gridCode = located.code;
    else {
      err('lng', '坐标不在任何单元网格内', 'The position is outside every unit grid', id);
      bad = true;
    }
    if (bad || !state || !initialDate || !deptCode || !deptName) continue;
    const communityCode = gridCode.slice(0, 12);
    const streetCode = gridCode.slice(0, 9);
    const lng = round7(p[0]);
    const lat = round7(p[1]);
    out.push({
      id,
      classCode: parsed.classCode,
      name,
      deptCode,
      deptName,
      gridCode,
      state,
      initialDate,
      changeDate,
      ownerUnit: pick(v, 'ownerUnit') || null,
      maintenanceUnit: pick(v, 'maintenanceUnit') || null,
      dataSource,
      note: pick(v, 'note') || null,
      streetCode,
      streetName: opts.places.streetNames.get(streetCode) ?? null,
      communityCode,
      communityName: opts.places.communityNames.get(communityCode) ?? null,
      lng,
      lat,
      location: [lng, lat],
      legacyId: parsed.legacy ? rawId : null,
      createdAt: opts.now,
      updatedAt: opts.now,
    });
  }
  return { rows: out, problems, legacyConverted };
}
