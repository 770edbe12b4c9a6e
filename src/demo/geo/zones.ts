// Generates plausible street and community zones inside the real district outline. The real
// boundaries of 绿园区's streets and communities are not public, so the demo makes its own:
// power diagrams (weighted Voronoi) with chosen areas, cut by the district outline; urban 街道
// next to central Changchun in the east, towns and parks in the west and on the outskirts.
import type { LngLat } from '../../domain/geo';
import type { CommunityDivision, Divisions, StreetDivision } from './divisions';
import { partition } from './partition';
import {
  inMulti,
  intersect,
  multiArea,
  multiBounds,
  powerCell,
  rect,
  unite,
  type OpenRing,
  type PcMultiPolygon,
} from './planar';
import { mulberry32, seedOf } from './prng';
import type { LocalProjection, XY } from './projection';

/** Where each street's zone is centred (WGS84) and how large it should be. */
interface StreetPlan {
  anchor: LngLat;
  areaKm2: number;
}

/**
 * Invented but plausible: the old urban 街道 are small and sit in the east, next to the city
 * centre; 林园/同心/自立/迎宾 (which still have villages) ring them; the parks lie west of the
 * built-up area; the three towns share the rural west, north and the south-western tail.
 */
const STREET_PLAN: Record<string, StreetPlan> = {
  '220106001': { anchor: [125.278, 43.912], areaKm2: 4 }, // 正阳街道
  '220106003': { anchor: [125.262, 43.872], areaKm2: 4 }, // 春城街道
  '220106005': { anchor: [125.262, 43.893], areaKm2: 4.5 }, // 青年路街道
  '220106006': { anchor: [125.245, 43.868], areaKm2: 5 }, // 普阳街道
  '220106007': { anchor: [125.285, 43.898], areaKm2: 4.5 }, // 铁西街道
  '220106010': { anchor: [125.226, 43.886], areaKm2: 7 }, // 林园街道
  '220106011': { anchor: [125.212, 43.858], areaKm2: 10 }, // 同心街道
  '220106012': { anchor: [125.245, 43.915], areaKm2: 7 }, // 迎宾街道
  '220106013': { anchor: [125.232, 43.848], areaKm2: 7 }, // 自立街道
  '220106100': { anchor: [125.100, 43.945], areaKm2: 90 }, // 合心镇
  '220106101': { anchor: [125.130, 43.800], areaKm2: 66 }, // 西新镇
  '220106102': { anchor: [125.195, 43.950], areaKm2: 70 }, // 城西镇
  '220106400': { anchor: [125.195, 43.902], areaKm2: 18 }, // 绿园经济开发区
  '220106401': { anchor: [125.150, 43.865], areaKm2: 22 }, // 皓月产业园区
};

/** 人民广场, the centre of Changchun (WGS84); urban communities gather on the side facing it. */
export const CITY_CENTRE: LngLat = [125.318, 43.886];

export interface Zone {
  code: string;
  /** The zone in metres: a polygon-clipping MultiPolygon (closed rings). */
  shape: PcMultiPolygon;
}

export interface Zones {
  streets: Zone[];
  communities: Zone[];
}

/**
 * Centres of the lattice squares of side `step` that fall inside the shape, x/y interleaved,
 * row by row from the south. Scanline: one pass over the edges per row.
 */
export function samplePoints(shape: PcMultiPolygon, step: number): Float64Array {
  const [minX, minY, maxX, maxY] = multiBounds(shape);
  const out: number[] = [];
  const xs: number[] = [];
  for (let row = Math.floor(minY / step); (row + 0.5) * step < maxY; row++) {
    const y = (row + 0.5) * step;
    xs.length = 0;
    for (const poly of shape) {
      for (const ring of poly) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i];
          const [xj, yj] = ring[j];
          if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
        }
      }
    }
    xs.sort((a, b) => a - b);
    // Even-odd: inside between crossings 0–1, 2–3, ...
    for (let k = 0; k + 1 < xs.length; k += 2) {
      for (let col = Math.ceil(xs[k] / step - 0.5); (col + 0.5) * step < xs[k + 1]; col++) out.push((col + 0.5) * step, y);
    }
  }
  return Float64Array.from(out);
}

const closed = (ring: OpenRing): OpenRing => [...ring, ring[0]];

/** Relative size of a community's zone within its street. */
function communityWeight(c: CommunityDivision, street: StreetDivision, rnd: () => number): number {
  const jitter = 0.75 + 0.5 * rnd();
  if (c.type === '村委会') return (street.type === '街道' ? 3.5 : 6) * jitter;
  if (street.type === '镇' || street.type === '乡') return 0.5 * jitter; // the town seat's 社区
  return jitter;
}

export function generateZones(divisions: Divisions, proj: LocalProjection, district: PcMultiPolygon): Zones {
  const [minX, minY, maxX, maxY] = multiBounds(district);
  const margin = 2000;
  const bounds = rect(minX - margin, minY - margin, maxX + margin, maxY + margin);

  // 1. Streets: a power diagram with fixed anchors (slightly relaxed) and the planned areas.
  const coarse = samplePoints(district, 200);
  const streetRnd = mulberry32(seedOf('streets:220106'));
  const plans = divisions.streets.map((s) => {
    const plan = STREET_PLAN[s.code];
    if (!plan) throw new Error(`no demo zone plan for street ${s.code} ${s.name}`);
    return plan;
  });
  const streetPart = partition({
    points: coarse,
    cellArea: 200 * 200,
    sites: plans.map((p) => {
      const [x, y] = proj.forward(p.anchor);
      return [x + streetRnd.range(-250, 250), y + streetRnd.range(-250, 250)];
    }),
    targets: plans.map((p) => p.areaKm2),
    relax: 0.25,
    rounds: 30,
  });
  const streetKernels = divisions.streets.map((_, i) => powerCell(i, streetPart.sites, streetPart.weights, bounds));
  const streetShapes = absorbFragments(
    streetKernels.map((k) => (k.length > 0 ? intersect([[closed(k)]], district) : [])),
    district,
  );
  const streets: Zone[] = divisions.streets.map((street, s) => {
    if (streetShapes[s].length === 0) throw new Error(`street ${street.code} got an empty zone`);
    return { code: street.code, shape: streetShapes[s] };
  });

  // 2. Communities. Villages (村委会) lie on the far side of the street from the city centre
  // (in a town: away from its middle, the town seat); the 社区 form one block on the near side,
  // which is then split among them.
  const centre = proj.forward(CITY_CENTRE);
  const communities: Zone[] = [];
  divisions.streets.forEach((street, s) => {
    const shape = streetShapes[s];
    const members = divisions.communities.filter((c) => c.streetCode === street.code);
    const rnd = mulberry32(seedOf(`communities:${street.code}`));
    const weights = members.map((c) => communityWeight(c, street, rnd.next));
    const villages = members.map((c, i) => i).filter((i) => members[i].type === '村委会');
    const residents = members.map((c, i) => i).filter((i) => members[i].type !== '村委会');
    const focus: XY = street.type === '街道' ? centre : streetPart.sites[s];

    let residentBlock = shape;
    if (villages.length > 0) {
      const pts = samplePoints(shape, 100);
      const ranked = rankByDistance(pts, focus);
      const groups = [...(residents.length > 0 ? [residents] : []), ...villages.map((i) => [i])];
      const sites = pickSites(
        pts,
        ranked,
        groups.map((g) => (members[g[0]].type === '村委会' ? [0.45, 1] : [0, street.type === '街道' ? 0.3 : 0.1])),
        rnd.next,
      );
      // The 社区 block keeps its site so that it stays in the middle of a town; villages relax.
      const relax = groups.map((g) => (members[g[0]].type === '村委会' ? 0.5 : 0));
      const targets = groups.map((g) => g.reduce((a, i) => a + weights[i], 0));
      const shapes = splitZone(shape, pts, sites, targets, bounds, relax);
      groups.forEach((g, k) => {
        if (g.length === 1 && members[g[0]].type === '村委会') communities.push({ code: members[g[0]].code, shape: shapes[k] });
        else residentBlock = shapes[k];
      });
    }
    if (residents.length === 1) communities.push({ code: members[residents[0]].code, shape: residentBlock });
    if (residents.length > 1) {
      const pts = samplePoints(residentBlock, 100);
      const ranked = rankByDistance(pts, focus);
      const sites = pickSites(pts, ranked, residents.map(() => [0, 1]), rnd.next);
      const shapes = splitZone(residentBlock, pts, sites, residents.map((i) => weights[i]), bounds);
      residents.forEach((i, k) => communities.push({ code: members[i].code, shape: shapes[k] }));
    }
  });
  communities.sort((a, b) => a.code.localeCompare(b.code));
  for (const c of communities) if (c.shape.length === 0) throw new Error(`community ${c.code} got an empty zone`);
  return { streets, communities };
}

/** Indices of the sample points, nearest to `focus` first. */
function rankByDistance(pts: Float64Array, focus: XY): number[] {
  const d = (p: number): number => Math.hypot(pts[2 * p] - focus[0], pts[2 * p + 1] - focus[1]);
  return Array.from({ length: pts.length / 2 }, (_, p) => p).sort((a, b) => d(a) - d(b) || a - b);
}

/** One distinct sample point per site, drawn from a band [lo, hi) of the distance ranking. */
function pickSites(pts: Float64Array, ranked: number[], bands: number[][], rnd: () => number): XY[] {
  const used = new Set<number>();
  return bands.map(([lo, hi]) => {
    let p = ranked[Math.floor((lo + (hi - lo) * rnd()) * (ranked.length - 1))];
    for (let tries = 0; used.has(p) && tries < 100; tries++) {
      p = ranked[Math.floor((lo + (hi - lo) * rnd()) * (ranked.length - 1))];
    }
    if (used.has(p)) p = ranked.find((q) => !used.has(q)) ?? p;
    used.add(p);
    return [pts[2 * p], pts[2 * p + 1]];
  });
}

/** Splits a zone into power cells of the given relative sizes, relaxed towards compact shapes. */
function splitZone(
  shape: PcMultiPolygon,
  pts: Float64Array,
  sites: XY[],
  targets: number[],
  bounds: OpenRing,
  relax: number | number[] = 0.5,
): PcMultiPolygon[] {
  if (sites.length === 1) return [shape];
  const part = partition({ points: pts, cellArea: 100 * 100, sites, targets, relax, rounds: 30 });
  return absorbFragments(
    sites.map((_, i) => {
      const cell = powerCell(i, part.sites, part.weights, bounds);
      return cell.length > 0 ? intersect([[closed(cell)]], shape) : [];
    }),
    shape,
  );
}

/**
 * A convex cell cut by a concave outline can fall apart into a main part and small fragments
 * (a few hectares caught between bends of the boundary). Each fragment smaller than a fifth of
 * its zone's largest part goes to the neighbouring zone it shares the longest border with.
 */
function absorbFragments(shapes: PcMultiPolygon[], outline: PcMultiPolygon): PcMultiPolygon[] {
  const out = shapes.map((s) => [...s]);
  for (let z = 0; z < out.length; z++) {
    if (out[z].length < 2) continue;
    const areas = out[z].map((poly) => multiArea([poly]));
    const largest = Math.max(...areas);
    const keep: PcMultiPolygon = [];
    out[z].forEach((poly, i) => {
      const target = areas[i] < largest / 5 ? neighbourAcross(poly, z, out, outline) : -1;
      if (target < 0) keep.push(poly);
      else out[target] = unite(out[target], [poly]);
    });
    out[z] = keep;
  }
  return out;
}

/** The zone (other than `self`) on the far side of most of the polygon's border, or -1. */
function neighbourAcross(poly: PcMultiPolygon[number], self: number, zones: PcMultiPolygon[], outline: PcMultiPolygon): number {
  const score = new Map<number, number>();
  const ring = poly[0];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[i + 1];
    const len = Math.hypot(x2 - x1, y2 - y1);
    if (len < 1e-6) continue;
    // A point 0.5 m outside the middle of the edge (outer rings are counter-clockwise).
    const mx = (x1 + x2) / 2 + ((y2 - y1) / len) * 0.5;
    const my = (y1 + y2) / 2 - ((x2 - x1) / len) * 0.5;
    if (!inMulti(mx, my, outline)) continue;
    const z = zones.findIndex((shape, k) => k !== self && inMulti(mx, my, shape));
    if (z >= 0) score.set(z, (score.get(z) ?? 0) + len);
  }
  let best = -1;
  let bestLen = 0;
  for (const [z, len] of [...score].sort((a, b) => a[0] - b[0])) {
    if (len > bestLen) {
      best = z;
      bestLen = len;
    }
  }
  return best;
}
