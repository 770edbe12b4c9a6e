// Patrol: my beat on the map with my position, the on/off-duty switch, and the two report buttons.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Switch } from 'antd';
import { CameraOutlined, ToolOutlined } from '@ant-design/icons';
import { MapView } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { fmtShort } from '../../shared/time';
import { useBeat, useDuty, usePatrol, useSetDuty } from '../data';
import { useT } from '../messages';
import { currentFix, type Fix } from '../position';
import gcoordLite from '../wgs';
import type { GeoJSONSource } from 'maplibre-gl';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export default function HomePage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const duty = useDuty();
  const setDuty = useSetDuty();
  const beat = useBeat();
  const [map, setMap] = useState<MapInstance | null>(null);
  const [fix, setFix] = useState<Fix | null>(null);
  const patrol = usePatrol(!!duty.data?.onDuty, duty.data?.settings.positionIntervalSeconds ?? 30);
  const position = patrol.last ?? fix;

  useEffect(() => {
    currentFix().then(setFix).catch(() => {});
  }, []);

  useEffect(() => {
    if (!map || !beat.data) return;
    (map.getSource('beat') as GeoJSONSource).setData({ type: 'FeatureCollection', features: beat.data.features });
    if (beat.data.bbox) map.fitBounds(beat.data.bbox, { padding: 40, animate: false });
  }, [map, beat.data]);

  const me = useMemo(() => {
    if (!position) return EMPTY;
    // The map draws WGS84; a GCJ-02 device position is converted for display.
    const [lng, lat] = position.crs === 'WGS84' ? [position.lng, position.lat] : gcoordLite(position.lng, position.lat, position.crs);
    return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties: {} }] } as GeoJSON.FeatureCollection;
  }, [position]);
  useEffect(() => {
    if (map) (map.getSource('me') as GeoJSONSource).setData(me);
  }, [map, me]);

  const onReady = (m: MapInstance) => {
    m.addSource('beat', { type: 'geojson', data: EMPTY });
    m.addSource('me', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'beat-fill', type: 'fill', source: 'beat', paint: { 'fill-color': '#1d4f91', 'fill-opacity': 0.12 } });
    m.addLayer({ id: 'beat-line', type: 'line', source: 'beat', paint: { 'line-color': '#1d4f91', 'line-width': 1.2 } });
    m.addLayer({ id: 'me-halo', type: 'circle', source: 'me', paint: { 'circle-radius': 14, 'circle-color': '#2f80ed', 'circle-opacity': 0.2 } });
    m.addLayer({ id: 'me-dot', type: 'circle', source: 'me', paint: { 'circle-radius': 6, 'circle-color': '#2f80ed', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    setMap(m);
  };

  const onDuty = !!duty.data?.onDuty;
  const beatInfo = beat.data?.beats ?? [];
  return (
    <div className="fd-home">
      <section className="fd-duty" aria-label={t('duty.switch')}>
        <div>
          <div className={`fd-duty-state ${onDuty ? 'fd-duty-on' : ''}`}>{onDuty ? t('duty.on') : t('duty.off')}</div>
          <div className="fd-muted">
            {onDuty && duty.data?.since ? `${t('duty.since', { time: fmtShort(duty.data.since) })} · ${t('duty.every', { n: duty.data.settings.positionIntervalSeconds })}` : ' '}
          </div>
          {onDuty && patrol.error ? <div className="fd-warn">{t('duty.noGeo')}</div> : null}
        </div>
        <Switch
          aria-label={t('duty.switch')}
          checked={onDuty}
          loading={setDuty.isPending}
          onChange={(v) => setDuty.mutate(v, { onError: (e) => void message.error(String((e as Error).message)) })}
        />
      </section>
      <div className="fd-map-wrap">
        <MapView name="field" ariaLabel={t('home.beat')} onReady={onReady} layers={{ streets: true, communities: true, grids: false }} className="fd-map" />
        <div className="fd-map-legend">
          <b>{t('home.beat')}</b>{' '}
          {beatInfo.length
            ? `${beatInfo.length <= 2 ? beatInfo.map((b) => b.name).join('、') : t('home.beats', { n: beatInfo.length })} · ${t('home.grids', { n: beat.data?.features.length ?? 0 })}`
            : t('home.noBeat')}
          {position ? (
            <div className="fd-muted">
              {t('home.position')} {position.lng.toFixed(5)}, {position.lat.toFixed(5)}
              {position.accuracy ? ` · ${t('home.accuracy', { n: Math.round(position.accuracy) })}` : ''}
            </div>
          ) : null}
        </div>
      </div>
      <div className="fd-actions">
        <Button type="primary" size="large" icon={<CameraOutlined />} onClick={() => navigate('/report')} block>
          {t('home.report')}
        </Button>
        <Button size="large" icon={<ToolOutlined />} onClick={() => navigate('/report?selfFix=1')}>
          {t('home.selfFix')}
        </Button>
      </div>
    </div>
  );
}
