// Finds the unit grid containing a point: a flatbush search on bounding boxes, then exact
// point-in-polygon on the few candidates.
import Flatbush from 'flatbush';
import { bboxOf, pointInPolygon } from './geometry';
import type { PolygonGeometry, Ring, Shape } from './types';

export interface GridKeys {
  /** 15-digit unit grid code (14 digits accepted from older systems). */
  code: string;
  communityCode: string;
  streetCode: string;
}

/** A unit grid as the index needs it: its codes and either an outer ring or a (Multi)Polygon. */
export type GridShapeInput = GridKeys & ({ ring: Ring } | { geometry: PolygonGeometry });

function shapeOf(grid: GridShapeInput): Shape {
  return 'ring' in grid ? grid.ring : grid.geometry;
}

export class GridIndex<T extends GridShapeInput = GridShapeInput> {
  readonly #grids: readonly T[];
  readonly #index: Flatbush | null;

  constructor(grids: readonly T[]) {
    this.#grids = grids;
    if (grids.length === 0) {
      this.#index = null;
      return;
    }
    const index = new Flatbush(grids.length);
    for (const grid of grids) {
      const [minX, minY, maxX, maxY] = bboxOf(shapeOf(grid));
      index.add(minX, minY, maxX, maxY);
    }
    index.finish();
    this.#index = index;
  }

  get size(): number {
    return this.#grids.length;
  }

  /**
   * The grid containing the WGS84 point, or null outside every grid. Grids should not
   * overlap; if they do, the one given first wins, so the answer is deterministic.
   */
  locate(lng: number, lat: number): T | null {
    if (!this.#index || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    const candidates = this.#index.search(lng, lat, lng, lat);
    candidates.sort((a, b) => a - b);
    for (const i of candidates) {
      const grid = this.#grids[i];
      if (pointInPolygon(lng, lat, shapeOf(grid))) return grid;
    }
    return null;
  }
}
