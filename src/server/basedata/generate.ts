// Grid generation for districts without official grids: each community cut into ~10,000 m² lattice cells
// (the demo's cutter), numbered in the standard's reading order (north → south, west → east).
import { bboxOf, communityLattice, localProjection, type LngLat, type Ring } from '../../domain/geo';
import type { CommunityRecord, GridRecord } from '../../domain/geo/basedata';
import type { PcMultiPolygon } from '../../domain/geo/planar';

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export function generateGridRecords(communities: CommunityRecord[], cellSizeM = 100): { grids: GridRecord[]; sizes: Record<string, number> } {
  if (communities.length === 0) return { grids: [], sizes: {} };
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of communities) {
    const [x0, y0, x1, y1] = bboxOf(c.geometry);
    minX = Math.min(minX, x0);
    minY = Math.min(minY, y0);
    maxX = Math.max(maxX, x1);
    maxY = Math.max(maxY, y1);
  }
  // Origin on a round 0.01° so that regenerating the same communities gives the same lattice.
  const proj = localProjection([Math.round(((minX + maxX) / 2) * 100) / 100, Math.round(((minY + maxY) / 2) * 100) / 100]);
  const grids: GridRecord[] = [];
  const sizes: Record<string, number> = {};
  for (const c of communities) {
    const polys = c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates;
    const shape: PcMultiPolygon = polys.map((rings) => rings.map((r) => r.map((p) => proj.forward(p))));
    const lattice = communityLattice(shape, cellSizeM);
    sizes[c.code] = lattice.size;
    lattice.cells.forEach((cell, i) => {
      const ring: Ring = cell.ring.map((p): LngLat => {
        const [lng, lat] = proj.inverse(p);
        return [round7(lng), round7(lat)];
      });
      ring.push([ring[0][0], ring[0][1]]);
      grids.push({ code: c.code + String(i + 1).padStart(3, '0'), communityCode: c.code, streetCode: c.streetCode, ring });
    });
  }
  return { grids, sizes };
}
