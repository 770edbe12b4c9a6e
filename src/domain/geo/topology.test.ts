// Topology checks: rings closed, enough points, finite degrees, no self-intersection; random star polygons pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPolygonTopology, polygonParts, ringSelfIntersection } from './topology';
import type { Ring } from './types';

const sq: Ring = [[125, 43], [125.001, 43], [125.001, 43.001], [125, 43.001], [125, 43]];
const rules = (parts: Ring[][], opts = {}) => checkPolygonTopology(parts, opts).map((i) => i.rule);

describe('checkPolygonTopology', () => {
  it('accepts a square and reports nothing', () => {
    expect(rules([[sq]], { singleRing: true, degrees: true })).toEqual([]);
  });
  it('finds a bow-tie, an open ring, too few points, holes and multi-parts where one ring is wanted', () => {
    const bow: Ring = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]];
    expect(rules([[bow]])).toEqual(['self_intersection']);
    expect(rules([[sq.slice(0, 4)]])).toEqual(['ring_not_closed']);
    expect(rules([[[[0, 0], [1, 1], [0, 0]]]])).toEqual(['too_few_points']);
    expect(rules([[sq, sq]], { singleRing: true })).toContain('has_holes');
    expect(rules([[sq], [sq]], { singleRing: true })).toContain('multi_part');
    expect(rules([[[[0, 0], [1, 0], [2, 0], [0, 0]]]])).toEqual(['zero_area']);
  });
  it('catches projected metres read as degrees, and non-numbers', () => {
    expect(rules([[[[443742, 4860727], [443842, 4860727], [443842, 4860827], [443742, 4860727]]]], { degrees: true })).toEqual(['not_degrees']);
    expect(rules([[[[0, 0], [Number.NaN, 1], [1, 1], [0, 0]]]])).toEqual(['non_finite']);
  });
  it('reads GeoJSON geometries and says why others are not polygons', () => {
    expect(polygonParts({ type: 'Polygon', coordinates: [sq] })).toEqual([[sq]]);
    expect(polygonParts({ type: 'Point', coordinates: [1, 2] })).toEqual({ rule: 'geometry_type' });
    expect(polygonParts(null)).toEqual({ rule: 'geometry_missing' });
  });
  it('never flags a simple star-shaped polygon, and flags a spike through an edge', () => {
    const star = fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 5, maxLength: 40 }).map((radii): Ring => {
      const ring: Ring = radii.map((r, i) => {
        const t = (i / radii.length) * 2 * Math.PI;
        return [r * Math.cos(t), r * Math.sin(t)];
      });
      return [...ring, ring[0]];
    });
    fc.assert(
      fc.property(star, (ring) => {
        expect(ringSelfIntersection(ring)).toBeNull();
      }),
      { numRuns: 300 },
    );
    const bad: Ring = [[-1, -1], [1, -1], [1, 1], [-1, 1]];
    bad.splice(1, 0, [0.5, 2]); // a spike through the opposite edge
    expect(ringSelfIntersection([...bad, bad[0]])).not.toBeNull();
  });
});
