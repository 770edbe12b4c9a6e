// Topology checks on imported polygons: closed rings, enough distinct points, finite numbers, no
// self-intersection, no zero area, degrees on the globe. Pure; messages are given by the caller's rule table.
import Flatbush from 'flatbush';
import { signedRingArea } from './geometry';
import type { LngLat, Ring } from './types';

export type TopologyRule =
  | 'geometry_missing'
  | 'geometry_type'
  | 'multi_part'
  | 'has_holes'
  | 'ring_not_closed'
  | 'too_few_points'
  | 'non_finite'
  | 'not_degrees'
  | 'self_intersection'
  | 'zero_area';

export interface TopologyIssue {
  rule: TopologyRule;
  /** Which ring: 'p0r0' = part 0, ring 0 (the outer ring). */
  where?: string;
  /** For self-intersections: roughly where, [lng, lat]. */
  at?: LngLat;
}

/** Polygon rings as GeoJSON gives them: a list of parts, each a list of rings (outer first). */
export type PolygonParts = Ring[][];

/** Reads a GeoJSON geometry as polygon parts, or says why it is not a polygon. */
export function polygonParts(geometry: unknown): PolygonParts | TopologyIssue {
  if (!geometry || typeof geometry !== 'object') return { rule: 'geometry_missing' };
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon' && Array.isArray(g.coordinates)) return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) return g.coordinates as Ring[][];
  return { rule: 'geometry_type' };
}

const same = (a: LngLat, b: LngLat) => a[0] === b[0] && a[1] === b[1];

/** Whether two segments p1p2 and p3p4 cross or touch (collinear overlaps count). */
function segmentsIntersect(p1: LngLat, p2: LngLat, p3: LngLat, p4: LngLat): boolean {
  const d = (a: LngLat, b: LngLat, c: LngLat) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const on = (a: LngLat, b: LngLat, c: LngLat) =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  const d1 = d(p3, p4, p1);
  const d2 = d(p3, p4, p2);
  const d3 = d(p1, p2, p3);
  const d4 = d(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 === 0 && on(p3, p4, p1)) return true;
  if (d2 === 0 && on(p3, p4, p2)) return true;
  if (d3 === 0 && on(p1, p2, p3)) return true;
  if (d4 === 0 && on(p1, p2, p4)) return true;
  return false;
}

/**
 * The first place where a closed ring crosses or touches itself (non-adjacent edges meeting), or null.
 * Edges are indexed with flatbush, so rings of thousands of vertices stay fast.
 */
export function ringSelfIntersection(ring: Ring): LngLat | null {
  const pts = same(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring;
  const n = pts.length;
  if (n < 4) return null;
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const a = pts[i];
    const b = pts[(i + 1) % n];
    index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  }
  index.finish();
  for (let i = 0; i < n; i++) {
    const a = pts[i];
    const b = pts[(i + 1) % n];
    for (const j of index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]))) {
      if (j <= i) continue;
      // Adjacent edges share a vertex by construction.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsIntersect(a, b, pts[j], pts[(j + 1) % n])) return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    }
  }
  return null;
}

/**
 * Checks every ring of a (Multi)Polygon given as parts. `singleRing` demands exactly one part and no
 * holes (a unit grid is stored as one ring). `degrees` demands lng/lat on the globe (catches projected
 * metres imported as if they were degrees).
 */
export function checkPolygonTopology(parts: PolygonParts, opts: { singleRing?: boolean; degrees?: boolean } = {}): TopologyIssue[] {
  const issues: TopologyIssue[] = [];
  if (parts.length === 0) return [{ rule: 'geometry_missing' }];
  if (opts.singleRing && parts.length > 1) issues.push({ rule: 'multi_part' });
  parts.forEach((rings, p) => {
    if (!Array.isArray(rings) || rings.length === 0) {
      issues.push({ rule: 'geometry_missing', where: `p${p}` });
      return;
    }
    if (opts.singleRing && rings.length > 1) issues.push({ rule: 'has_holes', where: `p${p}` });
    rings.forEach((ring, r) => {
      const where = `p${p}r${r}`;
      if (!Array.isArray(ring) || ring.some((pt) => !Array.isArray(pt) || !Number.isFinite(pt[0]) || !Number.isFinite(pt[1]))) {
        issues.push({ rule: 'non_finite', where });
        return;
      }
      if (opts.degrees && ring.some(([x, y]) => Math.abs(x) > 180 || Math.abs(y) > 90)) {
        issues.push({ rule: 'not_degrees', where });
        return;
      }
      if (ring.length < 2 || !same(ring[0], ring[ring.length - 1])) {
        issues.push({ rule: 'ring_not_closed', where });
        return;
      }
      const distinct = new Set(ring.map(([x, y]) => `${x},${y}`));
      if (ring.length < 4 || distinct.size < 3) {
        issues.push({ rule: 'too_few_points', where });
        return;
      }
      const at = ringSelfIntersection(dropRepeats(ring));
      if (at) issues.push({ rule: 'self_intersection', where, at });
      else if (signedRingArea(ring) === 0) issues.push({ rule: 'zero_area', where });
    });
  });
  return issues;
}

/** The ring without consecutive repeated vertices (they are harmless, not self-intersections). */
export function dropRepeats(ring: Ring): Ring {
  const out: Ring = [];
  for (const p of ring) if (out.length === 0 || !same(out[out.length - 1], p)) out.push(p);
  return out;
}
