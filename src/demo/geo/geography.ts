// The demo's geography of 绿园区 (220106): the real outline, streets and communities (names and
// codes), with generated street/community zones and ~100 m unit grids inside them.
import { readFileSync } from 'node:fs';
import { bboxOf, type LngLat, type PolygonGeometry, type Ring } from '../../domain/geo';
import { DISTRICT_CODE, DISTRICT_NAME, loadDivisions, type CommunityType, type StreetType } from './divisions';
import { communityLattice } from './lattice';
import type { PcMultiPolygon } from './planar';
import { localProjection, type LocalProjection, type XY } from './projection';
import { generateZones } from './zones';

export { areaClassOf, type AreaClass } from './area-class';

export interface DemoStreet {
  /** 9-digit statistical code, e.g. 220106001. */
  code: string;
  name: string;
  type: StreetType;
  polygon: PolygonGeometry;
}

export interface DemoCommunity {
  /** 12-digit statistical code, e.g. 220106001001. */
  code: string;
  name: string;
  type: CommunityType;
  streetCode: string;
  polygon: PolygonGeometry;
  /** Side of this community's grid lattice in metres: 100, larger where 999 serials need it. */
  gridSizeM: number;
}

export interface DemoGrid {
  /** 15 digits: 12-digit community code + 3-digit serial in reading order. */
  code: string;
  communityCode: string;
  streetCode: string;
  /** Closed outer ring, WGS84 [lng, lat], counter-clockwise. */
  ring: Ring;
  areaM2: number;
  /** Area centroid, or a point inside the cell when a clipped cell's centroid falls outside it. */
  centroid: LngLat;
}

export interface DemoGeography {
  district: { code: string; name: string; boundary: { type: 'MultiPolygon'; coordinates: Ring[][] } };
  streets: DemoStreet[];
  communities: DemoCommunity[];
  grids: DemoGrid[];
  generated: true;
  note: string;
}

export const GENERATED_NOTE =
  '街道/社区范围和单元网格为演示而生成；实际部署请导入官方边界。' +
  ' Street/community zones and grids are generated for the demo; real deployments import official boundaries.';

const BOUNDARY_URL = new URL('./lvyuan-220106-boundary.wgs84.geojson', import.meta.url);

/** The committed district outline (see scripts/geo/extract-boundary.mjs), WGS84. */
export function loadDistrictBoundary(): { type: 'MultiPolygon'; coordinates: Ring[][] } {
  const json = JSON.parse(readFileSync(BOUNDARY_URL, 'utf8')) as {
    features: { properties: { adcode: string }; geometry: PolygonGeometry }[];
  };
  const feature = json.features.find((f) => f.properties.adcode === DISTRICT_CODE);
  if (!feature) throw new Error(`boundary file has no feature with adcode ${DISTRICT_CODE}`);
  const g = feature.geometry;
  return { type: 'MultiPolygon', coordinates: g.type === 'Polygon' ? [g.coordinates] : g.coordinates };
}

const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

function toLngLat(proj: LocalProjection, ring: readonly XY[], close: boolean): Ring {
  const out = ring.map((p): LngLat => {
    const [lng, lat] = proj.inverse(p);
    return [round7(lng), round7(lat)];
  });
  if (close && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push([...out[0]]);
  return out;
}

function toGeometry(proj: LocalProjection, shape: PcMultiPolygon): PolygonGeometry {
  const polys = shape.map((poly) => poly.map((ring) => toLngLat(proj, ring, true)));
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

/**
 * Builds the demo geography. Deterministic: every run gives the same zones, grids and codes
 * (seeded PRNG, fixed plan). Takes a few seconds; callers that need it often should keep it.
 */
export function generateDemoGeography(): DemoGeography {
  const boundary = loadDistrictBoundary();
  const [minLng, minLat, maxLng, maxLat] = bboxOf(boundary);
  // Origin on a round 0.01° so the lattice does not shift if the outline is re-extracted.
  const proj = localProjection([
    Math.round(((minLng + maxLng) / 2) * 100) / 100,
    Math.round(((minLat + maxLat) / 2) * 100) / 100,
  ]);
  const district: PcMultiPolygon = boundary.coordinates.map((poly) => poly.map((ring) => ring.map((p) => proj.forward(p))));
  const divisions = loadDivisions();
  const zones = generateZones(divisions, proj, district);

  const streets: DemoStreet[] = divisions.streets.map((s, i) => ({
    code: s.code,
    name: s.name,
    type: s.type,
    polygon: toGeometry(proj, zones.streets[i].shape),
  }));

  const zoneOf = new Map(zones.communities.map((z) => [z.code, z.shape]));
  const communities: DemoCommunity[] = [];
  const grids: DemoGrid[] = [];
  for (const c of divisions.communities) {
    const shape = zoneOf.get(c.code);
    if (!shape) throw new Error(`community ${c.code} has no zone`);
    const lattice = communityLattice(shape);
    communities.push({
      code: c.code,
      name: c.name,
      type: c.type,
      streetCode: c.streetCode,
      polygon: toGeometry(proj, shape),
      gridSizeM: lattice.size,
    });
    lattice.cells.forEach((cell, i) => {
      const [lng, lat] = proj.inverse(cell.label);
      grids.push({
        code: c.code + String(i + 1).padStart(3, '0'),
        communityCode: c.code,
        streetCode: c.streetCode,
        ring: toLngLat(proj, cell.ring, true),
        areaM2: Math.round(cell.areaM2 * 10) / 10,
        centroid: [round7(lng), round7(lat)],
      });
    });
  }

  return {
    district: { code: DISTRICT_CODE, name: DISTRICT_NAME, boundary },
    streets,
    communities,
    grids,
    generated: true,
    note: GENERATED_NOTE,
  };
}
