// Command map (监督指挥): every open case as a point coloured by its light, clustered (MapLibre's GeoJSON clustering in
// a worker keeps 100,000 points smooth); layers for streets, communities and grids; filters; click a point for its card.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Divider, Select, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { KIND_LABELS, SOURCE_LABELS, STATE_LABELS } from '../../shared/labels';
import { SOURCES } from '../../../../src/domain/workflow/states';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LightBadge, LIGHT_COLORS } from '../../shared/Light';
import { MapView, useGeo, type GeoLayerToggles } from '../../shared/map/MapView';
import { MAP_FONT, type MapInstance } from '../../shared/map/maplibre';
import { fmtDateTime } from '../../shared/time';
import type { CasePoints, CaseState } from '../../shared/types';
import { ClassPicker } from '../common/ClassPicker';
import { useCase } from '../common/data';
import { onCaseEvent } from '../live';
import { filterPoints, indexPoints, lightCounts, type PointFilter } from './casePoints';

const OPEN_STATES: CaseState[] = ['reported', 'verifying', 'verified', 'filed', 'dispatched', 'handling', 'returned', 'suspended', 'handled', 'checking', 'checked'];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
type GeoSource = { setData(d: GeoJSON.FeatureCollection): void; getClusterExpansionZoom(id: number): Promise<number> };

function CaseCard({ number, onClose }: { number: string; onClose(): void }) {
  const { t, lang, pick } = useI18n();
  const c = useCase(number);
  return (
    <Card
      size="small"
      className="wg-map-card"
      data-testid="map-case-card"
      title={<span className="wg-mono">{number}</span>}
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={onClose} aria-label={t('common.close')} />}
    >
      {c.isPending ? (
        <Spin />
      ) : c.isError ? (
        <Alert type="error" title={errorText(c.error, lang)} />
      ) : c.data ? (
        <>
          <Space wrap className="wg-mb">
            <Tag color="blue">{pick(STATE_LABELS[c.data.state])}</Tag>
            <LightBadge light={c.data.light} remainingMinutes={c.data.remainingMinutes} deadline={c.data.stepDeadline} />
          </Space>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('col.class')}>
              {pick(KIND_LABELS[c.data.kind])} · {lang === 'en' ? c.data.classNameEn : c.data.className}
            </Descriptions.Item>
            <Descriptions.Item label={t('col.place')}>{c.data.locationText}</Descriptions.Item>
            <Descriptions.Item label={t('field.department')}>{(lang === 'en' ? c.data.departmentNameEn : c.data.departmentName) ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.reportedAt')}>{fmtDateTime(c.data.createdAt)}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph ellipsis={{ rows: 2 }} className="wg-map-card-desc">
            {c.data.description}
          </Typography.Paragraph>
          <Link to={`/cases/${c.data.id}`}>
            <Button type="primary" size="small" block>
              {t('map.openCase')}
            </Button>
          </Link>
        </>
      ) : null}
    </Card>
  );
}

export default function CommandMapPage() {
  const { t, lang, pick } = useI18n();
  const points = useQuery({ queryKey: ['map', 'cases'], queryFn: () => api<CasePoints>('/api/map/cases'), staleTime: 30_000 });
  const streets = useGeo('streets');
  const [layers, setLayers] = useState<GeoLayerToggles>({ streets: true, communities: false, grids: false });
  const [filter, setFilter] = useState<PointFilter>({ lights: ['red', 'yellow', 'green', 'none'] });
  const [selected, setSelected] = useState<string | null>(null);
  const [map, setMap] = useState<MapInstance | null>(null);
  const [changes, setChanges] = useState(0);

  const index = useMemo(() => (points.data ? indexPoints(points.data) : null), [points.data]);
  const visible = useMemo(() => (index ? filterPoints(index, filter) : EMPTY), [index, filter]);
  const counts = useMemo(() => lightCounts(visible), [visible]);

  // Case events mark the map stale; it reloads at most every 30 s rather than on every event.
  const refetch = points.refetch;
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(
    () =>
      onCaseEvent(() => {
        setChanges((n) => n + 1);
        pending.current ??= setTimeout(() => {
          pending.current = undefined;
          setChanges(0);
          void refetch();
        }, 30_000);
      }),
    [refetch],
  );
  useEffect(() => () => clearTimeout(pending.current), []);

  const onReady = useCallback((m: MapInstance) => {
    m.addSource('cases', {
      type: 'geojson',
      data: EMPTY,
      cluster: true,
      clusterRadius: 48,
      clusterMaxZoom: 15,
      clusterProperties: {
        red: ['+', ['case', ['==', ['get', 'l'], 2], 1, 0]],
        yellow: ['+', ['case', ['==', ['get', 'l'], 1], 1, 0]],
      },
    });
    m.addLayer({
      id: 'clusters',
      type: 'circle',
      source: 'cases',
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': ['case', ['>', ['get', 'red'], 0], '#d64545', ['>', ['get', 'yellow'], 0], '#e0a21b', '#2f9e5b'],
        'circle-opacity': 0.88,
        'circle-radius': ['step', ['get', 'point_count'], 14, 20, 18, 100, 23, 1000, 29, 10000, 36],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    m.addLayer({
      id: 'cluster-count',
      type: 'symbol',
      source: 'cases',
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': MAP_FONT, 'text-size': 12, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    });
    m.addLayer({
      id: 'points',
      type: 'circle',
      source: 'cases',
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': ['match', ['get', 'l'], 2, '#d64545', 1, '#e0a21b', 0, '#2f9e5b', '#8c96a3'],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 5, 16, 9],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
    m.addLayer({
      id: 'points-label',
      type: 'symbol',
      source: 'cases',
      filter: ['!', ['has', 'point_count']],
      minzoom: 13,
      layout: { 'text-field': '', 'text-font': MAP_FONT, 'text-size': 10, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    });
    m.on('click', 'clusters', (e) => {
      const f = e.features?.[0];
      if (!f) return;
      const src = m.getSource('cases') as unknown as GeoSource;
      void src.getClusterExpansionZoom(f.properties.cluster_id as number).then((zoom) => {
        m.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom });
      });
    });
    m.on('click', 'points', (e) => {
      const f = e.features?.[0];
      if (f) setSelected(String(f.properties.n));
    });
    for (const layer of ['clusters', 'points']) {
      m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
    }
    setMap(m);
  }, []);

  useEffect(() => {
    (map?.getSource('cases') as unknown as GeoSource | undefined)?.setData(visible);
  }, [map, visible]);
  useEffect(() => {
    // A word in each point (超/将) so that the light is not colour alone.
    map?.setLayoutProperty('points-label', 'text-field', ['match', ['get', 'l'], 2, lang === 'en' ? '!' : '超', 1, lang === 'en' ? '~' : '将', '']);
  }, [map, lang]);

  const setF = (patch: Partial<PointFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const total = points.data?.count ?? 0;

  return (
    <div className="wg-command-map">
      <MapView name="command" ariaLabel={t('map.label')} onReady={onReady} layers={layers} className="wg-command-map-canvas" fitPadding={{ top: 24, bottom: 24, left: 330, right: 24 }} />
      <aside className="wg-map-panel" aria-label={t('map.filters')}>
        <div className="wg-map-panel-head">
          <h1 className="wg-page-title">{t('map.title')}</h1>
          <Tooltip title={t('common.refresh')}>
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void points.refetch()} loading={points.isFetching} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        {points.isError ? <Alert type="error" showIcon title={errorText(points.error, lang)} /> : null}
        <div className="wg-map-stats" data-testid="map-count" data-total={total} data-visible={visible.features.length}>
          <div className="wg-map-stat-main">
            {t('map.showing', { n: visible.features.length.toLocaleString(), total: total.toLocaleString() })}
          </div>
          <div className="wg-map-legend">
            {(['red', 'yellow', 'green'] as const).map((l) => (
              <span key={l} className="wg-legend-item">
                <span className="wg-legend-dot" style={{ background: LIGHT_COLORS[l].fg }} aria-hidden />
                {t(`light.${l}` as const)} {counts[l]}
              </span>
            ))}
            <span className="wg-legend-item">
              <span className="wg-legend-dot" style={{ background: '#8c96a3' }} aria-hidden />
              {t('light.none')} {counts.none}
            </span>
          </div>
          {points.data ? (
            <Typography.Text type="secondary" className="wg-map-updated">
              {t('map.updated', { time: fmtDateTime(points.data.generatedAt) })}
              {changes ? ` · ${t('map.changes', { n: changes })}` : ''}
            </Typography.Text>
          ) : null}
        </div>
        <Divider className="wg-divider" />
        <div className="wg-map-filters">
          <label className="wg-filter-label">{t('col.timeLeft')}</label>
          <Checkbox.Group
            value={filter.lights}
            onChange={(v) => setF({ lights: v as PointFilter['lights'] })}
            options={[
              { value: 'red', label: t('light.red') },
              { value: 'yellow', label: t('light.yellow') },
              { value: 'green', label: t('light.green') },
              { value: 'none', label: t('light.none') },
            ]}
          />
          <label className="wg-filter-label" htmlFor="map-kind">{t('search.kind')}</label>
          <Select
            id="map-kind"
            allowClear
            value={filter.kind}
            onChange={(kind) => setF({ kind, classKey: undefined })}
            placeholder={t('common.all')}
            options={(['matter', 'component'] as const).map((k) => ({ value: k, label: pick(KIND_LABELS[k]) }))}
          />
          <label className="wg-filter-label" htmlFor="map-class">{t('col.class')}</label>
          <ClassPicker id="map-class" kind={filter.kind} allowClear value={filter.classKey} onChange={(classKey) => setF({ classKey })} />
          <label className="wg-filter-label" htmlFor="map-street">{t('geo.street')}</label>
          <Select
            id="map-street"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filter.streetCode}
            onChange={(streetCode) => setF({ streetCode })}
            placeholder={t('common.all')}
            options={(streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }))}
          />
          <label className="wg-filter-label" htmlFor="map-source">{t('col.source')}</label>
          <Select id="map-source" allowClear value={filter.source} onChange={(source) => setF({ source })} placeholder={t('common.all')} options={SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s]) }))} />
          <label className="wg-filter-label" htmlFor="map-state">{t('col.state')}</label>
          <Select
            id="map-state"
            mode="multiple"
            allowClear
            value={filter.states}
            onChange={(states) => setF({ states })}
            placeholder={t('common.all')}
            maxTagCount="responsive"
            options={OPEN_STATES.map((s) => ({ value: s, label: pick(STATE_LABELS[s]) }))}
          />
          <Checkbox checked={!!filter.urgentOnly} onChange={(e) => setF({ urgentOnly: e.target.checked })}>
            {t('map.urgentOnly')}
          </Checkbox>
        </div>
        <Divider className="wg-divider" />
        <div className="wg-map-layers">
          <label className="wg-filter-label">{t('map.layers')}</label>
          <div className="wg-layer-row">
            <Switch size="small" checked={!!layers.streets} onChange={(v) => setLayers((l) => ({ ...l, streets: v }))} id="layer-streets" />
            <label htmlFor="layer-streets">{t('map.layerStreets')}</label>
          </div>
          <div className="wg-layer-row">
            <Switch size="small" checked={!!layers.communities} onChange={(v) => setLayers((l) => ({ ...l, communities: v }))} id="layer-communities" />
            <label htmlFor="layer-communities">{t('map.layerCommunities')}</label>
          </div>
          <div className="wg-layer-row">
            <Switch size="small" checked={!!layers.grids} onChange={(v) => setLayers((l) => ({ ...l, grids: v }))} id="layer-grids" />
            <label htmlFor="layer-grids">{t('map.layerGrids')}</label>
          </div>
          <Typography.Text type="secondary" className="wg-hint">
            {t('map.gridsHint')}
          </Typography.Text>
          <div className="wg-layer-row">
            <Switch size="small" disabled id="layer-inspectors" />
            <label htmlFor="layer-inspectors">{t('map.layerInspectors')}</label>
          </div>
          <Typography.Text type="secondary" className="wg-hint">
            {t('map.inspectorsHint')}
          </Typography.Text>
        </div>
      </aside>
      {selected ? <CaseCard number={selected} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}
