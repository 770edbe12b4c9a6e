// Export encodings of base data layers: CSV (UTF-8 with BOM for Excel, geometry as WKT) and zipped Shapefile.
import { pointOnSurface, type PolygonGeometry, type Ring } from '../../domain/geo';
import type { BaseLayer } from '../../domain/geo/basedata';
import { writePolygonShapefile, type DbfField } from './shapefile';

type Feature = { properties: Record<string, unknown>; geometry: unknown };

const COLUMNS: Record<BaseLayer, string[]> = {
  streets: ['code', 'name', 'type'],
  communities: ['code', 'streetCode', 'name', 'type', 'areaClass'],
  grids: ['code', 'communityCode', 'streetCode'],
  beats: ['code', 'name', 'communityCode', 'inspector', 'gridCodes'],
};

/** DBF field per column: names ≤ 10 characters that the importer's aliases recognise. */
const DBF: Record<string, DbfField> = {
  code: { name: 'code', type: 'C', length: 20 },
  name: { name: 'name', type: 'C', length: 100 },
  type: { name: 'type', type: 'C', length: 20 },
  streetCode: { name: 'streetcd', type: 'C', length: 9 },
  communityCode: { name: 'commcode', type: 'C', length: 12 },
  areaClass: { name: 'areaclass', type: 'C', length: 1 },
  inspector: { name: 'inspector', type: 'C', length: 40 },
};

const cell = (v: unknown): string => {
  const s = Array.isArray(v) ? v.join(';') : v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const wktRing = (r: Ring) => `(${r.map(([x, y]) => `${x} ${y}`).join(', ')})`;
function wkt(g: PolygonGeometry | null): string {
  if (!g) return '';
  if (g.type === 'Polygon') return `POLYGON (${g.coordinates.map(wktRing).join(', ')})`;
  return `MULTIPOLYGON (${g.coordinates.map((p) => `(${p.map(wktRing).join(', ')})`).join(', ')})`;
}

export function toCsv(layer: BaseLayer, features: Feature[]): Buffer {
  const cols = COLUMNS[layer];
  const lines = [[...cols, 'lng', 'lat', 'wkt'].join(',')];
  for (const f of features) {
    const g = f.geometry as PolygonGeometry | null;
    const [lng, lat] = g ? pointOnSurface(g) : [null, null];
    lines.push([...cols.map((c) => cell(f.properties[c])), lng === null ? '' : (Math.round(lng * 1e7) / 1e7).toString(), lat === null ? '' : (Math.round(lat * 1e7) / 1e7).toString(), cell(wkt(g))].join(','));
  }
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export function toShapefile(layer: BaseLayer, features: Feature[]): Promise<Buffer> {
  // A beat's grid list can exceed a DBF field: the importer derives it from the polygons instead.
  const cols = COLUMNS[layer].filter((c) => c !== 'gridCodes');
  const fields = cols.map((c) => DBF[c]);
  return writePolygonShapefile(
    layer,
    fields,
    features.map((f) => {
      const g = f.geometry as PolygonGeometry | null;
      return { parts: g ? (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) : null, values: cols.map((c) => (f.properties[c] ?? null) as string | null) };
    }),
  );
}
