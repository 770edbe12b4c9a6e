// Splits a region, given as equal-area sample points, into power-diagram cells of chosen areas
// (capacity-constrained Lloyd iteration). Used for street zones and for the communities in a street.
import type { XY } from './projection';

export interface PartitionOptions {
  /** Sample points of the region, x/y interleaved, each standing for `cellArea` m². */
  points: Float64Array;
  cellArea: number;
  /** Initial sites. */
  sites: XY[];
  /** Wanted area of each site's cell, m²; scaled to the region's sampled area. */
  targets: number[];
  /** Share of the way each site moves to its cell's centroid per round (0 keeps it fixed); one value or one per site. */
  relax: number | number[];
  rounds?: number;
}

export interface Partition {
  sites: XY[];
  weights: number[];
  /** Sampled area of each cell, m². */
  areas: number[];
  /** Cell index of each sample point. */
  owner: Int32Array;
}

function assign(points: Float64Array, sites: XY[], weights: number[], owner: Int32Array): void {
  const k = sites.length;
  for (let p = 0; p < owner.length; p++) {
    const x = points[2 * p];
    const y = points[2 * p + 1];
    let best = 0;
    let bestD = Infinity;
    for (let i = 0; i < k; i++) {
      const dx = x - sites[i][0];
      const dy = y - sites[i][1];
      const d = dx * dx + dy * dy - weights[i];
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    owner[p] = best;
  }
}

export function partition(options: PartitionOptions): Partition {
  const { points, cellArea, relax } = options;
  const rounds = options.rounds ?? 40;
  const n = points.length / 2;
  const k = options.sites.length;
  const sites = options.sites.map(([x, y]): XY => [x, y]);
  const weights = new Array<number>(k).fill(0);
  const owner = new Int32Array(n);
  const sum = options.targets.reduce((a, b) => a + b, 0);
  const targets = options.targets.map((t) => (t / sum) * n * cellArea);
  const areas = new Array<number>(k).fill(0);
  const count = new Float64Array(k);
  const sx = new Float64Array(k);
  const sy = new Float64Array(k);

  const measure = (): void => {
    assign(points, sites, weights, owner);
    count.fill(0);
    sx.fill(0);
    sy.fill(0);
    for (let p = 0; p < n; p++) {
      const o = owner[p];
      count[o]++;
      sx[o] += points[2 * p];
      sy[o] += points[2 * p + 1];
    }
    for (let i = 0; i < k; i++) areas[i] = count[i] * cellArea;
  };

  for (let round = 0; round < rounds; round++) {
    // Move the weights towards the target areas. Raising wᵢ by δ pushes each border of cell i
    // out by δ / (2·|pᵢ − pⱼ|); for compact cells that grows the area by about 2δ, so a step
    // of a quarter of the shortfall converges without overshooting.
    for (let step = 0; step < 12; step++) {
      measure();
      for (let i = 0; i < k; i++) weights[i] += 0.25 * (targets[i] - areas[i]);
    }
    if (round < rounds - 1) {
      measure();
      for (let i = 0; i < k; i++) {
        const r = typeof relax === 'number' ? relax : relax[i];
        if (count[i] === 0 || r === 0) continue;
        sites[i][0] += r * (sx[i] / count[i] - sites[i][0]);
        sites[i][1] += r * (sy[i] / count[i] - sites[i][1]);
      }
    }
  }
  measure();
  return { sites, weights, areas: [...areas], owner };
}
