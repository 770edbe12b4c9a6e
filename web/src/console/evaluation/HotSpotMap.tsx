// Hot spots on the district map: a MapLibre heatmap of the hot-spot centroids (grid or community) weighted by their case
// counts, over the district and street boundaries of the shared map; circles with counts take over when zoomed in.
import { useEffect, useState } from 'react';
import { MapView } from '../../shared/map/MapView';
import { MAP_FONT, type MapInstance, type maplibregl } from '../../shared/map/maplibre';
import type { Dashboard } from './data';

type HotSpot = Dashboard['hotSpots']['items'][number];
type GeoSource = { setData(d: GeoJSON.FeatureCollection): void };

const HEAT_COLORS: maplibregl.ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['heatmap-density'],
  0,
  'rgba(255,255,255,0)',
  0.15,
  'rgba(254,235,162,0.55)',
  0.35,
  '#fdc35a',
  0.55,
  '#f7873a',
  0.75,
  '#e04a24',
  1,
  '#b10f1f',
];

export function toFeatures(items: HotSpot[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items.map((h) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [h.lng, h.lat] }, properties: { count: h.count, name: h.name } })),
  };
}

/** Adds the heat layers to a map (below the labels); returns a setter for the data. */
export function addHeatLayers(map: MapInstance, opts: { dark?: boolean; beforeId?: string } = {}): (items: HotSpot[]) => void {
  map.addSource('hotspots', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  const before = opts.beforeId && map.getLayer(opts.beforeId) ? opts.beforeId : undefined;
  map.addLayer(
    {
      id: 'hotspots-heat',
      type: 'heatmap',
      source: 'hotspots',
      maxzoom: 15,
      paint: {
        'heatmap-weight': ['interpolate', ['linear'], ['get', 'count'], 0, 0, 1, 0.35, 10, 1],
        'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 9, 0.9, 14, 2.4],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 9, 14, 11, 26, 14, 46],
        'heatmap-color': HEAT_COLORS,
        'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0.9, 15, 0.25],
      },
    },
    before,
  );
  map.addLayer(
    {
      id: 'hotspots-point',
      type: 'circle',
      source: 'hotspots',
      minzoom: 13,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 1, 7, 10, 16],
        'circle-color': '#e04a24',
        'circle-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0, 14, 0.85],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    },
    before,
  );
  map.addLayer({
    id: 'hotspots-count',
    type: 'symbol',
    source: 'hotspots',
    minzoom: 14,
    layout: { 'text-field': ['to-string', ['get', 'count']], 'text-font': MAP_FONT, 'text-size': 11, 'text-allow-overlap': true },
    paint: { 'text-color': '#ffffff' },
  });
  return (items) => {
    const max = Math.max(1, ...items.map((h) => h.count));
    map.setPaintProperty('hotspots-heat', 'heatmap-weight', ['interpolate', ['linear'], ['get', 'count'], 0, 0, max, 1]);
    (map.getSource('hotspots') as unknown as GeoSource | undefined)?.setData(toFeatures(items));
  };
}

export function HotSpotMap({ items, height = 360, name = 'hotspots', ariaLabel }: { items: HotSpot[] | undefined; height?: number; name?: string; ariaLabel: string }) {
  const [setter, setSetter] = useState<((i: HotSpot[]) => void) | null>(null);
  useEffect(() => {
    if (setter && items) setter(items);
  }, [setter, items]);
  return (
    <MapView
      name={name}
      ariaLabel={ariaLabel}
      style={{ height }}
      className="wg-hotspot-map"
      fitPadding={12}
      onReady={(m) => {
        const set = addHeatLayers(m, { beforeId: 'communities-label' });
        setSetter(() => set);
      }}
    />
  );
}
