// The point cluster index: every point is counted exactly once at every zoom, sums add up, close up points are single.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PointIndex } from '../../src/server/tiles/point-index';

function index(points: [number, number][], clusterMaxZoom = 15) {
  const lng = Float64Array.from(points.map((p) => p[0]));
  const lat = Float64Array.from(points.map((p) => p[1]));
  const red = Uint8Array.from(points.map((_, i) => (i % 3 === 0 ? 1 : 0)));
  return new PointIndex({ lng, lat, sums: { red }, properties: (i) => ({ n: i }) }, { clusterMaxZoom });
}

/** All tiles at zoom z that the points' box touches. */
function tilesAt(ix: PointIndex, z: number, box: [number, number, number, number]) {
  const n = 2 ** z;
  const tx = (lng: number) => Math.floor(((lng + 180) / 360) * n);
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  };
  const out = [];
  for (let x = tx(box[0]); x <= tx(box[2]); x++) for (let y = ty(box[3]); y <= ty(box[1]); y++) out.push(ix.getTile(z, x, y));
  return out.flatMap((t) => t?.features ?? []);
}

const pts = fc.array(fc.tuple(fc.double({ min: 125.0, max: 125.4, noNaN: true }), fc.double({ min: 43.7, max: 44.0, noNaN: true })), { minLength: 1, maxLength: 400 });

describe('PointIndex', () => {
  it('counts every point once at every zoom, and sums add up', () => {
    fc.assert(
      fc.property(pts, fc.integer({ min: 0, max: 18 }), (points, z) => {
        const ix = index(points);
        const features = tilesAt(ix, z, [125.0, 43.7, 125.4, 44.0]);
        const total = features.reduce((a, f) => a + Number(f.tags.point_count ?? 1), 0);
        expect(total).toBe(points.length);
        const red = features.reduce((a, f) => a + Number(f.tags.cluster ? f.tags.red : Number(f.tags.n) % 3 === 0 ? 1 : 0), 0);
        expect(red).toBe(points.filter((_, i) => i % 3 === 0).length);
        for (const f of features) for (const c of f.geometry[0]) expect(c >= 0 && c <= 4096).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
  it('shows a lone point with its own properties and a crowd as one cluster', () => {
    const ix = index([[125.3, 43.9], [125.30001, 43.90001], [125.1, 43.8]]);
    const f = tilesAt(ix, 3, [125.0, 43.7, 125.4, 44.0]);
    expect(f).toHaveLength(1);
    expect(f[0].tags).toMatchObject({ cluster: true, point_count: 3, red: 1 });
    const close = tilesAt(ix, 12, [125.0, 43.7, 125.4, 44.0]);
    expect(close.map((x) => x.tags.point_count ?? 'single').sort()).toEqual([2, 'single']);
    expect(close.find((x) => !x.tags.cluster)!.tags).toEqual({ n: 2 });
    expect(tilesAt(ix, 18, [125.0, 43.7, 125.4, 44.0]).every((x) => !x.tags.cluster)).toBe(true);
    expect(index([]).getTile(0, 0, 0)).toBeNull();
  });
});
