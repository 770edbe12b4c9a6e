// A local equirectangular projection in metres around the district, so grid cells can be laid
// out as ~100 m squares. Over 绿园区 (±15 km north–south) the scale error stays under 0.25 %.
import type { LngLat } from './types';

/** Planar point in metres: x east, y north of the projection origin. */
export type XY = [number, number];

export interface LocalProjection {
  origin: LngLat;
  /** Metres per degree of longitude / latitude at the origin (WGS84 ellipsoid). */
  metresPerDegLng: number;
  metresPerDegLat: number;
  forward(p: LngLat): XY;
  inverse(p: XY): LngLat;
}

const WGS84_A = 6_378_137;
const WGS84_E2 = 0.00669437999014;

export function localProjection(origin: LngLat): LocalProjection {
  const phi = (origin[1] * Math.PI) / 180;
  const w = Math.sqrt(1 - WGS84_E2 * Math.sin(phi) ** 2);
  const n = WGS84_A / w; // prime vertical radius of curvature
  const m = (WGS84_A * (1 - WGS84_E2)) / w ** 3; // meridian radius of curvature
  const kx = (n * Math.cos(phi) * Math.PI) / 180;
  const ky = (m * Math.PI) / 180;
  return {
    origin,
    metresPerDegLng: kx,
    metresPerDegLat: ky,
    forward: ([lng, lat]) => [(lng - origin[0]) * kx, (lat - origin[1]) * ky],
    inverse: ([x, y]) => [origin[0] + x / kx, origin[1] + y / ky],
  };
}
