// Components (部件): the register on a map by class (vector tiles, clustered) and in a list with filters; a component's
// attributes (GB/T 47678.5-2026) and its history; editing; census import (CSV/xlsx/GeoJSON, 16-digit legacy codes);
// export; raising a case about a component, which then waits in the intake operators' queue.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Drawer, Dropdown, Form, Input, InputNumber, Modal, Result, Select, Space, Table, Tag, Timeline, Typography, Upload, type TableColumnsType } from 'antd';
import { AlertOutlined, DownloadOutlined, EditOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { SOURCES } from '../../../../src/domain/workflow/states';
import { api } from '../../shared/api';
import { SOURCE_LABELS } from '../../shared/labels';
import { MapView, useGeo } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { fmtDateTime } from '../../shared/time';
import type { CaseDetail, CaseSource } from '../../shared/types';
import { ClassPicker } from '../common/ClassPicker';
import { apiErrorText, KEYS, uploadForm, useBdMutation } from './data';
import { CrsFields, crsFields, type CrsChoice } from './ImportSection';
import { useBdI18n, type BdKey } from './messages';
import type { CaseDefaults, CensusResult, Component, ComponentDetail, ComponentEvent, ComponentPatch, ComponentState } from './types';

const STATES: ComponentState[] = ['intact', 'damaged', 'lost', 'abandoned', 'removed'];
export const STATE_COLOURS: Record<ComponentState, string> = { intact: '#2f9e5b', damaged: '#e0a21b', lost: '#d64545', abandoned: '#8c96a3', removed: '#5b6b7f' };
const DATA_SOURCES = ['实测', '地形图', '基础地理数据', '其他'];
const PAGE = 15;

export function StateTag({ state }: { state: ComponentState }) {
  const { t } = useBdI18n();
  return (
    <span className="wg-bd-state" data-state={state}>
      <i style={{ background: STATE_COLOURS[state] }} aria-hidden />
      {t(`bd.state.${state}` as BdKey)}
    </span>
  );
}

function useComponent(id: string | null) {
  return useQuery({ queryKey: [...KEYS.components, 'one', id], queryFn: () => api<ComponentDetail>(`/api/components/${id}`), enabled: !!id });
}

interface Filters {
  cls?: string;
  state?: ComponentState;
  area?: string;
  q?: string;
}

/** The tiles of one class or all; `rev` changes after an edit here, so that the browser does not show its cached tiles. */
const tileUrl = (cls?: string, rev = 0) => {
  const qs = new URLSearchParams({ ...(cls ? { class: cls } : {}), ...(rev ? { v: String(rev) } : {}) }).toString();
  return `${window.location.origin}/api/tiles/components/{z}/{x}/{y}.pbf${qs ? `?${qs}` : ''}`;
};

export default function ComponentsSection() {
  const { t } = useBdI18n();
  const streets = useGeo('streets');
  const communities = useGeo('communities');
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [map, setMap] = useState<MapInstance | null>(null);
  const [tileRev, setTileRev] = useState(0);
  const query = { class: filters.cls, state: filters.state, grid: filters.area, q: filters.q };
  const list = useQuery({
    queryKey: [...KEYS.components, 'list', query, page],
    queryFn: () => api<{ total: number; items: Component[] }>('/api/components', { query: { ...query, limit: PAGE, offset: (page - 1) * PAGE } }),
    placeholderData: (prev) => prev,
  });
  const set = (f: Partial<Filters>) => {
    setFilters((x) => ({ ...x, ...f }));
    setPage(1);
  };

  const areaOptions = useMemo(
    () => [
      ...(streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: `${f.properties.name}` })),
      ...(communities.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: `· ${f.properties.name}` })),
    ],
    [streets.data, communities.data],
  );

  const onReady = useCallback((m: MapInstance) => {
    m.addSource('components', { type: 'vector', tiles: [tileUrl()], minzoom: 0, maxzoom: 18 });
    m.addLayer({
      id: 'components-cluster',
      type: 'circle',
      source: 'components',
      'source-layer': 'components',
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': '#3b6fb6',
        'circle-opacity': 0.85,
        'circle-radius': ['step', ['get', 'point_count'], 11, 50, 15, 500, 20, 5000, 26],
        'circle-stroke-color': ['case', ['>', ['get', 'broken'], 0], '#e0a21b', '#ffffff'],
        'circle-stroke-width': ['case', ['>', ['get', 'broken'], 0], 3, 1.5],
      },
    });
    m.addLayer({
      id: 'components-cluster-count',
      type: 'symbol',
      source: 'components',
      'source-layer': 'components',
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    });
    m.addLayer({
      id: 'components-point',
      type: 'circle',
      source: 'components',
      'source-layer': 'components',
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': ['match', ['get', 'state'], ...STATES.flatMap((s) => [s, STATE_COLOURS[s]]), '#3b6fb6'] as unknown as string,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 3.5, 18, 7],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    });
    m.on('click', 'components-point', (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (id) setOpen(String(id));
    });
    m.on('click', 'components-cluster', (e) => m.easeTo({ center: e.lngLat, zoom: Math.min(m.getZoom() + 2, 18) }));
    // The open component: a ring around it, so that it can be found while its details are shown.
    m.addSource('component-selected', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({ id: 'component-selected', type: 'circle', source: 'component-selected', paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1f2d3d', 'circle-stroke-width': 3 } });
    for (const l of ['components-point', 'components-cluster']) {
      m.on('mouseenter', l, () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', l, () => (m.getCanvas().style.cursor = ''));
    }
    setMap(m);
  }, []);

  // The map shows the class chosen in the filter (the tiles are built per class on the server).
  useEffect(() => {
    const src = map?.getSource('components') as { setTiles?: (t: string[]) => void } | undefined;
    src?.setTiles?.([tileUrl(filters.cls && filters.cls.length === 5 ? filters.cls : undefined, tileRev)]);
  }, [map, filters.cls, tileRev]);

  const selected = useComponent(open);
  useEffect(() => {
    const src = map?.getSource('component-selected') as { setData(d: GeoJSON.FeatureCollection): void } | undefined;
    const c = selected.data;
    src?.setData({ type: 'FeatureCollection', features: c ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lng, c.lat] }, properties: {} }] : [] });
    if (map && c && (!map.getBounds().contains([c.lng, c.lat]) || map.getZoom() < 16)) map.flyTo({ center: [c.lng, c.lat], zoom: 17.5, duration: 400 });
  }, [map, selected.data]);

  const columns: TableColumnsType<Component> = [
    { title: t('bd.comp.id'), dataIndex: 'id', width: 165, render: (v: string) => <code>{v}</code> },
    { title: t('bd.comp.name'), dataIndex: 'name', ellipsis: true },
    { title: t('bd.comp.state'), dataIndex: 'state', width: 80, render: (s: ComponentState) => <StateTag state={s} /> },
    { title: t('bd.col.community'), dataIndex: 'communityName', width: 110, ellipsis: true },
  ];

  const exportItems = (['csv', 'geojson'] as const).map((f) => {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]).toString();
    return { key: f, label: <a href={`/api/components/export.${f}${qs ? `?${qs}` : ''}`} download>{t(`bd.export.${f}` as BdKey)}</a> };
  });

  return (
    <section aria-label={t('bd.tab.components')} className="wg-bd-split">
      <div className="wg-bd-side">
        <div className="wg-bd-toolbar">
          <ClassPicker kind="component" allowClear placeholder={t('bd.comp.class')} value={filters.cls ? `component:${filters.cls}` : undefined} onChange={(v) => set({ cls: v?.split(':')[1] })} style={{ width: 200 }} />
          <Select allowClear placeholder={t('bd.comp.state')} aria-label={t('bd.comp.state')} value={filters.state} onChange={(v) => set({ state: v })} options={STATES.map((s) => ({ value: s, label: t(`bd.state.${s}` as BdKey) }))} style={{ width: 100 }} />
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('bd.comp.area')} aria-label={t('bd.comp.area')} value={filters.area} onChange={(v) => set({ area: v })} options={areaOptions} style={{ width: 150 }} />
        </div>
        <div className="wg-bd-toolbar">
          <Input.Search allowClear placeholder={t('bd.comp.search')} aria-label={t('bd.search')} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 210 }} data-testid="component-search" />
          <Space wrap className="wg-bd-toolbar-end">
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('bd.comp.import')}
            </Button>
            <Dropdown menu={{ items: exportItems }} trigger={['click']}>
              <Button icon={<DownloadOutlined />}>{t('bd.export')}</Button>
            </Dropdown>
          </Space>
        </div>
        <Table<Component>
          rowKey="id"
          size="small"
          className="wg-bd-table"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          rowClassName={(r) => (open === r.id ? 'wg-bd-row-selected' : '')}
          onRow={(r) => ({
            onClick: () => setOpen(r.id),
            style: { cursor: 'pointer' },
          })}
          pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('bd.total', { n }), size: 'small' }}
          data-testid="component-table"
        />
      </div>
      <div className="wg-bd-mapbox">
        <MapView name="components" ariaLabel={t('bd.comp.map')} onReady={onReady} layers={{ streets: true, communities: true, grids: false }} className="wg-bd-map" />
        <div className="wg-bd-legend" aria-label={t('bd.legend')}>
          {STATES.map((s) => (
            <StateTag key={s} state={s} />
          ))}
          <span>
            <i className="wg-bd-swatch wg-bd-swatch-cluster" /> {t('bd.comp.cluster')}
          </span>
        </div>
      </div>
      {open ? <ComponentDrawer id={open} onClose={() => setOpen(null)} onChanged={() => setTileRev(Date.now())} /> : null}
      {importing ? <CensusDialog onClose={() => setImporting(false)} onChanged={() => setTileRev(Date.now())} /> : null}
    </section>
  );
}

const ACTION_KEYS: Record<string, BdKey> = { import: 'bd.hist.import', create: 'bd.hist.create', update: 'bd.hist.update', case_reported: 'bd.hist.case_reported', case_closed: 'bd.hist.case_closed' };
const FIELD_KEYS: Record<string, BdKey> = {
  name: 'bd.comp.name',
  deptCode: 'bd.comp.deptCode',
  deptName: 'bd.comp.deptName',
  gridCode: 'bd.comp.grid',
  state: 'bd.comp.state',
  initialDate: 'bd.comp.initialDate',
  changeDate: 'bd.comp.changeDate',
  ownerUnit: 'bd.comp.owner',
  maintenanceUnit: 'bd.comp.maintainer',
  dataSource: 'bd.comp.dataSource',
  note: 'bd.comp.note',
  lng: 'bd.comp.lng',
  lat: 'bd.comp.lat',
};

function HistoryItem({ e }: { e: ComponentEvent }) {
  const { t } = useBdI18n();
  const show = (k: string, v: unknown) => (v === null || v === undefined || v === '' ? '—' : k === 'state' ? t(`bd.state.${v}` as BdKey) : String(v));
  return (
    <div className="wg-bd-hist">
      <div>
        <b>{t(ACTION_KEYS[e.action] ?? 'bd.hist.update')}</b> <span className="wg-bd-hist-at">{fmtDateTime(e.at)}</span>
        {e.actorName ? <span className="wg-bd-hist-by"> · {e.actorName}</span> : null}
      </div>
      {e.fromState !== e.toState && e.toState ? (
        <div>
          {t('bd.comp.state')}：{e.fromState ? `${show('state', e.fromState)} → ` : ''}
          {show('state', e.toState)}
        </div>
      ) : null}
      {e.caseNumber ? (
        <div>
          {t('bd.hist.case')}：<Link to={`/cases/${e.caseNumber}`}>{e.caseNumber}</Link>
        </div>
      ) : null}
      {e.changes
        ? Object.entries(e.changes)
            .filter(([k]) => k !== 'state')
            .map(([k, [b, a]]) => (
              <div key={k} className="wg-bd-hist-change">
                {t(FIELD_KEYS[k] ?? 'bd.comp.note')}：<s>{show(k, b)}</s> → {show(k, a)}
              </div>
            ))
        : null}
      {e.note && !e.caseNumber ? <div className="wg-bd-hist-note">{e.note}</div> : null}
    </div>
  );
}

function ComponentDrawer({ id, onClose, onChanged }: { id: string; onClose(): void; onChanged(): void }) {
  const { t, lang } = useBdI18n();
  const c = useComponent(id);
  const [editing, setEditing] = useState(false);
  const [raising, setRaising] = useState(false);
  const d = c.data;
  const v = (x: string | null | undefined) => x || '—';
  return (
    <Drawer
      open
      onClose={onClose}
      size={560}
      // On the left and without a mask: the map on the right keeps showing where the component is.
      placement="left"
      mask={false}
      title={d ? `${d.name}` : t('bd.comp.one')}
      data-testid="component-drawer"
      extra={
        d ? (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('bd.edit')}
            </Button>
            <Button type="primary" danger icon={<AlertOutlined />} onClick={() => setRaising(true)} disabled={d.state === 'removed'}>
              {t('bd.comp.raiseCase')}
            </Button>
          </Space>
        ) : null
      }
    >
      {c.isError ? <Alert type="error" showIcon title={apiErrorText(c.error, lang)} /> : null}
      {d ? (
        <>
          <Descriptions
            size="small"
            bordered
            column={1}
            className="wg-bd-attrs"
            data-testid="component-attrs"
            items={[
              { key: 'id', label: t('bd.comp.id'), children: <code>{d.id}</code> },
              ...(d.legacyId ? [{ key: 'legacy', label: t('bd.comp.legacyId'), children: <code>{d.legacyId}</code> }] : []),
              { key: 'class', label: t('bd.comp.class'), children: `${d.classCode} ${d.className ?? ''}` },
              { key: 'name', label: t('bd.comp.name'), children: d.name },
              { key: 'deptCode', label: t('bd.comp.deptCode'), children: <code>{d.deptCode}</code> },
              { key: 'deptName', label: t('bd.comp.deptName'), children: d.deptName },
              { key: 'grid', label: t('bd.comp.grid'), children: <code>{d.gridCode}</code> },
              { key: 'state', label: t('bd.comp.state'), children: <StateTag state={d.state} /> },
              { key: 'initial', label: t('bd.comp.initialDate'), children: d.initialDate },
              { key: 'change', label: t('bd.comp.changeDate'), children: v(d.changeDate) },
              { key: 'owner', label: t('bd.comp.owner'), children: v(d.ownerUnit) },
              { key: 'maint', label: t('bd.comp.maintainer'), children: v(d.maintenanceUnit) },
              { key: 'src', label: t('bd.comp.dataSource'), children: v(d.dataSource) },
              { key: 'note', label: t('bd.comp.note'), children: v(d.note) },
              { key: 'street', label: t('bd.comp.street'), children: d.streetCode ? `${v(d.streetName)} ${d.streetCode}` : '—' },
              { key: 'community', label: t('bd.comp.community'), children: d.communityCode ? `${v(d.communityName)} ${d.communityCode}` : '—' },
              { key: 'pos', label: t('bd.comp.position'), children: `${d.lng.toFixed(6)}, ${d.lat.toFixed(6)}（WGS84）` },
            ]}
          />
          <Typography.Title level={5} className="wg-bd-h">
            {t('bd.comp.history')}
          </Typography.Title>
          <Timeline items={d.events.map((e, i) => ({ key: i, color: e.action.startsWith('case') ? 'red' : 'blue', content: <HistoryItem e={e} /> }))} data-testid="component-history" />
        </>
      ) : null}
      {editing && d ? <ComponentEditDialog c={d} onClose={() => setEditing(false)} onChanged={onChanged} /> : null}
      {raising && d ? <RaiseCaseDialog c={d} onClose={() => setRaising(false)} onChanged={onChanged} /> : null}
    </Drawer>
  );
}

type EditForm = Required<Pick<ComponentPatch, 'name' | 'deptCode' | 'deptName' | 'state' | 'initialDate'>> & {
  changeDate?: string;
  ownerUnit?: string;
  maintenanceUnit?: string;
  dataSource?: string;
  note?: string;
  lng: number;
  lat: number;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function ComponentEditDialog({ c, onClose, onChanged }: { c: ComponentDetail; onClose(): void; onChanged(): void }) {
  const { t, lang } = useBdI18n();
  const [form] = Form.useForm<EditForm>();
  const save = useBdMutation({
    mutationFn: (f: EditForm) => {
      const after: Record<string, unknown> = {
        name: f.name,
        deptCode: f.deptCode,
        deptName: f.deptName,
        state: f.state,
        initialDate: f.initialDate,
        changeDate: f.changeDate || null,
        ownerUnit: f.ownerUnit || null,
        maintenanceUnit: f.maintenanceUnit || null,
        dataSource: f.dataSource || null,
        note: f.note || null,
      };
      const before = c as unknown as Record<string, unknown>;
      const patch: Record<string, unknown> = Object.fromEntries(Object.entries(after).filter(([k, val]) => (before[k] ?? null) !== val));
      if (f.lng !== c.lng || f.lat !== c.lat) Object.assign(patch, { lng: f.lng, lat: f.lat });
      return api<Component>(`/api/components/${c.id}`, { method: 'PATCH', body: { ...patch, expectedVersion: c.version } });
    },
    invalidate: [KEYS.components],
    success: t('bd.saved'),
    onSuccess: () => {
      onChanged();
      onClose();
    },
    toastError: false,
  });
  return (
    <Modal open title={t('bd.comp.editTitle', { id: c.id })} onCancel={onClose} onOk={() => form.submit()} okText={t('bd.save')} confirmLoading={save.isPending} destroyOnHidden width={680}>
      {save.error ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(save.error, lang)} /> : null}
      <Form<EditForm>
        form={form}
        layout="vertical"
        name="bd-component"
        initialValues={{ ...c, changeDate: c.changeDate ?? undefined, ownerUnit: c.ownerUnit ?? undefined, maintenanceUnit: c.maintenanceUnit ?? undefined, dataSource: c.dataSource ?? undefined, note: c.note ?? undefined }}
        onFinish={(f) => save.mutate(f)}
      >
        <div className="wg-bd-form-row">
          <Form.Item name="name" label={t('bd.comp.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('bd.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="state" label={t('bd.comp.state')} extra={t('bd.comp.stateHint')}>
            <Select options={STATES.map((s) => ({ value: s, label: t(`bd.state.${s}` as BdKey) }))} data-testid="component-state" />
          </Form.Item>
        </div>
        <div className="wg-bd-form-row">
          <Form.Item name="deptCode" label={t('bd.comp.deptCode')} rules={[{ required: true, whitespace: true, max: 40, message: t('bd.required') }]}>
            <Input className="wg-mono" />
          </Form.Item>
          <Form.Item name="deptName" label={t('bd.comp.deptName')} rules={[{ required: true, whitespace: true, max: 100, message: t('bd.required') }]}>
            <Input />
          </Form.Item>
        </div>
        <div className="wg-bd-form-row">
          <Form.Item name="initialDate" label={t('bd.comp.initialDate')} rules={[{ required: true, pattern: DATE, message: t('bd.dateFormat') }]}>
            <Input placeholder="2024-05-01" />
          </Form.Item>
          <Form.Item name="changeDate" label={t('bd.comp.changeDate')} rules={[{ pattern: DATE, message: t('bd.dateFormat') }]}>
            <Input placeholder="2026-07-01" />
          </Form.Item>
        </div>
        <div className="wg-bd-form-row">
          <Form.Item name="ownerUnit" label={t('bd.comp.owner')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="maintenanceUnit" label={t('bd.comp.maintainer')}>
            <Input maxLength={100} data-testid="component-maintainer" />
          </Form.Item>
        </div>
        <div className="wg-bd-form-row">
          <Form.Item name="dataSource" label={t('bd.comp.dataSource')}>
            <Select allowClear options={DATA_SOURCES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item label={t('bd.comp.position')} extra={t('bd.comp.positionHint')}>
            <Space.Compact>
              <Form.Item name="lng" noStyle rules={[{ required: true }]}>
                <InputNumber step={0.00001} aria-label={t('bd.comp.lng')} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="lat" noStyle rules={[{ required: true }]}>
                <InputNumber step={0.00001} aria-label={t('bd.comp.lat')} style={{ width: 130 }} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </div>
        <Form.Item name="note" label={t('bd.comp.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RaiseForm {
  source: CaseSource;
  description: string;
  locationText: string;
  urgent: boolean;
}

/** Raises a case about the component: its class, position and place are taken from the register. */
function RaiseCaseDialog({ c, onClose, onChanged }: { c: ComponentDetail; onClose(): void; onChanged(): void }) {
  const { t, lang, pick } = useBdI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<RaiseForm>();
  const [key] = useState(() => crypto.randomUUID());
  const defaults = useQuery({ queryKey: [...KEYS.components, 'case-defaults', c.id], queryFn: () => api<CaseDefaults>(`/api/components/${c.id}/case-defaults`) });
  const raise = useBdMutation({
    mutationFn: (f: RaiseForm) => {
      const d = defaults.data!;
      return api<CaseDetail>('/api/cases', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: { source: f.source, kind: 'component', classCode: d.classCode, lng: d.lng, lat: d.lat, crs: 'WGS84', locationText: f.locationText, description: f.description, urgency: f.urgent ? 'urgent' : 'normal', componentId: c.id },
      });
    },
    invalidate: [KEYS.components, ['queues']],
    toastError: false,
    onSuccess: () => {
      onChanged();
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  if (raise.data) {
    return (
      <Modal open title={t('bd.comp.raiseCase')} onCancel={onClose} footer={<Button onClick={onClose}>{t('bd.close')}</Button>}>
        <Result
          status="success"
          title={t('bd.comp.caseRaised', { number: raise.data.number })}
          subTitle={t('bd.comp.caseRaisedHint')}
          extra={
            <Link to={`/cases/${raise.data.id}`}>
              <Button type="primary">{t('bd.comp.openCase')}</Button>
            </Link>
          }
          data-testid="case-raised"
        />
      </Modal>
    );
  }
  return (
    <Modal open title={t('bd.comp.raiseCaseTitle', { name: c.name })} onCancel={onClose} onOk={() => form.submit()} okText={t('bd.comp.raiseSubmit')} confirmLoading={raise.isPending} okButtonProps={{ disabled: !defaults.data }} destroyOnHidden width={600}>
      {raise.error ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(raise.error, lang)} /> : null}
      <Typography.Paragraph type="secondary">{t('bd.comp.raiseHint', { id: c.id, cls: `${c.classCode} ${c.className ?? ''}` })}</Typography.Paragraph>
      {defaults.data ? (
        <Form<RaiseForm> form={form} layout="vertical" name="bd-raise" initialValues={{ locationText: defaults.data.locationText, urgent: false }} onFinish={(f) => raise.mutate(f)}>
          <Form.Item name="source" label={t('bd.comp.caseSource')} rules={[{ required: true, message: t('bd.comp.caseSourceNeeded') }]}>
            <Select options={SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s]) }))} placeholder={t('bd.comp.caseSourcePlaceholder')} data-testid="raise-source" />
          </Form.Item>
          <Form.Item name="description" label={t('bd.comp.caseDescription')} rules={[{ required: true, whitespace: true, max: 2000, message: t('bd.required') }]}>
            <Input.TextArea rows={3} placeholder={t('bd.comp.caseDescriptionPlaceholder')} />
          </Form.Item>
          <Form.Item name="locationText" label={t('bd.comp.caseLocation')} rules={[{ required: true, whitespace: true, max: 256, message: t('bd.required') }]}>
            <Input maxLength={256} />
          </Form.Item>
          <Form.Item name="urgent" valuePropName="checked">
            <Checkbox>{t('bd.comp.caseUrgent')}</Checkbox>
          </Form.Item>
        </Form>
      ) : defaults.isError ? (
        <Alert type="error" showIcon title={apiErrorText(defaults.error, lang)} />
      ) : null}
    </Modal>
  );
}

/** Census import: check the file first (every row, with the problems listed), then import it whole. */
function CensusDialog({ onClose, onChanged }: { onClose(): void; onChanged(): void }) {
  const { t, lang } = useBdI18n();
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<CrsChoice>({ crs: 'auto', zoneWidth: 3, zonePrefix: 'auto' });
  const [checked, setChecked] = useState<CensusResult | null>(null);
  const send = (dryRun: boolean) => uploadForm<CensusResult>('/api/components/import', { file: file! }, { ...crsFields(crs), dryRun });
  const check = useBdMutation({ mutationFn: () => send(true), invalidate: [], onSuccess: setChecked, toastError: false });
  const run = useBdMutation({
    mutationFn: () => send(false),
    invalidate: [KEYS.components],
    success: (r) => t('bd.comp.imported', { added: r.added, changed: r.changed }),
    onSuccess: () => {
      onChanged();
      onClose();
    },
    toastError: false,
  });
  const err = check.error ?? run.error;
  const columns: TableColumnsType<CensusResult['problems'][number]> = [
    { title: t('bd.problem.severity'), dataIndex: 'severity', width: 70, render: (s: string) => <Tag color={s === 'error' ? 'error' : 'warning'}>{t(`bd.severity.${s}` as BdKey)}</Tag> },
    { title: t('bd.row'), dataIndex: 'row', width: 55 },
    { title: t('bd.comp.id'), dataIndex: 'id', width: 160, render: (v: string | null) => (v ? <code>{v}</code> : '—') },
    { title: t('bd.problem.message'), key: 'm', render: (_, p) => (lang === 'en' ? p.en : p.zh) },
  ];
  return (
    <Modal
      open
      title={t('bd.comp.importTitle')}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('bd.cancel')}</Button>
          <Button loading={check.isPending} disabled={!file} onClick={() => check.mutate(undefined)} data-testid="census-check">
            {t('bd.check')}
          </Button>
          <Button type="primary" loading={run.isPending} disabled={!checked || checked.errorCount > 0} onClick={() => run.mutate(undefined)} data-testid="census-import">
            {t('bd.comp.importRun')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('bd.comp.importHint')}</Typography.Paragraph>
      <Upload.Dragger
        className="wg-bd-upload"
        accept=".csv,.xlsx,.geojson,.json"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setChecked(null);
          return false;
        }}
        onRemove={() => (setFile(null), setChecked(null))}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('bd.comp.dropCensus')}</p>
      </Upload.Dragger>
      <div className="wg-bd-under">
        <Typography.Text strong>{t('bd.crs')}</Typography.Text>
        <CrsFields
          value={crs}
          onChange={(v) => {
            setCrs(v);
            setChecked(null);
          }}
        />
      </div>
      {err ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(err, lang)} /> : null}
      {checked ? (
        <div className="wg-bd-under" data-testid="census-result">
          <Alert
            type={checked.errorCount ? 'error' : 'success'}
            showIcon
            title={checked.errorCount ? t('bd.comp.checkBlocked', { n: checked.errorCount }) : t('bd.comp.checkOk')}
            description={t('bd.comp.checkCounts', { rows: checked.rows, valid: checked.valid, added: checked.added, changed: checked.changed, unchanged: checked.unchanged, legacy: checked.legacyConverted })}
          />
          {checked.problems.length ? <Table size="small" rowKey={(p) => `${p.row}:${p.field}:${p.zh}`} columns={columns} dataSource={checked.problems} pagination={{ pageSize: 6, hideOnSinglePage: true, showSizeChanger: false }} className="wg-bd-problems" /> : null}
        </div>
      ) : null}
    </Modal>
  );
}
