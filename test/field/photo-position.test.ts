// Unit tests of photo positions (EXIF GPS read on the phone; the server side is in test/public), photo resizing
// arithmetic, the choice of a report's position, and coordinate conversion (GCJ-02/BD-09 → WGS84, coarse points).
import gcoord from 'gcoord';
import sharp from 'sharp';
import { photoWithGps } from './support';
import { describe, expect, it } from 'vitest';
import { toWgs84 } from '../../src/domain/geo';
import { coarsen } from '../../src/server/public/public.service';
import { exifPosition, fitWithin } from '../../web/src/field/photo';
import { choosePosition, type Fix } from '../../web/src/field/position';
import gcjToWgs84 from '../../web/src/field/wgs';

describe('photo positions', () => {
  it('reads the GPS position of a photo on the phone (before resizing drops it)', async () => {
    const pos = await exifPosition((await photoWithGps()) as unknown as Blob);
    expect(pos!.lat).toBeCloseTo(43.88, 6);
    expect(pos!.lng).toBeCloseTo(125.26, 6);
    const none = await exifPosition((await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer()) as unknown as Blob);
    expect(none).toBeNull();
  });

  it('resizes to at most 1600 px on the long edge, never enlarging', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(10_000, 1)).toEqual({ width: 1600, height: 1 });
  });
});

describe('report position', () => {
  const gps = (accuracy: number | null, crs: Fix['crs'] = 'WGS84'): Fix => ({ lng: 125.3, lat: 43.9, accuracy, at: '2026-11-16T01:00:00Z', crs, source: 'gps' });
  const exif = { lng: 125.26, lat: 43.88 };

  it('prefers a good GPS fix, then the photo, then a poor fix', () => {
    expect(choosePosition(gps(12), exif)).toEqual(gps(12));
    expect(choosePosition(gps(500), exif)).toMatchObject({ ...exif, crs: 'WGS84', source: 'exif' });
    expect(choosePosition(gps(500), null)).toEqual(gps(500));
    expect(choosePosition(null, exif)).toMatchObject({ source: 'exif' });
    expect(choosePosition(null, null)).toBeNull();
    // A GCJ-02 device position keeps its system: the server converts it.
    expect(choosePosition(gps(10, 'GCJ02'), exif)!.crs).toBe('GCJ02');
  });
});

describe('coordinate conversion', () => {
  const wgs: [number, number] = [125.2934, 43.9028]; // 绿园区

  it('turns GCJ-02 and BD-09 back into WGS84 within a metre, on the phone and on the server', () => {
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const bd = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09) as [number, number];
    // The offset in Changchun is hundreds of metres: converting matters.
    expect(Math.abs(gcj[0] - wgs[0]) + Math.abs(gcj[1] - wgs[1])).toBeGreaterThan(0.003);
    for (const [lng, lat] of [gcjToWgs84(gcj[0], gcj[1], 'GCJ02'), toWgs84(gcj[0], gcj[1], 'GCJ02'), gcjToWgs84(bd[0], bd[1], 'BD09'), toWgs84(bd[0], bd[1], 'BD09')]) {
      expect(Math.abs(lng - wgs[0])).toBeLessThan(0.00001);
      expect(Math.abs(lat - wgs[1])).toBeLessThan(0.00001);
    }
  });

  it('coarsens a private point to the centre of its lattice cell', () => {
    const [lng, lat] = coarsen(125.29341, 43.90277, 0.005);
    expect(lng).toBeCloseTo(125.2925, 6);
    expect(lat).toBeCloseTo(43.9025, 6);
    // Every point of a cell lands on the same place.
    expect(coarsen(125.2901, 43.9001, 0.005)).toEqual(coarsen(125.2949, 43.9049, 0.005));
    expect(coarsen(125.2949, 43.9049, 0.005)).not.toEqual(coarsen(125.2951, 43.9049, 0.005));
  });
});
