// Coordinate systems met on input: WGS84 (GPS, CGCS2000 agrees to < 1 m here), GCJ-02 (AMap,
// Tencent, WeChat) and BD-09 (Baidu). The platform stores WGS84; these wrappers convert with gcoord.
import gcoord from 'gcoord';
import type { LngLat } from './types';

export const CRS_LIST = ['WGS84', 'GCJ02', 'BD09'] as const;
export type Crs = (typeof CRS_LIST)[number];

export function isCrs(value: unknown): value is Crs {
  return typeof value === 'string' && (CRS_LIST as readonly string[]).includes(value);
}

/** Rejects non-numbers and points off the globe before they reach storage. */
function assertLngLat(lng: number, lat: number): void {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw new RangeError(`invalid coordinate [${lng}, ${lat}]`);
  }
}

/**
 * Converts a point given in `crs` to WGS84. GCJ-02 and BD-09 offsets only apply inside China;
 * outside it gcoord returns GCJ-02 points unchanged, as the official algorithm does.
 */
export function toWgs84(lng: number, lat: number, crs: Crs): LngLat {
  assertLngLat(lng, lat);
  if (crs === 'WGS84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord[crs], gcoord.WGS84);
  return [x, y];
}

/** Converts a WGS84 point to `crs`, e.g. to draw it on an AMap (GCJ-02) or Baidu (BD-09) base map. */
export function fromWgs84(lng: number, lat: number, crs: Crs): LngLat {
  assertLngLat(lng, lat);
  if (crs === 'WGS84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord[crs]);
  return [x, y];
}
