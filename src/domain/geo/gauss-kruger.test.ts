// Gauss-Krüger conversions checked against a published value, an independent meridian-arc formula, and round trips.
import fc from 'fast-check';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import {
  centralMeridianFor,
  detectProjectedLayout,
  gaussKrugerProj4,
  gaussKrugerToLngLat,
  isValidCentralMeridian,
  lngLatToGaussKruger,
  zoneNumber,
  type GaussKrugerZone,
} from './gauss-kruger';

const CM126: GaussKrugerZone = { centralMeridian: 126, width: 3, zonePrefix: false };
const ZONE42: GaussKrugerZone = { centralMeridian: 126, width: 3, zonePrefix: true };

/** Meridian arc length on GRS80 (the CGCS2000 ellipsoid) by the classic series, independent of proj4. */
function meridianArc(latDeg: number): number {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const e4 = e2 * e2;
  const e6 = e4 * e2;
  const p = (latDeg * Math.PI) / 180;
  return (
    a *
    ((1 - e2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * p -
      ((3 * e2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * p) +
      ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * p) -
      ((35 * e6) / 3072) * Math.sin(6 * p))
  );
}

describe('Gauss-Krüger zones', () => {
  it('names zones and central meridians of the 3-degree system', () => {
    expect(zoneNumber(CM126)).toBe(42);
    expect(centralMeridianFor(125.3)).toBe(126);
    expect(centralMeridianFor(124.4)).toBe(123);
    expect(isValidCentralMeridian(126, 3)).toBe(true);
    expect(isValidCentralMeridian(125, 3)).toBe(false);
    expect(isValidCentralMeridian(123, 6)).toBe(true);
    expect(gaussKrugerProj4(ZONE42)).toBe('+proj=tmerc +lat_0=0 +lon_0=126 +k=1 +x_0=42500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
  });

  it('matches the published EPSG Guidance Note 7-2 transverse Mercator example (British National Grid)', () => {
    // GN 7-2, Transverse Mercator: 50°30'N 0°30'E on OSGB 1936 / British National Grid → E 577274.99 m, N 69740.50 m.
    const bng = '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m +no_defs';
    const [e, n] = proj4('EPSG:4326', bng).forward([0.5, 50.5]);
    expect(e).toBeCloseTo(577274.99, 1);
    expect(n).toBeCloseTo(69740.5, 1);
  });

  it('puts the central meridian at easting 500 km (42 500 km with the prefix) and northing = meridian arc', () => {
    for (const lat of [40, 43.88, 44, 45.5]) {
      const [e, n] = lngLatToGaussKruger(126, lat, CM126);
      expect(e).toBeCloseTo(500_000, 6);
      expect(Math.abs(n - meridianArc(lat))).toBeLessThan(0.01);
      expect(lngLatToGaussKruger(126, lat, ZONE42)[0]).toBeCloseTo(42_500_000, 6);
    }
    // Changchun (125.3°E) lies west of the meridian: easting below 500 km.
    const [e] = lngLatToGaussKruger(125.3, 43.88, CM126);
    expect(e).toBeGreaterThan(440_000);
    expect(e).toBeLessThan(450_000);
  });

  it('converts reference points back to their degrees within 1e-6°', () => {
    const refs: [number, number][] = [
      [125.3, 43.88],
      [125.1, 44.05],
      [124.6, 43.7],
      [127.4, 45.0],
    ];
    for (const zone of [CM126, ZONE42]) {
      for (const [lng, lat] of refs) {
        const [e, n] = proj4('EPSG:4326', gaussKrugerProj4(zone)).forward([lng, lat]);
        const back = gaussKrugerToLngLat(e, n, zone);
        expect(Math.abs(back[0] - lng)).toBeLessThan(1e-6);
        expect(Math.abs(back[1] - lat)).toBeLessThan(1e-6);
      }
    }
  });

  it('round-trips any point of the zone to well under a millimetre', () => {
    fc.assert(
      fc.property(fc.double({ min: 124.5, max: 127.5, noNaN: true }), fc.double({ min: 38, max: 50, noNaN: true }), (lng, lat) => {
        const [e, n] = lngLatToGaussKruger(lng, lat, ZONE42);
        const [x, y] = gaussKrugerToLngLat(e, n, ZONE42);
        expect(Math.abs(x - lng)).toBeLessThan(1e-9);
        expect(Math.abs(y - lat)).toBeLessThan(1e-9);
      }),
    );
  });

  it('refuses numbers that are not coordinates', () => {
    expect(() => gaussKrugerToLngLat(Number.NaN, 4_860_000, CM126)).toThrow(RangeError);
  });
});

describe('detectProjectedLayout', () => {
  it('tells eastings from northings and reads the zone prefix', () => {
    expect(detectProjectedLayout([[443_742, 4_860_727]])).toEqual({ swapped: false, prefixZone: null });
    expect(detectProjectedLayout([[4_860_727, 443_742]])).toEqual({ swapped: true, prefixZone: null });
    expect(detectProjectedLayout([[42_443_742, 4_860_727]])).toEqual({ swapped: false, prefixZone: 42 });
    expect(detectProjectedLayout([[4_860_727, 42_443_742]])).toEqual({ swapped: true, prefixZone: 42 });
  });
  it('returns null for degrees, mixed zones and empty input', () => {
    expect(detectProjectedLayout([[125.3, 43.88]])).toBeNull();
    expect(detectProjectedLayout([[42_443_742, 4_860_727], [41_443_742, 4_860_727]])).toBeNull();
    expect(detectProjectedLayout([])).toBeNull();
  });
});
