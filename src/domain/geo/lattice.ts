// Cuts one community's zone into unit grid cells: squares of a regular lattice in metres, cells on
// the community's border clipped to it, slivers merged into a neighbour, then numbered in
// reading order (rows north → south, west → east within a row).
import Flatbush from 'flatbush';
import { pointOnSurface } from './geometry';
import {
  clipConvex,
  inMulti,
  intersect,
  multiArea,
  multiBounds,
  rect,
  ringArea,
  unite,
  type OpenRing,
  type PcMultiPolygon,
} from './planar';
import type { XY } from './local-projection';

export interface LatticeCell {
  /** Open ring in metres, counter-clockwise. */
  ring: OpenRing;
  areaM2: number;
  /** Lattice row (y / size, so larger is further north) and column (x / size). */
  row: number;
  col: number;
  /** A point inside the cell (its centroid when that is inside). */
  label: XY;
}

export interface CommunityLattice {
  size: number;
  cells: LatticeCell[];
  /** Slivers with no neighbour in the community to merge into, dropped. */
  droppedM2: number;
}

/** The most cells a community may have: serials are 3 digits. */
export const MAX_SERIAL = 999;

const openRing = (ring: XY[]): OpenRing => ring.slice(0, ring.length - 1);

/** Edges of every ring of the shape, for "does a boundary cross this cell?" queries. */
function edgeIndex(shape: PcMultiPolygon): Flatbush {
  const edges: [XY, XY][] = [];
  for (const poly of shape) for (const ring of poly) for (let i = 0; i + 1 < ring.length; i++) edges.push([ring[i], ring[i + 1]]);
  const index = new Flatbush(Math.max(edges.length, 1));
  for (const [a, b] of edges) index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  if (edges.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

/** Cells of `shape` on a lattice of `size` metres, before merging slivers. */
function cutCells(shape: PcMultiPolygon, size: number): LatticeCell[] {
  const [minX, minY, maxX, maxY] = multiBounds(shape);
  const edges = edgeIndex(shape);
  const c0 = Math.floor(minX / size);
  const c1 = Math.ceil(maxX / size) - 1;
  const r0 = Math.floor(minY / size);
  const r1 = Math.ceil(maxY / size) - 1;
  const cells: LatticeCell[] = [];
  const square = (row: number, col: number): OpenRing =>
    rect(col * size, row * size, (col + 1) * size, (row + 1) * size);
  const full = (row: number, col: number): LatticeCell => ({
    ring: square(row, col),
    areaM2: size * size,
    row,
    col,
    label: [(col + 0.5) * size, (row + 0.5) * size],
  });

  for (let row = r0; row <= r1; row++) {
    const y0 = row * size;
    const y1 = y0 + size;
    if (edges.search(minX, y0, maxX, y1).length === 0) {
      // No border crosses the whole strip: it is entirely inside or entirely outside.
      if (inMulti((c0 + 0.5) * size, (row + 0.5) * size, shape)) for (let col = c0; col <= c1; col++) cells.push(full(row, col));
      continue;
    }
    // Clipping each border cell against the small strip is far cheaper than against the zone.
    let strip: PcMultiPolygon | null = null;
    for (let col = c0; col <= c1; col++) {
      const x0 = col * size;
      const x1 = x0 + size;
      if (edges.search(x0, y0, x1, y1).length === 0) {
        if (inMulti(x0 + size / 2, y0 + size / 2, shape)) cells.push(full(row, col));
        continue;
      }
      strip ??= intersect(shape, [[[...rect(minX - 1, y0, maxX + 1, y1), [minX - 1, y0]]]]);
      for (const ring of clipToSquare(strip, square(row, col))) {
        cells.push({ ring, areaM2: ringArea(ring), row, col, label: pointOnSurface(ring) });
      }
    }
  }
  return cells;
}

/**
 * The pieces of `shape` inside an axis-aligned square. Sutherland–Hodgman is exact when the
 * piece is connected, which it shows by meeting each side of the square in at most one edge;
 * otherwise its output may join pieces by zero-width bridges, so polygon-clipping decides.
 */
export function clipToSquare(shape: PcMultiPolygon, sq: OpenRing): OpenRing[] {
  const [x0, y0] = sq[0];
  const [x1, y1] = sq[2];
  const out: OpenRing[] = [];
  for (const poly of shape) {
    const [bx0, by0, bx1, by1] = multiBounds([poly]);
    if (bx1 <= x0 || bx0 >= x1 || by1 <= y0 || by0 >= y1) continue;
    if (poly.length > 1) {
      // A part with holes (imported communities may have them): a unit grid is one ring, so a piece
      // that keeps a hole inside the square is left to polygon-clipping and its outer ring kept.
      for (const piece of intersect([poly], [[[...sq, sq[0]]]])) if (piece.length === 1) out.push(openRing(piece[0]));
      continue;
    }
    const ring = openRing(poly[0]);
    const clipped = dedupe(clipConvex(ring, sq));
    // Pieces under 1 m² are dropped, as intersect() drops them.
    if (clipped.length < 3 || ringArea(clipped) < 1) continue;
    if (onEachSideAtMostOnce(clipped, x0, y0, x1, y1)) {
      out.push(clipped);
      continue;
    }
    for (const piece of intersect([poly], [[[...sq, sq[0]]]])) out.push(openRing(piece[0]));
  }
  return out;
}

function dedupe(ring: OpenRing): OpenRing {
  const out: OpenRing = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last[0] - p[0]) > 1e-9 || Math.abs(last[1] - p[1]) > 1e-9) out.push(p);
  }
  while (out.length > 1 && Math.abs(out[0][0] - out[out.length - 1][0]) <= 1e-9 && Math.abs(out[0][1] - out[out.length - 1][1]) <= 1e-9) out.pop();
  return out;
}

/** Whether the ring runs along each side of the square at most once (consecutive edges count once). */
function onEachSideAtMostOnce(ring: OpenRing, x0: number, y0: number, x1: number, y1: number): boolean {
  const eps = 1e-7;
  const sides = (i: number): boolean[] => {
    const p = ring[i % ring.length];
    const q = ring[(i + 1) % ring.length];
    const on = (axis: 0 | 1, at: number): boolean => Math.abs(p[axis] - at) < eps && Math.abs(q[axis] - at) < eps;
    return [on(0, x0), on(0, x1), on(1, y0), on(1, y1)];
  };
  const runs = [0, 0, 0, 0];
  let prev = sides(ring.length - 1);
  for (let i = 0; i < ring.length; i++) {
    const cur = sides(i);
    for (let k = 0; k < 4; k++) if (cur[k] && !prev[k]) runs[k]++;
    prev = cur;
  }
  return runs.every((n) => n <= 1);
}

/** Length along which two cells' edges overlap on one lattice line (x = at or y = at). */
function sharedLength(a: OpenRing, b: OpenRing, axis: 0 | 1, at: number): number {
  const eps = 1e-6;
  const spans = (ring: OpenRing): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i];
      const q = ring[(i + 1) % ring.length];
      if (Math.abs(p[axis] - at) < eps && Math.abs(q[axis] - at) < eps) {
        const u = p[1 - axis];
        const v = q[1 - axis];
        out.push([Math.min(u, v), Math.max(u, v)]);
      }
    }
    return out;
  };
  let total = 0;
  for (const [a0, a1] of spans(a)) for (const [b0, b1] of spans(b)) total += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return total;
}

/**
 * Merges each cell under `minArea` into the neighbouring cell (lattice neighbour, same
 * community) it shares the longest edge with; drops it when there is none.
 */
function mergeSlivers(cells: LatticeCell[], size: number, minArea: number): { cells: LatticeCell[]; droppedM2: number } {
  const byPos = new Map<string, LatticeCell[]>();
  for (const c of cells) {
    const key = `${c.row},${c.col}`;
    const list = byPos.get(key);
    if (list) list.push(c);
    else byPos.set(key, [c]);
  }
  const gone = new Set<LatticeCell>();
  let droppedM2 = 0;
  for (const sliver of cells) {
    if (sliver.areaM2 >= minArea) continue;
    let best: LatticeCell | null = null;
    let bestLen = 1e-3;
    const around: [number, number, 0 | 1, number][] = [
      [sliver.row, sliver.col - 1, 0, sliver.col * size],
      [sliver.row, sliver.col + 1, 0, (sliver.col + 1) * size],
      [sliver.row - 1, sliver.col, 1, sliver.row * size],
      [sliver.row + 1, sliver.col, 1, (sliver.row + 1) * size],
    ];
    for (const [row, col, axis, at] of around) {
      for (const other of byPos.get(`${row},${col}`) ?? []) {
        if (gone.has(other) || other.areaM2 < minArea) continue;
        const len = sharedLength(sliver.ring, other.ring, axis, at);
        if (len > bestLen) {
          best = other;
          bestLen = len;
        }
      }
    }
    gone.add(sliver);
    const merged = best ? unite([[[...best.ring, best.ring[0]]]], [[[...sliver.ring, sliver.ring[0]]]]) : [];
    if (best && merged.length === 1 && merged[0].length === 1) {
      best.ring = openRing(merged[0][0]);
      best.areaM2 = multiArea(merged);
      best.label = pointOnSurface(best.ring);
    } else {
      droppedM2 += sliver.areaM2;
    }
  }
  return { cells: cells.filter((c) => !gone.has(c)), droppedM2 };
}

/** Reading order of the standard: rows north → south, then west → east. */
export function compareReadingOrder(a: LatticeCell, b: LatticeCell): number {
  return b.row - a.row || a.col - b.col || a.label[0] - b.label[0] || b.label[1] - a.label[1];
}

/**
 * The community's unit grids on a lattice of `baseSize` metres, or of the smallest multiple
 * of 10 m above it that keeps the count within 999 serials (large rural villages and parks).
 */
export function communityLattice(shape: PcMultiPolygon, baseSize = 100): CommunityLattice {
  const area = multiArea(shape);
  let size = Math.max(baseSize, Math.ceil(Math.sqrt(area / (MAX_SERIAL * 0.97)) / 10) * 10);
  for (;;) {
    const { cells, droppedM2 } = mergeSlivers(cutCells(shape, size), size, 0.1 * size * size);
    if (cells.length <= MAX_SERIAL) return { size, cells: cells.sort(compareReadingOrder), droppedM2 };
    size += 10;
  }
}
