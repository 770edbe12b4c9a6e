// Gauss-Krüger (transverse Mercator) projected coordinates on CGCS2000 → WGS84/CGCS2000 degrees and back,
// for official grid data delivered in a 3-degree (or 6-degree) zone: proj4 does the maths.
import proj4 from 'proj4';
import type { LngLat } from './types';

export interface GaussKrugerZone {
  /** Central meridian in degrees east, e.g. 126 for Changchun (3-degree zone 42). */
  centralMeridian: number;
  /** Zone width: 3 (the usual for large-scale maps, 1:500–1:10,000) or 6. */
  width: 3 | 6;
  /** Whether eastings carry the zone number in front (42 500 000 instead of 500 000). */
  zonePrefix: boolean;
}

/** The zone number of a central meridian: 3-degree zone n has CM 3n; 6-degree zone n has CM 6n − 3. */
export function zoneNumber(zone: Pick<GaussKrugerZone, 'centralMeridian' | 'width'>): number {
  return zone.width === 3 ? Math.round(zone.centralMeridian / 3) : Math.round((zone.centralMeridian + 3) / 6);
}

/** The central meridian of the zone containing a longitude. */
export function centralMeridianFor(lng: number, width: 3 | 6 = 3): number {
  return width === 3 ? Math.round(lng / 3) * 3 : Math.floor(lng / 6) * 6 + 3;
}

/** Checks that a central meridian is one of the zone system's (3-degree: multiples of 3; 6-degree: 6n − 3). */
export function isValidCentralMeridian(cm: number, width: 3 | 6): boolean {
  if (!Number.isFinite(cm) || cm < 72 || cm > 138) return false;
  return width === 3 ? cm % 3 === 0 : (cm + 3) % 6 === 0;
}

/** The proj4 definition, e.g. EPSG:4551 (CM 126E) or, with the prefix, EPSG:4530 (zone 42). */
export function gaussKrugerProj4(zone: GaussKrugerZone): string {
  const falseEasting = 500_000 + (zone.zonePrefix ? zoneNumber(zone) * 1_000_000 : 0);
  return `+proj=tmerc +lat_0=0 +lon_0=${zone.centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

const WGS84 = 'EPSG:4326';
const converters = new Map<string, proj4.Converter>();

function converter(zone: GaussKrugerZone): proj4.Converter {
  const def = gaussKrugerProj4(zone);
  let c = converters.get(def);
  if (!c) {
    c = proj4(def, WGS84);
    converters.set(def, c);
  }
  return c;
}

/**
 * Projected [easting, northing] in metres → [lng, lat] degrees. CGCS2000 and WGS84 share their
 * ellipsoid to 0.1 mm and their frames agree to well under a metre in China, so no datum shift is applied.
 */
export function gaussKrugerToLngLat(easting: number, northing: number, zone: GaussKrugerZone): LngLat {
  if (!Number.isFinite(easting) || !Number.isFinite(northing)) throw new RangeError(`invalid projected coordinate [${easting}, ${northing}]`);
  const [lng, lat] = converter(zone).forward([easting, northing]);
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) throw new RangeError(`projected coordinate [${easting}, ${northing}] is outside the zone`);
  return [lng, lat];
}

/** [lng, lat] degrees → projected [easting, northing] in metres. */
export function lngLatToGaussKruger(lng: number, lat: number, zone: GaussKrugerZone): [number, number] {
  const [e, n] = converter(zone).inverse([lng, lat]);
  return [e, n];
}

/** What the numbers of a projected dataset say about themselves. */
export interface ProjectedLayout {
  /** The first number of each pair is the northing (the surveyors' X), not the easting. */
  swapped: boolean;
  /** The zone number carried in front of the eastings, or null. */
  prefixZone: number | null;
}

/**
 * Looks at sample coordinate pairs of a projected dataset. In China northings are 2,000–6,000 km and
 * eastings 0–1,000 km inside a zone (or zone × 1,000 km + that with the prefix), so each axis can be
 * told apart. Returns null when the numbers fit no Gauss-Krüger layout (e.g. they are degrees).
 */
export function detectProjectedLayout(samples: readonly [number, number][]): ProjectedLayout | null {
  if (samples.length === 0) return null;
  const isNorthing = (v: number) => v >= 1_500_000 && v <= 6_500_000;
  const isEasting = (v: number) => (v > 0 && v < 1_000_000) || (v >= 13_000_000 && v < 46_000_000);
  const prefixOf = (v: number) => (v >= 13_000_000 ? Math.floor(v / 1_000_000) : null);
  let en = 0;
  let ne = 0;
  for (const [a, b] of samples) {
    if (isEasting(a) && isNorthing(b)) en++;
    else if (isNorthing(a) && isEasting(b)) ne++;
    else return null;
  }
  const swapped = ne > en;
  const prefixes = new Set(samples.map(([a, b]) => prefixOf(swapped ? b : a)));
  if (prefixes.size !== 1) return null;
  return { swapped, prefixZone: [...prefixes][0] };
}
