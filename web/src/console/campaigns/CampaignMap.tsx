// The campaign's hot spots (cases in scope by unit grid, as a heat map) and its recurring spots (rings, with the number
// of repeats), over the district's streets. Clicking a ring opens the closed case.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { MapView } from '../../shared/map/MapView';
import { MAP_FONT, type MapInstance } from '../../shared/map/maplibre';
import { addHeatLayers } from '../evaluation/HotSpotMap';
import type { CampaignBoard } from './data';

type Setters = { heat: (items: CampaignBoard['hotSpots']) => void; rings: (fc: GeoJSON.FeatureCollection) => void };

export default function CampaignMap({ board, ariaLabel }: { board: CampaignBoard; ariaLabel: string }) {
  const [set, setSet] = useState<Setters | null>(null);
  const navigate = useNavigate();
  useEffect(() => {
    if (!set) return;
    set.heat(board.hotSpots);
    set.rings({
      type: 'FeatureCollection',
      features: board.recurrences.map((r) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [r.closed.lng, r.closed.lat] },
        properties: { id: r.closed.id, number: r.closed.number, repeats: r.repeats.length },
      })),
    });
  }, [set, board.hotSpots, board.recurrences]);
  return (
    <MapView
      name="campaign"
      ariaLabel={ariaLabel}
      style={{ height: 420 }}
      className="wg-cmp-map"
      fitPadding={12}
      onReady={(m: MapInstance) => {
        const heat = addHeatLayers(m, { beforeId: 'communities-label' });
        m.addSource('recurrence', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        m.addLayer({
          id: 'recurrence-ring',
          type: 'circle',
          source: 'recurrence',
          paint: {
            'circle-radius': ['interpolate', ['linear'], ['get', 'repeats'], 1, 8, 4, 13],
            'circle-color': 'rgba(0,0,0,0)',
            'circle-stroke-color': '#6a1b9a',
            'circle-stroke-width': 2.5,
          },
        });
        m.addLayer({
          id: 'recurrence-count',
          type: 'symbol',
          source: 'recurrence',
          minzoom: 12,
          layout: { 'text-field': ['concat', '↺', ['to-string', ['get', 'repeats']]], 'text-font': MAP_FONT, 'text-size': 11, 'text-offset': [0, -1.6], 'text-allow-overlap': true },
          paint: { 'text-color': '#6a1b9a', 'text-halo-color': '#fff', 'text-halo-width': 1.2 },
        });
        m.on('click', 'recurrence-ring', (e: MapLayerMouseEvent) => {
          const id = e.features?.[0]?.properties?.id;
          if (id) navigate(`/cases/${id}`);
        });
        m.on('mouseenter', 'recurrence-ring', () => (m.getCanvas().style.cursor = 'pointer'));
        m.on('mouseleave', 'recurrence-ring', () => (m.getCanvas().style.cursor = ''));
        setSet({ heat, rings: (fc) => (m.getSource('recurrence') as GeoJSONSource | undefined)?.setData(fc) });
      }}
    />
  );
}
