// MapLibre GL, set up once: the worker URL (without it Vite-built maps stay blank) and a registry of live maps for tests.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
export type MapInstance = maplibregl.Map;

declare global {
  interface Window {
    /** Live maps by name, so that browser tests can ask MapLibre what it rendered. */
    __wangge?: { maps: Record<string, maplibregl.Map> };
  }
}

export function registerMap(name: string, map: maplibregl.Map): () => void {
  window.__wangge ??= { maps: {} };
  window.__wangge.maps[name] = map;
  return () => {
    if (window.__wangge?.maps[name] === map) delete window.__wangge.maps[name];
  };
}

/** Font stack for map labels, drawn locally by MapLibre (no glyph server). */
export const MAP_FONT = ['PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'sans-serif'];

export function boundsOf(geometry: GeoJSON.Geometry | GeoJSON.FeatureCollection): [number, number, number, number] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if (geometry.type === 'FeatureCollection') geometry.features.forEach((f) => f.geometry && visit((f.geometry as { coordinates?: unknown }).coordinates));
  else visit((geometry as { coordinates?: unknown }).coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

/** One label point per polygon feature (area centroid of its largest ring), so that a zone is named once, not per tile. */
export function labelPoints(fc: GeoJSON.FeatureCollection): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const rings = g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
    let best: { a: number; x: number; y: number } | null = null;
    for (const ring of rings) {
      let a = 0, cx = 0, cy = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        a += cross;
        cx += (ring[j][0] + ring[i][0]) * cross;
        cy += (ring[j][1] + ring[i][1]) * cross;
      }
      if (a === 0) continue;
      const c = { a: Math.abs(a), x: cx / (3 * a), y: cy / (3 * a) };
      if (!best || c.a > best.a) best = c;
    }
    if (best) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [best.x, best.y] }, properties: f.properties });
  }
  return { type: 'FeatureCollection', features };
}
