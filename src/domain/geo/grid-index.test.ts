// Tests for GridIndex.locate on a lattice of square grids, a MultiPolygon grid and empty input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centroid } from './geometry';
import { GridIndex } from './grid-index';
import type { Ring } from './types';

const X0 = 125.2;
const Y0 = 43.88;
const STEP = 0.001;
const COLS = 30;
const ROWS = 20;

function cell(col: number, row: number): Ring {
  const x = X0 + col * STEP;
  const y = Y0 + row * STEP;
  return [[x, y], [x + STEP, y], [x + STEP, y + STEP], [x, y + STEP], [x, y]];
}

const grids = Array.from({ length: ROWS * COLS }, (_, k) => {
  const col = k % COLS;
  const row = Math.floor(k / COLS);
  return {
    code: `220106001001${String(k + 1).padStart(3, '0')}`,
    communityCode: '220106001001',
    streetCode: '220106001',
    ring: cell(col, row),
    col,
    row,
  };
});
const index = new GridIndex(grids);

describe('GridIndex', () => {
  it('locates every grid by its own centroid', () => {
    expect(index.size).toBe(ROWS * COLS);
    for (const g of grids) {
      const [x, y] = centroid(g.ring);
      expect(index.locate(x, y)?.code).toBe(g.code);
    }
  });
  it('returns null outside every grid and for non-numbers', () => {
    expect(index.locate(X0 - 0.0001, Y0 + 0.005)).toBeNull();
    expect(index.locate(X0 + 0.01, Y0 + ROWS * STEP + 0.0001)).toBeNull();
    expect(index.locate(Number.NaN, Y0)).toBeNull();
  });
  it('puts every point of the lattice in the cell that contains it, edges included', () => {
    const inside = fc.tuple(
      fc.double({ min: X0 + 1e-9, max: X0 + COLS * STEP - 1e-9, noNaN: true }),
      fc.double({ min: Y0 + 1e-9, max: Y0 + ROWS * STEP - 1e-9, noNaN: true }),
    );
    fc.assert(
      fc.property(inside, ([x, y]) => {
        const found = index.locate(x, y);
        expect(found).not.toBeNull();
        const [minX, minY, maxX, maxY] = [found!.ring[0][0], found!.ring[0][1], found!.ring[2][0], found!.ring[2][1]];
        expect(x >= minX - 1e-12 && x <= maxX + 1e-12 && y >= minY - 1e-12 && y <= maxY + 1e-12).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Lattice vertices and edges shared by two or four cells still find exactly one grid.
    for (let c = 1; c < COLS; c++) expect(index.locate(X0 + c * STEP, Y0 + 0.5 * STEP)).not.toBeNull();
  });
  it('accepts (Multi)Polygon grids and respects their holes', () => {
    const q = STEP / 4;
    const hole: Ring = [[X0 + q, Y0 + q], [X0 + 3 * q, Y0 + q], [X0 + 3 * q, Y0 + 3 * q], [X0 + q, Y0 + 3 * q], [X0 + q, Y0 + q]];
    const multi = new GridIndex([
      {
        code: '220106100200001',
        communityCode: '220106100200',
        streetCode: '220106100',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [[cell(0, 0), hole], [cell(5, 0)]],
        },
      },
    ]);
    expect(multi.locate(X0 + 5.5 * STEP, Y0 + 0.5 * STEP)?.code).toBe('220106100200001');
    expect(multi.locate(X0 + 0.05 * STEP, Y0 + 0.05 * STEP)?.code).toBe('220106100200001');
    expect(multi.locate(X0 + 0.5 * STEP, Y0 + 0.5 * STEP)).toBeNull(); // in the hole
    expect(multi.locate(X0 + 3 * STEP, Y0 + 0.5 * STEP)).toBeNull(); // between the parts
  });
  it('answers null when empty', () => {
    expect(new GridIndex([]).locate(X0, Y0)).toBeNull();
  });
});
