// The coordinate system of an imported file → WGS84: degrees pass through, GCJ-02/BD-09 are converted per vertex,
// Gauss-Krüger metres are unprojected (zone from the request, the .prj, or the zone prefix in the numbers).
import proj4 from 'proj4';
import {
  detectProjectedLayout,
  gaussKrugerToLngLat,
  isValidCentralMeridian,
  toWgs84,
  zoneNumber,
  type GaussKrugerZone,
  type LngLat,
} from '../../domain/geo';

export const SOURCE_CRS = ['WGS84', 'CGCS2000', 'GCJ02', 'BD09', 'GK'] as const;
export type SourceCrsName = (typeof SOURCE_CRS)[number];

export interface SourceCrsOptions {
  /** Absent: taken from the .prj or the GeoJSON `crs` member, else guessed from the numbers. */
  crs?: SourceCrsName;
  /** For GK: the central meridian, e.g. 126. */
  centralMeridian?: number;
  zoneWidth?: 3 | 6;
  /** For GK: whether eastings carry the zone number; 'auto' reads it from the numbers. */
  zonePrefix?: 'auto' | 'yes' | 'no';
}

/** How a file's coordinates were read: reported back in the preview and recorded with the version. */
export interface ResolvedCrs {
  crs: SourceCrsName | 'PRJ';
  description: string;
  centralMeridian?: number;
  zonePrefix?: boolean;
  swappedAxes?: boolean;
  convert: (x: number, y: number) => LngLat;
}

/** A request-level problem with the coordinate system (the whole file, not one feature). */
export class CrsError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** Up to `max` coordinate pairs from anywhere in the features, to recognise the system. */
export function sampleCoordinates(features: { geometry: unknown }[], max = 64): [number, number][] {
  const out: [number, number][] = [];
  const walk = (c: unknown): void => {
    if (out.length >= max || !Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      out.push([c[0], c[1]]);
      return;
    }
    for (const x of c) walk(x);
  };
  const step = Math.max(1, Math.floor(features.length / max));
  for (let i = 0; i < features.length && out.length < max; i += step) walk((features[i].geometry as { coordinates?: unknown } | null)?.coordinates);
  return out;
}

const looksLikeDegrees = (samples: [number, number][]) => samples.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90);

/** Reads a GeoJSON `crs` member (old-style) into a CRS name, or null. */
export function crsFromGeoJsonMember(crs: unknown): SourceCrsOptions | null {
  const name = String((crs as { properties?: { name?: unknown } } | null)?.properties?.name ?? '');
  if (!name) return null;
  if (/4326|CRS84|WGS ?84/i.test(name)) return { crs: 'WGS84' };
  if (/4490|CGCS ?2000$/i.test(name)) return { crs: 'CGCS2000' };
  const code = /EPSG:{1,2}(\d{4,5})/i.exec(name)?.[1];
  if (code) {
    const n = Number(code);
    // CGCS2000 / 3-degree Gauss-Kruger zone 25–45 (with prefix) and CM 75E–135E (without).
    if (n >= 4513 && n <= 4533) return { crs: 'GK', centralMeridian: (n - 4513 + 25) * 3, zonePrefix: 'yes', zoneWidth: 3 };
    if (n >= 4534 && n <= 4554) return { crs: 'GK', centralMeridian: 75 + (n - 4534) * 3, zonePrefix: 'no', zoneWidth: 3 };
  }
  return null;
}

/**
 * Decides how to turn the file's numbers into WGS84. Explicit options win; then the .prj (any projection
 * proj4 understands); then a guess from the numbers (degrees, or Gauss-Krüger with the zone prefix).
 */
export function resolveCrs(opts: SourceCrsOptions, samples: [number, number][], prj: string | null): ResolvedCrs {
  const crs = opts.crs;
  if (crs === 'WGS84' || crs === 'CGCS2000') {
    return { crs, description: crs === 'WGS84' ? 'WGS84 经纬度 / degrees' : 'CGCS2000 经纬度 / degrees', convert: (x, y) => [x, y] };
  }
  if (crs === 'GCJ02' || crs === 'BD09') {
    return { crs, description: `${crs} → WGS84`, convert: (x, y) => toWgs84(x, y, crs) };
  }
  if (crs === 'GK' || (!crs && !prj && samples.length && !looksLikeDegrees(samples))) return gaussKruger(opts, samples);
  if (!crs && prj) {
    let conv: proj4.Converter;
    try {
      conv = proj4(prj, 'EPSG:4326');
    } catch {
      throw new CrsError('无法识别 .prj 文件中的坐标系，请指定坐标系', 'The .prj coordinate system is not understood: say which system the file uses');
    }
    const isGeographic = /^\s*GEOGCS/i.test(prj);
    if (isGeographic) return { crs: 'PRJ', description: `.prj: ${prj.slice(0, 60)}`, convert: (x, y) => [x, y] };
    return {
      crs: 'PRJ',
      description: `.prj: ${/PROJCS\["([^"]+)"/.exec(prj)?.[1] ?? 'projected'}`,
      convert: (x, y) => {
        const [lng, lat] = conv.forward([x, y]);
        return [lng, lat];
      },
    };
  }
  return { crs: 'WGS84', description: 'WGS84 经纬度 / degrees', convert: (x, y) => [x, y] };
}

function gaussKruger(opts: SourceCrsOptions, samples: [number, number][]): ResolvedCrs {
  const width = opts.zoneWidth ?? 3;
  const layout = detectProjectedLayout(samples);
  if (!layout) {
    throw new CrsError(
      '坐标不像高斯-克吕格投影坐标（米）：请检查坐标系',
      'The coordinates do not look like Gauss-Krüger metres: check the coordinate system',
    );
  }
  const prefix = opts.zonePrefix ?? 'auto';
  if (prefix === 'no' && layout.prefixZone !== null) {
    throw new CrsError(`坐标带有带号 ${layout.prefixZone}，但请求说明无带号`, `The eastings carry zone number ${layout.prefixZone}, but the request says they have none`);
  }
  if (prefix === 'yes' && layout.prefixZone === null) {
    throw new CrsError('请求说明横坐标带有带号，但坐标中没有带号', 'The request says eastings carry the zone number, but they do not');
  }
  let cm = opts.centralMeridian;
  if (layout.prefixZone !== null) {
    const fromPrefix = width === 3 ? layout.prefixZone * 3 : layout.prefixZone * 6 - 3;
    if (cm !== undefined && cm !== fromPrefix) {
      throw new CrsError(
        `中央经线 ${cm}° 与坐标中的带号 ${layout.prefixZone}（中央经线 ${fromPrefix}°）不符`,
        `Central meridian ${cm}° does not match zone number ${layout.prefixZone} in the eastings (central meridian ${fromPrefix}°)`,
      );
    }
    cm = fromPrefix;
  }
  if (cm === undefined) {
    throw new CrsError('高斯-克吕格投影坐标需指定中央经线（如长春为 126°）', 'Gauss-Krüger coordinates need their central meridian (126° for Changchun)');
  }
  if (!isValidCentralMeridian(cm, width)) {
    throw new CrsError(`${cm}° 不是 ${width} 度带的中央经线`, `${cm}° is not a central meridian of the ${width}-degree zones`);
  }
  const zone: GaussKrugerZone = { centralMeridian: cm, width, zonePrefix: layout.prefixZone !== null };
  const swapped = layout.swapped;
  return {
    crs: 'GK',
    description: `CGCS2000 高斯-克吕格 ${width}° 带，中央经线 ${cm}°${zone.zonePrefix ? `，带号 ${zoneNumber(zone)}` : ''}${swapped ? '，X/Y 互换' : ''} / Gauss-Krüger ${width}° zone, CM ${cm}°`,
    centralMeridian: cm,
    zonePrefix: zone.zonePrefix,
    swappedAxes: swapped,
    convert: (x, y) => (swapped ? gaussKrugerToLngLat(y, x, zone) : gaussKrugerToLngLat(x, y, zone)),
  };
}

/** Converts every coordinate of a GeoJSON geometry; anything that is not a number pair is left for validation to report. */
export function convertGeometry(geometry: unknown, convert: (x: number, y: number) => LngLat): unknown {
  if (!geometry || typeof geometry !== 'object') return geometry;
  const g = geometry as { type: string; coordinates?: unknown };
  const walk = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      if (!Number.isFinite(c[0]) || !Number.isFinite(c[1])) return c;
      try {
        return convert(c[0], c[1]);
      } catch {
        return [Number.NaN, Number.NaN];
      }
    }
    return c.map(walk);
  };
  return { type: g.type, coordinates: walk(g.coordinates) };
}
