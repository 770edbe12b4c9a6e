// Tests for the lattice cutter: clipping against a square, cell areas, slivers and reading order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipToSquare, communityLattice, MAX_SERIAL } from './lattice';
import { intersect, multiArea, rect, ringArea, type OpenRing, type PcMultiPolygon } from './planar';

const closedShape = (ring: OpenRing): PcMultiPolygon => [[[...ring, ring[0]]]];

/** Random simple polygons in metres (star-shaped around the origin, often very concave). */
const starRing = fc
  .array(fc.double({ min: 20, max: 400, noNaN: true }), { minLength: 3, maxLength: 30 })
  .map((radii): OpenRing =>
    radii.map((r, i) => {
      const t = (i / radii.length) * 2 * Math.PI;
      return [r * Math.cos(t), r * Math.sin(t)];
    }),
  );

describe('clipToSquare', () => {
  it('gives the same pieces as polygon-clipping, also where the polygon leaves and re-enters', () => {
    fc.assert(
      fc.property(starRing, fc.integer({ min: -4, max: 3 }), fc.integer({ min: -4, max: 3 }), (ring, col, row) => {
        const shape = intersect(closedShape(ring), closedShape(rect(-500, -500, 500, 500)));
        const sq = rect(col * 100, row * 100, (col + 1) * 100, (row + 1) * 100);
        const pieces = clipToSquare(shape, sq);
        const expected = intersect(shape, closedShape(sq));
        expect(pieces.length).toBe(expected.length);
        // intersect() snaps to 1 mm, hence the small tolerance.
        const got = pieces.reduce((a, p) => a + ringArea(p), 0);
        expect(Math.abs(got - multiArea(expected))).toBeLessThan(0.1);
      }),
      { numRuns: 400 },
    );
  });
});

describe('communityLattice', () => {
  // An L: 1 km × 1 km minus its north-east quarter, shifted off the lattice by 30 m.
  const l: OpenRing = [
    [30, 30],
    [1030, 30],
    [1030, 530],
    [530, 530],
    [530, 1030],
    [30, 1030],
  ];
  const { size, cells, droppedM2 } = communityLattice(closedShape(l));

  it('covers the zone exactly with ~100 m cells, none under 1,000 m²', () => {
    expect(size).toBe(100);
    expect(droppedM2).toBe(0);
    expect(cells.reduce((a, c) => a + c.areaM2, 0)).toBeCloseTo(ringArea(l), 3);
    for (const c of cells) {
      expect(c.areaM2).toBeGreaterThanOrEqual(1000);
      expect(c.areaM2).toBeLessThanOrEqual(11_000);
    }
  });
  it('merges the 30 m edge strips into their neighbours instead of keeping slivers', () => {
    // Whole squares: rows 1–4 × columns 1–9 and rows 5–9 × columns 1–4.
    const areas = cells.map((c) => Math.round(c.areaM2));
    expect(areas.filter((a) => a === 10_000)).toHaveLength(36 + 20);
    // Edge strips of 30 m × 100 m (3,000 m²) and 70 m × 30 m corners (2,100 m²) stay cells.
    expect(areas.filter((a) => a === 3_000)).toHaveLength(14);
    expect(areas.filter((a) => a === 2_100)).toHaveLength(2);
    // The two 30 m × 30 m corners (900 m²) are merged into the strip west of them (3,900 m²).
    expect(areas.filter((a) => a < 1_000)).toHaveLength(0);
    expect(areas.filter((a) => a === 3_900)).toHaveLength(2);
  });
  it('orders cells north to south, then west to east', () => {
    for (let i = 1; i < cells.length; i++) {
      const [a, b] = [cells[i - 1], cells[i]];
      expect(a.row > b.row || (a.row === b.row && a.col <= b.col)).toBe(true);
    }
  });
  it('grows the lattice until the serials fit in three digits', () => {
    const big = communityLattice(closedShape(rect(0, 0, 4000, 3000)));
    expect(big.cells.length).toBeLessThanOrEqual(MAX_SERIAL);
    // 12 km² is 992 cells of 110 m, but with the part cells on two edges 37 × 28 = 1,036.
    expect(big.size).toBe(120);
  });
});
