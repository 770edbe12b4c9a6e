// The public map: recent cases with class, state and area; no personal data; private classes at an approximate place.
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { List, Tag } from 'antd';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { api } from '../shared/api';
import { useI18n } from '../shared/i18n';
import { MapView } from '../shared/map/MapView';
import { maplibregl, type MapInstance } from '../shared/map/maplibre';
import { fmtDateTime } from '../shared/time';
import { Page } from './App';
import { useT } from './messages';
import type { PublicMap } from './types';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export default function PublicMapPage() {
  const t = useT();
  const { pick, lang } = useI18n();
  const navigate = useNavigate();
  const data = useQuery({ queryKey: ['public-map'], queryFn: () => api<PublicMap>('/api/public/map') });
  const [map, setMap] = useState<MapInstance | null>(null);
  const days = data.data ? Math.round((Date.now() - new Date(data.data.since).getTime()) / 86_400_000) : 30;

  useEffect(() => {
    if (!map || !data.data) return;
    const fc: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: data.data.items.map((c) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
        properties: { number: c.number, closed: c.state === 'closed' ? 1 : 0, approximate: c.approximate ? 1 : 0 },
      })),
    };
    (map.getSource('cases') as GeoJSONSource).setData(fc);
  }, [map, data.data]);

  const onReady = (m: MapInstance) => {
    m.addSource('cases', { type: 'geojson', data: EMPTY });
    m.addLayer({
      id: 'cases',
      type: 'circle',
      source: 'cases',
      paint: {
        'circle-radius': ['case', ['==', ['get', 'approximate'], 1], 9, 6],
        'circle-color': ['case', ['==', ['get', 'closed'], 1], '#1a7f37', '#d46b08'],
        'circle-opacity': ['case', ['==', ['get', 'approximate'], 1], 0.45, 0.9],
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5,
      },
    });
    m.on('click', 'cases', (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f) return;
      const number = String(f.properties?.number);
      const el = document.createElement('div');
      el.className = 'pt-popup';
      const c = data.data?.items.find((x) => x.number === number);
      const line = (text: string, bold = false) => {
        const d = document.createElement('div');
        d.textContent = text;
        if (bold) d.style.fontWeight = '600';
        el.appendChild(d);
      };
      if (c) {
        line(pick(c.className), true);
        line(pick(c.stateText));
        line([c.area.street, c.area.community].filter(Boolean).join(' '));
        line(fmtDateTime(c.reportedAt));
        if (c.approximate) line(t('map.approximate'));
      }
      const a = document.createElement('a');
      a.textContent = t('map.details');
      a.href = `/portal/case/${number}`;
      a.onclick = (ev) => {
        ev.preventDefault();
        navigate(`/case/${number}`);
      };
      el.appendChild(a);
      new maplibregl.Popup({ closeButton: true }).setLngLat((f.geometry as GeoJSON.Point).coordinates as [number, number]).setDOMContent(el).addTo(m);
    });
    m.on('mouseenter', 'cases', () => (m.getCanvas().style.cursor = 'pointer'));
    m.on('mouseleave', 'cases', () => (m.getCanvas().style.cursor = ''));
    setMap(m);
  };

  const items = data.data?.items ?? [];
  return (
    <Page title={t('map.title')}>
      <div className="fd-muted fd-small" data-testid="map-summary">
        {t('map.recent', { days, n: items.length })} · <Tag color="orange">{t('map.open')}</Tag>
        <Tag color="green">{t('map.closed')}</Tag>
      </div>
      <div className="pt-map">
        <MapView name="public" ariaLabel={t('map.title')} onReady={onReady} layers={{ streets: false, communities: false, grids: false }} />
      </div>
      <List
        size="small"
        dataSource={items.slice(0, 30)}
        renderItem={(c) => (
          <List.Item data-testid="public-case-item">
            <div style={{ flex: 1 }}>
              <Link to={`/case/${c.number}`}>{pick(c.className)}</Link>{' '}
              <Tag color={c.state === 'closed' ? 'green' : 'orange'}>{pick(c.stateText)}</Tag>
              <div className="fd-muted fd-small">
                {[c.area.street, c.area.community].filter(Boolean).join(' ')} · {fmtDateTime(c.reportedAt)}
                {c.approximate ? ` · ${t('map.approximate')}` : ''}
              </div>
            </div>
            <span className="fd-muted fd-small">{lang === 'en' ? '' : ''}</span>
          </List.Item>
        )}
      />
    </Page>
  );
}
