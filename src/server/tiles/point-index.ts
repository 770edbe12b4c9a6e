// A point index for vector tiles at scale: points in typed arrays, clustered on a grid of 8 × 8 cells per tile at
// every zoom up to `clusterMaxZoom` (each level built from the one below, so 1,000,000 points take well under a
// second and a few tens of megabytes), single points above it from a KDBush range search. Clusters sit at the mean
// of their points and carry sums of numeric properties (e.g. red and yellow lights).
import KDBush from 'kdbush';

export interface PointColumns {
  lng: Float64Array;
  lat: Float64Array;
  /** Properties of point i for its single-point feature. */
  properties: (i: number) => Record<string, string | number | boolean>;
  /** Numbers summed into clusters, one array per name (e.g. red: 1 where the light is red). */
  sums: Record<string, Uint8Array>;
}

export interface TileFeature {
  type: 1;
  geometry: [number, number][];
  tags: Record<string, string | number | boolean>;
  id?: number;
}

/** Cells per tile side at each zoom: at most 64 clusters per tile, about 64 px apart on a 512 px tile. */
const CELLS_PER_TILE = 8;
const CELL_BITS = 3;

interface Level {
  /** cell key → position in the arrays below */
  keys: Map<number, number>;
  count: Uint32Array;
  sx: Float64Array;
  sy: Float64Array;
  /** The point of a one-point cell (its properties are shown), else −1. */
  single: Int32Array;
  sums: Float64Array[]; // per sum name
}

const lngX = (lng: number) => lng / 360 + 0.5;
const latY = (lat: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI;
  return y < 0 ? 0 : y > 1 ? 1 : y;
};

export class PointIndex {
  readonly size: number;
  readonly clusterMaxZoom: number;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly levels: Level[] = [];
  private readonly tree: KDBush;
  private readonly sumNames: string[];

  constructor(
    private readonly cols: PointColumns,
    opts: { clusterMaxZoom?: number } = {},
  ) {
    const n = cols.lng.length;
    this.size = n;
    this.clusterMaxZoom = opts.clusterMaxZoom ?? 15;
    this.sumNames = Object.keys(cols.sums);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.tree = new KDBush(Math.max(n, 1), 64, Float64Array);
    for (let i = 0; i < n; i++) {
      this.x[i] = lngX(cols.lng[i]);
      this.y[i] = latY(cols.lat[i]);
      this.tree.add(this.x[i], this.y[i]);
    }
    if (n === 0) this.tree.add(-1, -1);
    this.tree.finish();
    // The finest cluster level from the points, then each coarser level from the one below.
    const z = this.clusterMaxZoom;
    const side = 2 ** (z + CELL_BITS);
    const finest = this.newLevel(Math.min(n, 1 << 20));
    let levelCount = 0;
    const grow = (lv: Level, need: number): Level => (need <= lv.count.length ? lv : this.resize(lv, Math.max(need, lv.count.length * 2)));
    let cur = finest;
    for (let i = 0; i < n; i++) {
      const key = Math.min(side - 1, Math.floor(this.x[i] * side)) * side + Math.min(side - 1, Math.floor(this.y[i] * side));
      let c = cur.keys.get(key);
      if (c === undefined) {
        c = levelCount++;
        cur = grow(cur, levelCount);
        cur.keys.set(key, c);
        cur.single[c] = i;
      } else cur.single[c] = -1;
      cur.count[c]++;
      cur.sx[c] += this.x[i];
      cur.sy[c] += this.y[i];
      for (let s = 0; s < this.sumNames.length; s++) cur.sums[s][c] += this.cols.sums[this.sumNames[s]][i];
    }
    this.levels[z] = cur;
    for (let lz = z - 1; lz >= 0; lz--) {
      const below = this.levels[lz + 1];
      const sideBelow = 2 ** (lz + 1 + CELL_BITS);
      const sideHere = sideBelow / 2;
      let lv = this.newLevel(Math.max(16, Math.ceil(below.keys.size / 2)));
      let count = 0;
      for (const [keyBelow, b] of below.keys) {
        const cx = Math.floor(keyBelow / sideBelow) >> 1;
        const cy = (keyBelow % sideBelow) >> 1;
        const key = cx * sideHere + cy;
        let c = lv.keys.get(key);
        if (c === undefined) {
          c = count++;
          lv = grow(lv, count);
          lv.keys.set(key, c);
          lv.single[c] = below.single[b];
        } else lv.single[c] = -1;
        lv.count[c] += below.count[b];
        lv.sx[c] += below.sx[b];
        lv.sy[c] += below.sy[b];
        for (let s = 0; s < this.sumNames.length; s++) lv.sums[s][c] += below.sums[s][b];
      }
      this.levels[lz] = lv;
    }
  }

  private newLevel(capacity: number): Level {
    return {
      keys: new Map(),
      count: new Uint32Array(capacity),
      sx: new Float64Array(capacity),
      sy: new Float64Array(capacity),
      single: new Int32Array(capacity).fill(-1),
      sums: this.sumNames.map(() => new Float64Array(capacity)),
    };
  }

  private resize(lv: Level, capacity: number): Level {
    const copy = <T extends Uint32Array | Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    const single = new Int32Array(capacity).fill(-1);
    single.set(lv.single);
    return {
      keys: lv.keys,
      count: copy(lv.count, (k) => new Uint32Array(k)),
      sx: copy(lv.sx, (k) => new Float64Array(k)),
      sy: copy(lv.sy, (k) => new Float64Array(k)),
      single,
      sums: lv.sums.map((s) => copy(s, (k) => new Float64Array(k))),
    };
  }

  /** The features of tile z/x/y in tile coordinates (0…extent), geojson-vt style, or null when empty. */
  getTile(z: number, tx: number, ty: number, extent = 4096): { features: TileFeature[] } | null {
    const n = 2 ** z;
    const features: TileFeature[] = [];
    const toTile = (px: number, py: number): [number, number] => [Math.round((px * n - tx) * extent), Math.round((py * n - ty) * extent)];
    const pointFeature = (i: number): TileFeature => ({ type: 1, geometry: [toTile(this.x[i], this.y[i])], tags: this.cols.properties(i), id: i });
    if (z > this.clusterMaxZoom) {
      for (const i of this.tree.range(tx / n, ty / n, (tx + 1) / n, (ty + 1) / n)) if (i < this.size) features.push(pointFeature(i));
      return features.length ? { features } : null;
    }
    const lv = this.levels[z];
    const side = 2 ** (z + CELL_BITS);
    for (let cx = tx * CELLS_PER_TILE; cx < (tx + 1) * CELLS_PER_TILE; cx++) {
      for (let cy = ty * CELLS_PER_TILE; cy < (ty + 1) * CELLS_PER_TILE; cy++) {
        const c = lv.keys.get(cx * side + cy);
        if (c === undefined) continue;
        if (lv.single[c] >= 0) {
          features.push(pointFeature(lv.single[c]));
          continue;
        }
        const count = lv.count[c];
        const tags: Record<string, string | number | boolean> = { cluster: true, point_count: count, point_count_abbreviated: count >= 10_000 ? `${Math.round(count / 1000)}k` : count >= 1000 ? `${(count / 1000).toFixed(1)}k` : count };
        this.sumNames.forEach((name, s) => (tags[name] = lv.sums[s][c]));
        features.push({ type: 1, geometry: [toTile(lv.sx[c] / count, lv.sy[c] / count)], tags });
      }
    }
    return features.length ? { features } : null;
  }
}
