// Plain coordinate types shared by the geometry helpers: longitude first, degrees, WGS84 unless said.

/** [longitude, latitude] in degrees. */
export type LngLat = [number, number];

/** A linear ring of [lng, lat]; closed (first = last) or open, either is accepted. */
export type Ring = LngLat[];

/** [minLng, minLat, maxLng, maxLat]. */
export type BBox = [number, number, number, number];

/** The GeoJSON polygon geometries: outer ring first, then holes. */
export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: Ring[] }
  | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** A single ring or a GeoJSON (Multi)Polygon. */
export type Shape = Ring | PolygonGeometry;
