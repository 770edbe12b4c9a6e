// Tap the map to set where the problem is (WGS84); shows the chosen point.
import { useEffect, useRef, useState } from 'react';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { MapView } from '../shared/map/MapView';
import type { MapInstance } from '../shared/map/maplibre';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export default function PointPicker({ value, onChange, label }: { value: { lng: number; lat: number } | null; onChange: (p: { lng: number; lat: number }) => void; label: string }) {
  const [map, setMap] = useState<MapInstance | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    if (!map) return;
    (map.getSource('pick') as GeoJSONSource).setData(
      value ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [value.lng, value.lat] }, properties: {} }] } : EMPTY,
    );
    if (value) map.easeTo({ center: [value.lng, value.lat], zoom: Math.max(map.getZoom(), 14) });
  }, [map, value]);
  return (
    <MapView
      name="picker"
      ariaLabel={label}
      layers={{ streets: false, communities: false, grids: false }}
      onReady={(m) => {
        m.addSource('pick', { type: 'geojson', data: EMPTY });
        m.addLayer({ id: 'pick', type: 'circle', source: 'pick', paint: { 'circle-radius': 8, 'circle-color': '#c62828', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
        m.on('click', (e: MapMouseEvent) => onChangeRef.current({ lng: e.lngLat.lng, lat: e.lngLat.lat }));
        setMap(m);
      }}
    />
  );
}
