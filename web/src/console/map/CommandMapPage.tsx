// Command map (监督指挥): every open case as a point coloured by its light, clustered on the server into vector tiles
// (GET /api/tiles/cases, the filter applied before clustering), so 100,000 cases cost the browser no more than a few
// hundred; counts from GET /api/map/summary; layers for streets, communities and grids; inspectors' last known
// positions; click a point for its card.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Divider, Select, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import type { GeoJSONSource, VectorTileSource } from 'maplibre-gl';
import { KIND_LABELS, SOURCE_LABELS, STATE_LABELS } from '../../shared/labels';
import { SOURCES } from '../../../../src/domain/workflow/states';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LightBadge, LIGHT_COLORS } from '../../shared/Light';
import { MapView, useGeo, type GeoLayerToggles } from '../../shared/map/MapView';
import { MAP_FONT, type MapInstance } from '../../shared/map/maplibre';
import { fmtDateTime } from '../../shared/time';
import type { CaseState } from '../../shared/types';
import type { CaseMapSummary } from '../../../../src/server/map/map.schema';
import { hasRole, useUser } from '../auth';
import { ClassPicker } from '../common/ClassPicker';
import { useCase } from '../common/data';
import { onCaseEvent } from '../live';

const OPEN_STATES: CaseState[] = ['reported', 'verifying', 'verified', 'filed', 'dispatched', 'handling', 'returned', 'suspended', 'handled', 'checking', 'checked'];
const ALL_LIGHTS = ['red', 'yellow', 'green', 'none'] as const;
type MapLight = (typeof ALL_LIGHTS)[number];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const NONE_COLOR = '#8c96a3';
const INSPECTOR_COLOR = '#1d4f91';

export interface MapFilter {
  lights: MapLight[];
  kind?: 'component' | 'matter';
  classKey?: string;
  streetCode?: string;
  source?: string;
  states?: string[];
  urgentOnly?: boolean;
}

/** The filter as the query of the case tiles and of their counts (the server applies it before clustering). */
export function filterQuery(f: MapFilter): Record<string, string> {
  const q: Record<string, string> = {};
  // "," is the empty list: no light ticked, no case shown.
  if (f.lights.length < ALL_LIGHTS.length) q.light = f.lights.join(',') || ',';
  const [kind, code] = f.classKey?.split(':') ?? [f.kind];
  if (kind) q.kind = kind;
  if (code) q.class = code;
  if (f.streetCode) q.street = f.streetCode;
  if (f.source) q.source = f.source;
  if (f.states?.length) q.states = f.states.join(',');
  if (f.urgentOnly) q.urgent = '1';
  return q;
}

interface InspectorPosition {
  userId: string;
  displayName: string;
  since: string;
  lng: number;
  lat: number;
  accuracy: number | null;
  at: string;
  stale: boolean;
}

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

function InspectorCard({ p, map, onClose }: { p: InspectorPosition; map: MapInstance | null; onClose(): void }) {
  const { t } = useI18n();
  const [showTrack, setShowTrack] = useState(false);
  const track = useQuery({
    queryKey: ['field', 'track', p.userId],
    queryFn: () => api<{ points: { lng: number; lat: number }[] }>('/api/field/track', { query: { userId: p.userId } }),
    enabled: showTrack,
  });
  useEffect(() => {
    const src = map?.getSource('inspector-track') as GeoJSONSource | undefined;
    const pts = showTrack ? (track.data?.points ?? []) : [];
    src?.setData(pts.length > 1 ? { type: 'Feature', geometry: { type: 'LineString', coordinates: pts.map((x) => [x.lng, x.lat]) }, properties: {} } : EMPTY);
  }, [map, showTrack, track.data]);
  useEffect(
    () => () => {
      void (map?.getSource('inspector-track') as GeoJSONSource | undefined)?.setData(EMPTY);
    },
    [map],
  );
  return (
    <Card
      size="small"
      className="wg-map-card"
      data-testid="map-inspector-card"
      title={p.displayName}
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={onClose} aria-label={t('common.close')} />}
    >
      <Space className="wg-mb">
        {p.stale ? <Tag>{t('map.inspectorStale')}</Tag> : <Tag color="blue">{t('map.inspectorLive')}</Tag>}
      </Space>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('map.inspectorAt')}>{fmtDateTime(p.at)}</Descriptions.Item>
        <Descriptions.Item label={t('map.inspectorSince')}>{fmtDateTime(p.since)}</Descriptions.Item>
        <Descriptions.Item label={t('map.inspectorAccuracy')}>{p.accuracy === null ? '—' : `±${Math.round(p.accuracy)} m`}</Descriptions.Item>
      </Descriptions>
      <div className="wg-layer-row wg-mt">
        <Switch size="small" id="inspector-track" checked={showTrack} onChange={setShowTrack} loading={track.isFetching} />
        <label htmlFor="inspector-track">{t('map.inspectorTrack')}</label>
      </div>
      {showTrack && track.data && track.data.points.length < 2 ? (
        <Typography.Text type="secondary" className="wg-hint">
          {t('map.inspectorNoTrack')}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

export default function CommandMapPage() {
  const { t, lang, pick } = useI18n();
  const user = useUser();
  const seesPositions = hasRole(user, 'operator', 'chief', 'dispatcher', 'leader', 'admin');
  const streets = useGeo('streets');
  const [layers, setLayers] = useState<GeoLayerToggles>({ streets: true, communities: false, grids: false });
  const [showInspectors, setShowInspectors] = useState(seesPositions);
  const [filter, setFilter] = useState<MapFilter>({ lights: [...ALL_LIGHTS] });
  const [selected, setSelected] = useState<{ kind: 'case'; number: string } | { kind: 'inspector'; userId: string } | null>(null);
  const [map, setMap] = useState<MapInstance | null>(null);
  const [changes, setChanges] = useState(0);

  const query = useMemo(() => filterQuery(filter), [filter]);
  const summary = useQuery({
    queryKey: ['map', 'summary', query],
    queryFn: () => api<CaseMapSummary>('/api/map/summary', { query }),
    placeholderData: keepPreviousData,
    // Lights turn yellow and red with time alone; the server rebuilds its index at least every minute.
    refetchInterval: 30_000,
  });
  const positions = useQuery({
    queryKey: ['field', 'positions'],
    queryFn: () => api<{ items: InspectorPosition[] }>('/api/field/positions'),
    enabled: seesPositions && showInspectors,
    refetchInterval: 15_000,
  });

  // Case events: the counts and tiles follow a few seconds later (the server rebuilds at most every few seconds).
  const refetch = summary.refetch;
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(
    () =>
      onCaseEvent(() => {
        setChanges((n) => n + 1);
        pending.current ??= setTimeout(() => {
          pending.current = undefined;
          void refetch();
        }, 4_000);
      }),
    [refetch],
  );
  useEffect(() => () => clearTimeout(pending.current), []);
  const version = summary.data?.version;
  useEffect(() => setChanges(0), [version]);

  const onReady = useCallback((m: MapInstance) => {
    m.addSource('inspector-track', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'inspector-track', type: 'line', source: 'inspector-track', paint: { 'line-color': INSPECTOR_COLOR, 'line-width': 3, 'line-opacity': 0.7, 'line-dasharray': [2, 1] } });
    m.addSource('inspectors', { type: 'geojson', data: EMPTY });
    setMap(m);
  }, []);

  // The case tiles: added once the first counts (and so the data version) are known, re-pointed when the filter or data change.
  const tileUrl = version === undefined ? null : `${window.location.origin}/api/tiles/cases/{z}/{x}/{y}.pbf?${new URLSearchParams({ ...query, v: version }).toString()}`;
  useEffect(() => {
    if (!map || !tileUrl) return;
    const src = map.getSource('cases') as VectorTileSource | undefined;
    if (src) {
      src.setTiles([tileUrl]);
      return;
    }
    map.addSource('cases', { type: 'vector', tiles: [tileUrl], minzoom: 0, maxzoom: 18 });
    const before = map.getLayer('inspector-track') ? 'inspector-track' : undefined;
    map.addLayer(
      {
        id: 'clusters',
        type: 'circle',
        source: 'cases',
        'source-layer': 'cases',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': ['case', ['>', ['get', 'red'], 0], LIGHT_COLORS.red.fg, ['>', ['get', 'yellow'], 0], '#e0a21b', '#2f9e5b'],
          'circle-opacity': 0.88,
          'circle-radius': ['step', ['get', 'point_count'], 15, 20, 19, 100, 24, 1000, 30, 10000, 37],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
      before,
    );
    map.addLayer(
      {
        id: 'cluster-count',
        type: 'symbol',
        source: 'cases',
        'source-layer': 'cases',
        filter: ['has', 'point_count'],
        layout: { 'text-field': ['to-string', ['get', 'point_count_abbreviated']], 'text-font': MAP_FONT, 'text-size': 12, 'text-allow-overlap': true, 'text-line-height': 1.1 },
        paint: { 'text-color': '#ffffff' },
      },
      before,
    );
    map.addLayer(
      {
        id: 'points',
        type: 'circle',
        source: 'cases',
        'source-layer': 'cases',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': ['match', ['get', 'light'], 2, LIGHT_COLORS.red.fg, 1, '#e0a21b', 0, '#2f9e5b', NONE_COLOR],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 5, 16, 9],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      before,
    );
    map.addLayer(
      {
        id: 'points-label',
        type: 'symbol',
        source: 'cases',
        'source-layer': 'cases',
        filter: ['!', ['has', 'point_count']],
        minzoom: 13,
        layout: { 'text-field': '', 'text-font': MAP_FONT, 'text-size': 10, 'text-allow-overlap': true },
        paint: { 'text-color': '#ffffff' },
      },
      before,
    );
    map.on('click', 'clusters', (e) => {
      const f = e.features?.[0];
      if (f) map.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom: Math.min(map.getZoom() + 2, 16) });
    });
    map.on('click', 'points', (e) => {
      const f = e.features?.[0];
      if (f) setSelected({ kind: 'case', number: String(f.properties.number) });
    });
    for (const layer of ['clusters', 'points']) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
  }, [map, tileUrl]);

  useEffect(() => {
    if (!map?.getLayer('points-label')) return;
    // Words beside colour (超 overdue, 将 due soon), so that the light is never colour alone: a point carries its
    // word, a cluster the number of its overdue (or else due-soon) cases under its count.
    const second = (key: 'map.clusterOver' | 'map.clusterDue', sum: string) => {
      const [before, after = ''] = t(key).split('{n}');
      return ['format', ['to-string', ['get', 'point_count_abbreviated']], {}, '\n', {}, ['concat', before, ['to-string', ['get', sum]], after], { 'font-scale': 0.8 }];
    };
    map.setLayoutProperty('points-label', 'text-field', ['match', ['get', 'light'], 2, t('map.pointOver'), 1, t('map.pointDue'), '']);
    map.setLayoutProperty('cluster-count', 'text-field', [
      'case',
      ['>', ['get', 'red'], 0],
      second('map.clusterOver', 'red'),
      ['>', ['get', 'yellow'], 0],
      second('map.clusterDue', 'yellow'),
      ['to-string', ['get', 'point_count_abbreviated']],
    ] as never);
  }, [map, lang, t, tileUrl]);

  // Inspectors: a labelled marker each (grey and marked 信号中断 when the last position is old).
  const inspectors = seesPositions && showInspectors ? (positions.data?.items ?? []) : [];
  useEffect(() => {
    if (!map) return;
    (map.getSource('inspectors') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: inspectors.map((p) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
        properties: { userId: p.userId, label: p.stale ? `${p.displayName}\n${t('map.inspectorStale')}` : p.displayName, stale: p.stale ? 1 : 0 },
      })),
    });
    if (map.getLayer('inspectors')) return;
    map.addLayer({
      id: 'inspectors',
      type: 'circle',
      source: 'inspectors',
      paint: {
        'circle-color': ['case', ['==', ['get', 'stale'], 1], NONE_COLOR, INSPECTOR_COLOR],
        'circle-radius': 10,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
      },
    });
    map.addLayer({
      id: 'inspectors-label',
      type: 'symbol',
      source: 'inspectors',
      layout: {
        'text-field': ['get', 'label'],
        'text-font': MAP_FONT,
        'text-size': 12,
        'text-offset': [0, 1.5],
        'text-anchor': 'top',
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#1f2d3d', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    });
    map.addLayer({
      id: 'inspectors-icon',
      type: 'symbol',
      source: 'inspectors',
      layout: { 'text-field': t('map.inspectorIcon'), 'text-font': MAP_FONT, 'text-size': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    });
    map.on('click', 'inspectors', (e) => {
      const f = e.features?.[0];
      if (f) setSelected({ kind: 'inspector', userId: String(f.properties.userId) });
    });
    map.on('mouseenter', 'inspectors', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'inspectors', () => (map.getCanvas().style.cursor = ''));
  }, [map, inspectors, t]);
  useEffect(() => {
    if (map?.getLayer('inspectors-icon')) map.setLayoutProperty('inspectors-icon', 'text-field', t('map.inspectorIcon'));
  }, [map, t]);

  const setF = (patch: Partial<MapFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const s = summary.data;
  const staleCount = inspectors.filter((p) => p.stale).length;
  const selectedInspector = selected?.kind === 'inspector' ? inspectors.find((p) => p.userId === selected.userId) : undefined;

  return (
    <div className="wg-command-map">
      <MapView
        name="command"
        ariaLabel={t('map.label')}
        onReady={onReady}
        layers={layers}
        className="wg-command-map-canvas"
        fitPadding={{ top: 24, bottom: 24, left: 330, right: 24 }}
        captionPosition="bottom-right"
      />
      <aside className="wg-map-panel" aria-label={t('map.filters')}>
        <div className="wg-map-panel-head">
          <h1 className="wg-page-title">{t('map.title')}</h1>
          <Tooltip title={t('common.refresh')}>
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void summary.refetch()} loading={summary.isFetching} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        {summary.isError ? <Alert type="error" showIcon title={errorText(summary.error, lang)} /> : null}
        <div className="wg-map-stats" data-testid="map-count" data-total={s?.total ?? ''} data-visible={s?.visible ?? ''} data-version={s?.version ?? ''}>
          <div className="wg-map-stat-main">{s ? t('map.showing', { n: s.visible.toLocaleString(), total: s.total.toLocaleString() }) : t('common.loading')}</div>
          <div className="wg-map-legend">
            {(['red', 'yellow', 'green', 'none'] as const).map((l) => (
              <span key={l} className="wg-legend-item">
                <span className="wg-legend-dot" style={{ background: l === 'none' ? NONE_COLOR : LIGHT_COLORS[l].fg }} aria-hidden />
                {t(`light.${l}` as const)} {(s?.lights[l] ?? 0).toLocaleString()}
              </span>
            ))}
          </div>
          {s ? (
            <Typography.Text type="secondary" className="wg-map-updated">
              {t('map.updated', { time: fmtDateTime(s.dataAt) })}
              {changes ? ` · ${t('map.changes', { n: changes })}` : ''}
            </Typography.Text>
          ) : null}
        </div>
        <Divider className="wg-divider" />
        <div className="wg-map-filters">
          <span className="wg-filter-label" id="map-lights-label">
            {t('col.timeLeft')}
          </span>
          <Checkbox.Group
            aria-labelledby="map-lights-label"
            value={filter.lights}
            onChange={(v) => setF({ lights: v as MapLight[] })}
            options={ALL_LIGHTS.map((l) => ({ value: l, label: t(`light.${l}` as const) }))}
          />
          <label className="wg-filter-label" htmlFor="map-kind">
            {t('search.kind')}
          </label>
          <Select
            id="map-kind"
            allowClear
            value={filter.kind}
            onChange={(kind) => setF({ kind, classKey: undefined })}
            placeholder={t('common.all')}
            options={(['matter', 'component'] as const).map((k) => ({ value: k, label: pick(KIND_LABELS[k]) }))}
          />
          <label className="wg-filter-label" htmlFor="map-class">
            {t('col.class')}
          </label>
          <ClassPicker id="map-class" kind={filter.kind} allowClear value={filter.classKey} onChange={(classKey) => setF({ classKey })} />
          <label className="wg-filter-label" htmlFor="map-street">
            {t('geo.street')}
          </label>
          <Select
            id="map-street"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filter.streetCode}
            onChange={(streetCode) => setF({ streetCode })}
            placeholder={t('common.all')}
            options={(streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }))}
          />
          <label className="wg-filter-label" htmlFor="map-source">
            {t('col.source')}
          </label>
          <Select id="map-source" allowClear value={filter.source} onChange={(source) => setF({ source })} placeholder={t('common.all')} options={SOURCES.map((x) => ({ value: x, label: pick(SOURCE_LABELS[x]) }))} />
          <label className="wg-filter-label" htmlFor="map-state">
            {t('col.state')}
          </label>
          <Select
            id="map-state"
            mode="multiple"
            allowClear
            value={filter.states}
            onChange={(states) => setF({ states })}
            placeholder={t('common.all')}
            maxTagCount="responsive"
            options={OPEN_STATES.map((x) => ({ value: x, label: pick(STATE_LABELS[x]) }))}
          />
          <Checkbox checked={!!filter.urgentOnly} onChange={(e) => setF({ urgentOnly: e.target.checked })}>
            {t('map.urgentOnly')}
          </Checkbox>
        </div>
        <Divider className="wg-divider" />
        <div className="wg-map-layers">
          <span className="wg-filter-label">{t('map.layers')}</span>
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
          {seesPositions ? (
            <>
              <div className="wg-layer-row">
                <Switch size="small" checked={showInspectors} onChange={setShowInspectors} id="layer-inspectors" loading={positions.isFetching && !positions.data} />
                <label htmlFor="layer-inspectors">{t('map.layerInspectors')}</label>
              </div>
              {showInspectors && positions.data ? (
                <Typography.Text type="secondary" className="wg-hint" data-testid="inspector-count" data-count={inspectors.length}>
                  {!inspectors.length
                    ? t('map.inspectorsNone')
                    : t(staleCount ? 'map.inspectorsOnDutyStale' : 'map.inspectorsOnDuty', { n: inspectors.length, stale: staleCount })}
                </Typography.Text>
              ) : null}
              {positions.isError ? <Alert type="error" showIcon title={errorText(positions.error, lang)} /> : null}
            </>
          ) : null}
        </div>
      </aside>
      {selected?.kind === 'case' ? <CaseCard number={selected.number} onClose={() => setSelected(null)} /> : null}
      {selectedInspector ? <InspectorCard key={selectedInspector.userId} p={selectedInspector} map={map} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}
