// Unit and property tests for the ring geometry: point-in-polygon, bbox, centroid, surface point, distance.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bboxOf,
  centroid,
  distanceMeters,
  pointInPolygon,
  pointInRing,
  pointOnSurface,
  signedRingArea,
} from './geometry';
import type { LngLat, PolygonGeometry, Ring } from './types';

const square = (x0: number, y0: number, size: number): Ring => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

/**
 * A random simple polygon around (125.2, 43.9): vertices at increasing angles and random radii
 * (star-shaped, so never self-intersecting), often strongly concave.
 */
const starPolygon = fc
  .array(fc.record({ angle: fc.double({ min: 0, max: 1, noNaN: true }), radius: fc.double({ min: 0.05, max: 1, noNaN: true }) }), {
    minLength: 3,
    maxLength: 24,
  })
  .map((vs) => {
    const sorted = [...vs].sort((a, b) => a.angle - b.angle);
    const ring: Ring = sorted.map(({ angle, radius }, i) => {
      // Spread angles so consecutive vertices are distinct even when the draws coincide.
      const t = ((i + angle) / sorted.length) * 2 * Math.PI;
      return [125.2 + 0.01 * radius * Math.cos(t), 43.9 + 0.01 * radius * Math.sin(t)];
    });
    ring.push([ring[0][0], ring[0][1]]);
    return ring;
  });

const pointNear = fc.tuple(
  fc.double({ min: 125.188, max: 125.212, noNaN: true }),
  fc.double({ min: 43.888, max: 43.912, noNaN: true }),
);

describe('pointInRing / pointInPolygon', () => {
  const ring = square(0, 0, 10);
  it('finds points inside and outside a square, open or closed', () => {
    expect(pointInRing(5, 5, ring)).toBe(true);
    expect(pointInRing(5, 5, ring.slice(0, 4))).toBe(true);
    expect(pointInRing(-1, 5, ring)).toBe(false);
    expect(pointInRing(5, 10.0001, ring)).toBe(false);
  });
  it('excludes holes and searches every part of a MultiPolygon', () => {
    const holed: PolygonGeometry = { type: 'Polygon', coordinates: [ring, square(4, 4, 2)] };
    expect(pointInPolygon(1, 1, holed)).toBe(true);
    expect(pointInPolygon(5, 5, holed)).toBe(false);
    const multi: PolygonGeometry = { type: 'MultiPolygon', coordinates: [[ring], [square(20, 0, 5)]] };
    expect(pointInPolygon(22, 2, multi)).toBe(true);
    expect(pointInPolygon(15, 2, multi)).toBe(false);
  });
  it('gives a point on an edge shared by two cells to exactly one of them', () => {
    const left = square(0, 0, 10);
    const right = square(10, 0, 10);
    for (const y of [0.5, 3, 9.99]) {
      expect(Number(pointInRing(10, y, left)) + Number(pointInRing(10, y, right))).toBe(1);
    }
  });
  it('agrees with turf on random concave polygons', () => {
    fc.assert(
      fc.property(starPolygon, pointNear, (ring, [x, y]) => {
        const turf = booleanPointInPolygon([x, y], { type: 'Polygon', coordinates: [ring] });
        expect(pointInPolygon(x, y, ring)).toBe(turf);
      }),
      { numRuns: 500 },
    );
  });
});

describe('bboxOf', () => {
  it('is the tightest box around every vertex', () => {
    fc.assert(
      fc.property(starPolygon, (ring) => {
        const [minX, minY, maxX, maxY] = bboxOf(ring);
        for (const [x, y] of ring) {
          expect(x >= minX && x <= maxX && y >= minY && y <= maxY).toBe(true);
        }
        expect(ring.some(([x]) => x === minX)).toBe(true);
        expect(ring.some(([, y]) => y === maxY)).toBe(true);
      }),
    );
  });
});

describe('centroid', () => {
  it('is the middle of a rectangle and ignores winding', () => {
    const r: Ring = [
      [125, 43],
      [125.2, 43],
      [125.2, 43.1],
      [125, 43.1],
    ];
    for (const ring of [r, [...r].reverse()]) {
      const [x, y] = centroid(ring);
      expect(x).toBeCloseTo(125.1, 12);
      expect(y).toBeCloseTo(43.05, 12);
    }
  });
  it('weights the parts of a MultiPolygon by area and subtracts holes', () => {
    const multi: PolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 2)], [square(10, 0, 2)]],
    };
    expect(centroid(multi)[0]).toBeCloseTo(6, 12);
    // A 4×4 square with the left half of its middle cut out moves right.
    const holed: PolygonGeometry = { type: 'Polygon', coordinates: [square(0, 0, 4), square(0.5, 1, 1)] };
    expect(centroid(holed)[0]).toBeGreaterThan(2);
  });
  it('moves with the shape and lies inside every convex polygon', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 20 }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), (n, shift) => {
        const ring: Ring = Array.from({ length: n }, (_, i) => {
          const t = (i / n) * 2 * Math.PI;
          return [125.2 + 0.01 * Math.cos(t) * 1.7, 43.9 + 0.01 * Math.sin(t)];
        });
        const [x, y] = centroid(ring);
        expect(pointInRing(x, y, ring)).toBe(true);
        const moved = centroid(ring.map(([a, b]): LngLat => [a + shift, b + shift]));
        expect(moved[0]).toBeCloseTo(x + shift, 9);
        expect(moved[1]).toBeCloseTo(y + shift, 9);
      }),
    );
  });
});

describe('pointOnSurface', () => {
  it('returns an inside point for a U shape whose centroid is outside', () => {
    const u: Ring = [
      [0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0],
    ];
    const c = centroid(u);
    expect(pointInRing(c[0], c[1], u)).toBe(false);
    const p = pointOnSurface(u);
    expect(pointInRing(p[0], p[1], u)).toBe(true);
  });
  it('always lies inside random concave polygons', () => {
    fc.assert(
      fc.property(starPolygon, (ring) => {
        fc.pre(Math.abs(signedRingArea(ring)) > 1e-9);
        const [x, y] = pointOnSurface(ring);
        expect(pointInRing(x, y, ring)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('distanceMeters', () => {
  it('measures a degree of latitude and a degree of longitude at Changchun', () => {
    expect(distanceMeters([125.2, 43], [125.2, 44])).toBeCloseTo(111_195, -1);
    // Along a parallel the great circle is slightly shorter than the parallel arc (80.1 km).
    expect(distanceMeters([125, 43.9], [126, 43.9])).toBeCloseTo(80_140, -2);
    expect(distanceMeters([125.2, 43.9], [125.2, 43.9])).toBe(0);
  });
  it('is symmetric and obeys the triangle inequality', () => {
    const p = fc.tuple(fc.double({ min: 124, max: 126, noNaN: true }), fc.double({ min: 43, max: 45, noNaN: true }));
    fc.assert(
      fc.property(p, p, p, (a, b, c) => {
        expect(distanceMeters(a, b)).toBeCloseTo(distanceMeters(b, a), 6);
        expect(distanceMeters(a, c)).toBeLessThanOrEqual(distanceMeters(a, b) + distanceMeters(b, c) + 1e-6);
      }),
    );
  });
});
