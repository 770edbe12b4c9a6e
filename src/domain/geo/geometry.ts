// Small exact geometry on [lng, lat] rings: point-in-polygon, bounding boxes, centroids, distances.
import type { BBox, LngLat, Ring, Shape } from './types';

/** Mean Earth radius (IUGG), metres; the same value turf uses for haversine distances. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** The shape as a list of polygons, each a list of rings (outer first). */
function polygonsOf(shape: Shape): Ring[][] {
  if (Array.isArray(shape)) return [[shape]];
  return shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
}

/**
 * Even-odd ray casting. A point exactly on an edge may fall either side, but consistently:
 * of two rings sharing that edge, exactly one contains it (half-open rule on latitude).
 */
export function pointInRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the point lies inside a ring or a (Multi)Polygon; holes are excluded. */
export function pointInPolygon(lng: number, lat: number, shape: Shape): boolean {
  for (const rings of polygonsOf(shape)) {
    if (rings.length === 0 || !pointInRing(lng, lat, rings[0])) continue;
    let inHole = false;
    for (let h = 1; h < rings.length && !inHole; h++) inHole = pointInRing(lng, lat, rings[h]);
    if (!inHole) return true;
  }
  return false;
}

/** Bounding box of every vertex of the shape. */
export function bboxOf(shape: Shape): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const rings of polygonsOf(shape)) {
    for (const ring of rings) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Area-weighted centroid, computed in the plane of lng/lat. That is exact for the small
 * shapes here (a uniform horizontal scale such as cos(lat) does not move a centroid).
 * Holes subtract. Degenerate shapes fall back to the mean vertex.
 */
export function centroid(shape: Shape): LngLat {
  let weight = 0;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (const rings of polygonsOf(shape)) {
    rings.forEach((ring, r) => {
      const n = ring.length;
      if (n === 0) return;
      // Work relative to the first vertex to keep precision with large absolute coordinates.
      const [ox, oy] = ring[0];
      let a2 = 0;
      let mx = 0;
      let my = 0;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const xi = ring[i][0] - ox;
        const yi = ring[i][1] - oy;
        const xj = ring[j][0] - ox;
        const yj = ring[j][1] - oy;
        const f = xj * yi - xi * yj;
        a2 += f;
        mx += (xi + xj) * f;
        my += (yi + yj) * f;
        sx += ring[i][0];
        sy += ring[i][1];
        count++;
      }
      if (a2 === 0) return;
      // Outer rings add and holes subtract, whatever their winding.
      const w = (r === 0 ? 1 : -1) * Math.abs(a2);
      weight += w;
      cx += w * (ox + mx / (3 * a2));
      cy += w * (oy + my / (3 * a2));
    });
  }
  if (weight === 0 || !Number.isFinite(weight)) return count === 0 ? [NaN, NaN] : [sx / count, sy / count];
  return [cx / weight, cy / weight];
}

/** Shoelace signed area in squared degrees; positive when counter-clockwise. */
export function signedRingArea(ring: Ring): number {
  let s = 0;
  const n = ring.length;
  if (n === 0) return 0;
  const [ox, oy] = ring[0];
  for (let i = 0, j = n - 1; i < n; j = i++) {
    s += (ring[j][0] - ox) * (ring[i][1] - oy) - (ring[i][0] - ox) * (ring[j][1] - oy);
  }
  return s / 2;
}

/**
 * A point guaranteed to lie inside the shape (for labels and for locating a polygon by a
 * point): the centroid when it is inside, else the middle of the widest inside stretch of a
 * horizontal line through the centroid (or, failing that, through the middle of the box).
 */
export function pointOnSurface(shape: Shape): LngLat {
  const c = centroid(shape);
  if (pointInPolygon(c[0], c[1], shape)) return c;
  const [, minY, , maxY] = bboxOf(shape);
  for (const t of [0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875]) {
    const y = t === 0.5 && c[1] > minY && c[1] < maxY ? c[1] : minY + (maxY - minY) * t;
    const xs: number[] = [];
    for (const rings of polygonsOf(shape)) {
      for (const ring of rings) {
        const n = ring.length;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const [xi, yi] = ring[i];
          const [xj, yj] = ring[j];
          if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
        }
      }
    }
    xs.sort((p, q) => p - q);
    let best: LngLat | null = null;
    let width = 0;
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const mid: LngLat = [(xs[k] + xs[k + 1]) / 2, y];
      if (xs[k + 1] - xs[k] > width && pointInPolygon(mid[0], mid[1], shape)) {
        width = xs[k + 1] - xs[k];
        best = mid;
      }
    }
    if (best) return best;
  }
  return c;
}

/** Great-circle (haversine) distance in metres between two [lng, lat] points. */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

