// Public surface of the pure geometry helpers: point location in unit grids, distances, CRS conversion.
export type { BBox, LngLat, PolygonGeometry, Ring, Shape } from './types';
export {
  EARTH_RADIUS_M,
  bboxOf,
  centroid,
  distanceMeters,
  pointInPolygon,
  pointInRing,
  pointOnSurface,
  signedRingArea,
} from './geometry';
export { CRS_LIST, fromWgs84, isCrs, toWgs84, type Crs } from './crs';
export { GridIndex, type GridKeys, type GridShapeInput } from './grid-index';
export {
  centralMeridianFor,
  detectProjectedLayout,
  gaussKrugerProj4,
  gaussKrugerToLngLat,
  isValidCentralMeridian,
  lngLatToGaussKruger,
  zoneNumber,
  type GaussKrugerZone,
  type ProjectedLayout,
} from './gauss-kruger';
export { checkPolygonTopology, polygonParts, ringSelfIntersection, type TopologyIssue, type TopologyRule } from './topology';
export { localProjection, type LocalProjection, type XY } from './local-projection';
export { communityLattice, compareReadingOrder, MAX_SERIAL, type CommunityLattice, type LatticeCell } from './lattice';
