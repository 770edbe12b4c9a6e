#!/usr/bin/env node
// Compares two boundary GeoJSON files (same CRS) and prints their areas and IoU
// (intersection over union). Used to check the extracted district outline against another copy:
//   node scripts/geo/compare-boundary.mjs src/demo/geo/lvyuan-220106-boundary.wgs84.geojson other.geojson
import { readFileSync } from 'node:fs';
import area from '@turf/area';
import polygonClipping from 'polygon-clipping';

/** All polygons of a GeoJSON file (FeatureCollection, Feature or bare geometry) as MultiPolygon coordinates. */
function multiPolygonOf(path) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const geometries =
    json.type === 'FeatureCollection'
      ? json.features.map((f) => f.geometry)
      : json.type === 'Feature'
        ? [json.geometry]
        : [json];
  return geometries.flatMap((g) =>
    g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [],
  );
}

const areaOf = (mp) => area({ type: 'MultiPolygon', coordinates: mp });

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: compare-boundary.mjs <a.geojson> <b.geojson>');
  process.exit(2);
}
const A = multiPolygonOf(a);
const B = multiPolygonOf(b);
const inter = areaOf(polygonClipping.intersection(A, B));
const union = areaOf(polygonClipping.union(A, B));
const km2 = (m2) => (m2 / 1e6).toFixed(2);
console.log(`area A ${km2(areaOf(A))} km², area B ${km2(areaOf(B))} km²`);
console.log(`intersection ${km2(inter)} km², union ${km2(union)} km², IoU ${(inter / union).toFixed(4)}`);
