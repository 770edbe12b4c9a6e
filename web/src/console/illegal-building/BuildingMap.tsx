// Illegal structures on the district map: a point per entry coloured by state (the legend names every colour), and the
// surveyed outline when zoomed in. Clicking an entry opens it.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { MapView } from '../../shared/map/MapView';
import type { MapInstance, maplibregl } from '../../shared/map/maplibre';
import { BUILDING_STATES, STATE_COLORS, type BuildingState } from './data';
import { useBuildingI18n } from './messages';

export interface MapEntry {
  id: string;
  code: string;
  lng: number;
  lat: number;
  state: BuildingState;
  areaM2: number;
  footprint: [number, number][] | null;
}

const COLOR: maplibregl.ExpressionSpecification = ['match', ['get', 'state'], ...BUILDING_STATES.flatMap((s) => [s, STATE_COLORS[s]]), '#888'] as never;

function collections(items: MapEntry[]) {
  return {
    points: { type: 'FeatureCollection', features: items.map((b) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [b.lng, b.lat] }, properties: { id: b.id, code: b.code, state: b.state, area: b.areaM2 } })) },
    outlines: {
      type: 'FeatureCollection',
      features: items
        .filter((b) => b.footprint && b.footprint.length >= 3)
        .map((b) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...b.footprint!, b.footprint![0]]] }, properties: { id: b.id, state: b.state } })),
    },
  } as { points: GeoJSON.FeatureCollection; outlines: GeoJSON.FeatureCollection };
}

export default function BuildingMap({ items, height = 520, name = 'buildings', center, zoom, ariaLabel, legend = true }: { items: MapEntry[] | undefined; height?: number; name?: string; center?: [number, number]; zoom?: number; ariaLabel: string; legend?: boolean }) {
  const { tb } = useBuildingI18n();
  const navigate = useNavigate();
  const [map, setMap] = useState<MapInstance | null>(null);
  useEffect(() => {
    if (!map || !items) return;
    const fc = collections(items);
    (map.getSource('ib-points') as GeoJSONSource | undefined)?.setData(fc.points);
    (map.getSource('ib-outlines') as GeoJSONSource | undefined)?.setData(fc.outlines);
  }, [map, items]);
  return (
    <div className="wg-ib-mapbox">
      <MapView
        name={name}
        ariaLabel={ariaLabel}
        style={{ height }}
        center={center}
        zoom={zoom}
        fitPadding={12}
        onReady={(m) => {
          const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
          m.addSource('ib-outlines', { type: 'geojson', data: empty });
          m.addSource('ib-points', { type: 'geojson', data: empty });
          m.addLayer({ id: 'ib-outline-fill', type: 'fill', source: 'ib-outlines', minzoom: 14, paint: { 'fill-color': COLOR, 'fill-opacity': 0.25 } });
          m.addLayer({ id: 'ib-outline-line', type: 'line', source: 'ib-outlines', minzoom: 14, paint: { 'line-color': COLOR, 'line-width': 2 } });
          m.addLayer({
            id: 'ib-point',
            type: 'circle',
            source: 'ib-points',
            paint: {
              'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, ['interpolate', ['linear'], ['get', 'area'], 0, 3, 2000, 7], 16, 9],
              'circle-color': COLOR,
              'circle-stroke-color': '#fff',
              'circle-stroke-width': 1.2,
              'circle-opacity': ['interpolate', ['linear'], ['zoom'], 15, 0.95, 17, 0.5],
            },
          });
          const open = (e: MapLayerMouseEvent) => {
            const id = e.features?.[0]?.properties?.id;
            if (id) navigate(`/illegal-buildings/${id}`);
          };
          for (const layer of ['ib-point', 'ib-outline-fill']) {
            m.on('click', layer, open);
            m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
            m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
          }
          setMap(m);
        }}
      />
      {legend ? (
        <ul className="wg-ib-legend" aria-label={ariaLabel}>
          {BUILDING_STATES.map((s) => (
            <li key={s}>
              <span className="wg-ib-dot" style={{ background: STATE_COLORS[s] }} aria-hidden />
              {tb(`state.${s}`)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
