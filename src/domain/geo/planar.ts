// Planar polygon operations in metres used to build the demo zones: half-plane and convex clipping
// (Sutherland–Hodgman), power diagram cells, and robust wrappers around polygon-clipping.
import polygonClipping, { type MultiPolygon as PcMultiPolygon } from 'polygon-clipping';
import { pointInRing, signedRingArea } from './geometry';
import type { XY } from './local-projection';

/** An open ring (no repeated closing vertex), counter-clockwise unless said otherwise. */
export type OpenRing = XY[];

export type { PcMultiPolygon };

export function ringArea(ring: OpenRing): number {
  return Math.abs(signedRingArea(ring));
}

/**
 * Keeps the part of a polygon where a·x + b·y ≤ c (one Sutherland–Hodgman step). Exact for a
 * convex polygon; a concave one that the line cuts in several places comes out as one ring
 * whose pieces are joined by zero-width bridges along the line.
 */
export function clipHalfPlane(poly: OpenRing, a: number, b: number, c: number): OpenRing {
  const out: OpenRing = [];
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const p = poly[i];
    const q = poly[(i + 1) % n];
    const fp = a * p[0] + b * p[1] - c;
    const fq = a * q[0] + b * q[1] - c;
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out.length >= 3 ? out : [];
}

/** Clips a polygon to a convex counter-clockwise one; exact when the result is connected (see clipHalfPlane). */
export function clipConvex(subject: OpenRing, convex: OpenRing): OpenRing {
  let out = subject;
  const n = convex.length;
  for (let i = 0; i < n && out.length > 0; i++) {
    const [x1, y1] = convex[i];
    const [x2, y2] = convex[(i + 1) % n];
    // Inside a CCW polygon is the left of each edge: (x2−x1)(y−y1) − (y2−y1)(x−x1) ≥ 0.
    const a = y2 - y1;
    const b = -(x2 - x1);
    out = clipHalfPlane(out, a, b, a * x1 + b * y1);
  }
  return out;
}

export function rect(minX: number, minY: number, maxX: number, maxY: number): OpenRing {
  return [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
  ];
}

/**
 * Cell i of the power diagram of `sites` with `weights`, inside `bounds` (convex, CCW):
 * the points x with |x − pᵢ|² − wᵢ ≤ |x − pⱼ|² − wⱼ for every j. Weight 0 everywhere is Voronoi.
 */
export function powerCell(i: number, sites: readonly XY[], weights: readonly number[], bounds: OpenRing): OpenRing {
  let cell = bounds;
  const [xi, yi] = sites[i];
  for (let j = 0; j < sites.length && cell.length > 0; j++) {
    if (j === i) continue;
    const [xj, yj] = sites[j];
    // 2(pj − pi)·x ≤ |pj|² − |pi|² + wi − wj
    cell = clipHalfPlane(
      cell,
      2 * (xj - xi),
      2 * (yj - yi),
      xj * xj + yj * yj - xi * xi - yi * yi + weights[i] - weights[j],
    );
  }
  return cell;
}

/** Rounds to a grid of `unit` metres and drops repeated vertices; returns an open ring. */
export function snapRing(ring: readonly XY[], unit: number): OpenRing {
  const out: OpenRing = [];
  for (const [x, y] of ring) {
    const p: XY = [Math.round(x / unit) * unit, Math.round(y / unit) * unit];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out.length >= 3 ? out : [];
}

/** polygon-clipping MultiPolygon (closed rings) snapped to `unit` metres. */
export function snapMulti(shape: PcMultiPolygon, unit: number): PcMultiPolygon {
  const out: PcMultiPolygon = [];
  for (const poly of shape) {
    const [outer, ...holes] = poly.map((r) => snapRing(r, unit));
    if (!outer || outer.length < 3) continue;
    out.push([outer, ...holes.filter((h) => h.length >= 3)].map((r) => [...r, r[0]]));
  }
  return out;
}

/** Drops parts and holes under 1 m²: polygon-clipping sometimes returns zero-area leftovers. */
function withoutSlivers(shape: PcMultiPolygon): PcMultiPolygon {
  return shape
    .filter((poly) => Math.abs(signedRingArea(poly[0])) >= 1)
    .map((poly) => poly.filter((ring, i) => i === 0 || Math.abs(signedRingArea(ring)) >= 1));
}

/**
 * Runs a polygon-clipping operation robustly against its known floating-point failures
 * ("Unable to complete output ring"): inputs are snapped to 1 mm, then to coarser grids on error.
 */
function robust(op: 'intersection' | 'union', a: PcMultiPolygon, b: PcMultiPolygon): PcMultiPolygon {
  let lastError: unknown;
  for (const unit of [1e-3, 1e-2, 1e-1]) {
    try {
      return withoutSlivers(polygonClipping[op](snapMulti(a, unit), snapMulti(b, unit)));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export const intersect = (a: PcMultiPolygon, b: PcMultiPolygon): PcMultiPolygon => robust('intersection', a, b);
export const unite = (a: PcMultiPolygon, b: PcMultiPolygon): PcMultiPolygon => robust('union', a, b);

/** Area in m² of a MultiPolygon in metres, holes subtracted. */
export function multiArea(shape: PcMultiPolygon): number {
  let a = 0;
  for (const poly of shape) {
    poly.forEach((ring, i) => {
      a += (i === 0 ? 1 : -1) * Math.abs(signedRingArea(ring));
    });
  }
  return a;
}

/** Bounding box [minX, minY, maxX, maxY] of the outer rings. */
export function multiBounds(shape: PcMultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of shape) {
    for (const [x, y] of poly[0]) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Whether the point lies inside the MultiPolygon (holes excluded). */
export function inMulti(x: number, y: number, shape: PcMultiPolygon): boolean {
  for (const poly of shape) {
    if (!pointInRing(x, y, poly[0])) continue;
    if (!poly.slice(1).some((hole) => pointInRing(x, y, hole))) return true;
  }
  return false;
}
