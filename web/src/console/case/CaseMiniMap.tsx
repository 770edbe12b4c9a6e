// The case on the map: its point, its unit grid and its community outlined.
import { useCallback } from 'react';
import { api } from '../../shared/api';
import type { GeoJSONSource } from 'maplibre-gl';
import { MapView } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { useI18n } from '../../shared/i18n';
import type { CaseDetail, GeoFeatureCollection } from '../../shared/types';

export default function CaseMiniMap({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const onReady = useCallback(
    (map: MapInstance) => {
      const ctrl = new AbortController();
      map.addSource('case-grid', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({ id: 'case-community', type: 'line', source: 'communities', filter: ['==', ['get', 'code'], c.communityCode ?? ''], paint: { 'line-color': '#1d4f91', 'line-width': 2, 'line-dasharray': [2, 1] } });
      map.addLayer({ id: 'case-grid-fill', type: 'fill', source: 'case-grid', paint: { 'fill-color': '#1d4f91', 'fill-opacity': 0.12 } });
      map.addLayer({ id: 'case-grid-line', type: 'line', source: 'case-grid', paint: { 'line-color': '#1d4f91', 'line-width': 2 } });
      map.addSource('case-point', { type: 'geojson', data: { type: 'Feature', geometry: { type: 'Point', coordinates: [c.lng, c.lat] }, properties: {} } });
      map.addLayer({ id: 'case-point-halo', type: 'circle', source: 'case-point', paint: { 'circle-radius': 14, 'circle-color': '#c62828', 'circle-opacity': 0.18 } });
      map.addLayer({ id: 'case-point', type: 'circle', source: 'case-point', paint: { 'circle-radius': 7, 'circle-color': '#c62828', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
      const d = 0.004;
      if (c.gridCode) {
        api<GeoFeatureCollection>('/api/geo/grids', { query: { bbox: [c.lng - d, c.lat - d, c.lng + d, c.lat + d].map((x) => x.toFixed(5)).join(',') }, signal: ctrl.signal })
          .then((fc) => {
            const features = fc.features.filter((f) => f.properties.code === c.gridCode);
            (map.getSource('case-grid') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
          })
          .catch(() => {});
      }
      return () => ctrl.abort();
    },
    [c.lng, c.lat, c.gridCode, c.communityCode],
  );
  return <MapView name="case" ariaLabel={t('case.map')} onReady={onReady} layers={{ streets: true, communities: true, grids: true }} gridMinZoom={15} center={[c.lng, c.lat]} zoom={16} className="wg-mini-map" />;
}
