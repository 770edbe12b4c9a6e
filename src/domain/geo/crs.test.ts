// Tests for the CRS wrappers: identity for WGS84, the GCJ-02/BD-09 offsets at Changchun, round trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromWgs84, isCrs, toWgs84 } from './crs';
import { distanceMeters } from './geometry';

const changchun = fc.tuple(
  fc.double({ min: 125.0, max: 125.5, noNaN: true }),
  fc.double({ min: 43.7, max: 44.1, noNaN: true }),
);

describe('toWgs84', () => {
  it('passes WGS84 through unchanged', () => {
    expect(toWgs84(125.25, 43.88, 'WGS84')).toEqual([125.25, 43.88]);
  });
  it('moves an AMap (GCJ-02) point in Changchun about 550 m to the south-west', () => {
    const gcj: [number, number] = [125.324656, 43.888641];
    const wgs = toWgs84(gcj[0], gcj[1], 'GCJ02');
    expect(wgs[0]).toBeLessThan(gcj[0]);
    expect(wgs[1]).toBeLessThan(gcj[1]);
    const d = distanceMeters(gcj, wgs);
    expect(d).toBeGreaterThan(450);
    expect(d).toBeLessThan(700);
  });
  it('puts BD-09 further from WGS84 than GCJ-02', () => {
    const wgs: [number, number] = [125.25, 43.88];
    const gcj = fromWgs84(wgs[0], wgs[1], 'GCJ02');
    const bd = fromWgs84(wgs[0], wgs[1], 'BD09');
    expect(distanceMeters(wgs, bd)).toBeGreaterThan(distanceMeters(wgs, gcj));
  });
  it('round-trips GCJ-02 and BD-09 to well under a metre', () => {
    fc.assert(
      fc.property(changchun, fc.constantFrom('GCJ02' as const, 'BD09' as const), ([lng, lat], crs) => {
        const there = fromWgs84(lng, lat, crs);
        const back = toWgs84(there[0], there[1], crs);
        expect(distanceMeters([lng, lat], back)).toBeLessThan(0.5);
      }),
    );
  });
  it('rejects coordinates that are not on the globe', () => {
    expect(() => toWgs84(Number.NaN, 43, 'GCJ02')).toThrow(RangeError);
    expect(() => toWgs84(125, 91, 'WGS84')).toThrow(RangeError);
    expect(() => fromWgs84(181, 0, 'BD09')).toThrow(RangeError);
  });
  it('recognises the supported CRS names only', () => {
    expect(isCrs('GCJ02')).toBe(true);
    expect(isCrs('gcj02')).toBe(false);
    expect(isCrs(undefined)).toBe(false);
  });
});
