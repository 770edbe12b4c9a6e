// Geocoding (地理编码): try the search with Chinese text, click the map to see the 事发位置 text a point gets (nearest
// address, grid, community, street); keep the gazetteer — list, add, change, remove entries, import and export.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Dropdown, Empty, Form, Input, InputNumber, List, Modal, Popconfirm, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { AimOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, EnvironmentOutlined, InboxOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { MapView, useGeo } from '../../shared/map/MapView';
import { maplibregl, type MapInstance } from '../../shared/map/maplibre';
import { apiErrorText, KEYS, uploadForm, useBdMutation } from './data';
import { CrsFields, crsFields, type CrsChoice } from './ImportSection';
import { useBdI18n, type BdKey } from './messages';
import type { GazetteerEntry, GazetteerImportResult, GazetteerInput, GazetteerKind, Reverse } from './types';

const KINDS: GazetteerKind[] = ['street', 'community', 'road', 'place', 'address'];
const KIND_COLOURS: Record<GazetteerKind, string> = { street: 'purple', community: 'blue', road: 'cyan', place: 'green', address: 'default' };
const PAGE = 12;
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function KindTag({ kind }: { kind: GazetteerKind }) {
  const { t } = useBdI18n();
  return <Tag color={KIND_COLOURS[kind]}>{t(`bd.gz.kind.${kind}` as BdKey)}</Tag>;
}

const points = (entries: { lng: number; lat: number; name: string }[]): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: entries.map((e) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [e.lng, e.lat] }, properties: { name: e.name } })),
});

export default function GazetteerSection() {
  const { t, lang } = useBdI18n();
  const streets = useGeo('streets');
  const [map, setMap] = useState<MapInstance | null>(null);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<GazetteerKind>();
  const [streetCode, setStreetCode] = useState<string>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<GazetteerEntry | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [clicked, setClicked] = useState<[number, number] | null>(null);
  const picker = useRef<((p: [number, number]) => void) | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);

  const search = useQuery({
    queryKey: [...KEYS.gazetteer, 'search', text],
    queryFn: () => api<{ items: GazetteerEntry[] }>('/api/geocode/search', { query: { q: text, limit: 10 } }),
    enabled: text.length > 0,
  });
  const reverse = useQuery({
    queryKey: [...KEYS.gazetteer, 'reverse', clicked],
    queryFn: () => api<Reverse>('/api/geocode/reverse', { query: { lng: clicked![0], lat: clicked![1] } }),
    enabled: !!clicked,
    retry: false,
  });
  const list = useQuery({
    queryKey: [...KEYS.gazetteer, 'list', kind, streetCode, q, page],
    queryFn: () => api<{ total: number; items: GazetteerEntry[] }>('/api/geocode/gazetteer', { query: { kind, streetCode, q: q || undefined, limit: PAGE, offset: (page - 1) * PAGE } }),
    placeholderData: (prev) => prev,
  });

  const onReady = useCallback((m: MapInstance) => {
    m.addSource('gz-list', { type: 'geojson', data: EMPTY });
    m.addSource('gz-hits', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'gz-list', type: 'circle', source: 'gz-list', paint: { 'circle-radius': 4, 'circle-color': '#5b6b7f', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
    m.addLayer({ id: 'gz-hits', type: 'circle', source: 'gz-hits', paint: { 'circle-radius': 7, 'circle-color': '#1d4f91', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    m.addLayer({ id: 'gz-hits-label', type: 'symbol', source: 'gz-hits', layout: { 'text-field': ['get', 'name'], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top' }, paint: { 'text-color': '#123a6b', 'text-halo-color': '#fff', 'text-halo-width': 1.5 } });
    m.on('click', (e) => {
      const p: [number, number] = [Math.round(e.lngLat.lng * 1e7) / 1e7, Math.round(e.lngLat.lat * 1e7) / 1e7];
      if (picker.current) {
        picker.current(p);
        picker.current = null;
        m.getCanvas().style.cursor = '';
        return;
      }
      setClicked(p);
    });
    setMap(m);
  }, []);

  useEffect(() => {
    (map?.getSource('gz-list') as { setData(d: unknown): void } | undefined)?.setData(points(list.data?.items ?? []));
  }, [map, list.data]);
  useEffect(() => {
    const hits = search.data?.items ?? [];
    (map?.getSource('gz-hits') as { setData(d: unknown): void } | undefined)?.setData(points(hits));
    if (map && hits.length) {
      const xs = hits.map((h) => h.lng);
      const ys = hits.map((h) => h.lat);
      map.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], { padding: 80, maxZoom: 17, duration: 300 });
    }
  }, [map, search.data]);
  useEffect(() => {
    if (!map) return;
    marker.current?.remove();
    marker.current = clicked ? new maplibregl.Marker({ color: '#d64545' }).setLngLat(clicked).addTo(map) : null;
  }, [map, clicked]);

  const flyTo = (e: { lng: number; lat: number }) => map?.flyTo({ center: [e.lng, e.lat], zoom: 17, duration: 400 });
  const remove = useBdMutation({
    mutationFn: (id: number) => api(`/api/geocode/gazetteer/${id}`, { method: 'DELETE' }),
    invalidate: [KEYS.gazetteer],
    success: t('bd.deleted'),
  });

  const columns: TableColumnsType<GazetteerEntry> = [
    { title: t('bd.gz.kind'), dataIndex: 'kind', width: 70, render: (k: GazetteerKind) => <KindTag kind={k} /> },
    { title: t('bd.col.name'), dataIndex: 'name', render: (n: string, e) => <>{n} {e.generated ? <Tag className="wg-bd-gen">{t('bd.generated')}</Tag> : null}</> },
    { title: t('bd.col.community'), key: 'area', width: 140, ellipsis: true, render: (_, e) => [e.streetName, e.communityName].filter(Boolean).join(' ') || '—' },
    {
      title: t('bd.actions'),
      key: 'a',
      width: 96,
      render: (_, e) => (
        <Space size={0}>
          <Button size="small" type="text" icon={<EditOutlined />} onClick={(ev) => (ev.stopPropagation(), setEditing(e))} aria-label={`${t('bd.edit')} ${e.name}`} />
          <Popconfirm title={t('bd.gz.deleteConfirm', { name: e.name })} okText={t('bd.delete')} cancelText={t('bd.cancel')} onConfirm={() => remove.mutate(e.id)}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={(ev) => ev.stopPropagation()} aria-label={`${t('bd.delete')} ${e.name}`} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const exportItems = (['csv', 'geojson'] as const).map((f) => {
    const qs = new URLSearchParams(Object.entries({ kind, streetCode, q }).filter(([, v]) => v) as [string, string][]).toString();
    return { key: f, label: <a href={`/api/geocode/gazetteer/export.${f}${qs ? `?${qs}` : ''}`} download>{t(`bd.export.${f}` as BdKey)}</a> };
  });

  return (
    <section aria-label={t('bd.tab.gazetteer')} className="wg-bd-split">
      <div className="wg-bd-side">
        <Card size="small" title={t('bd.gz.tester')} className="wg-bd-card">
          <Input.Search placeholder={t('bd.gz.searchPlaceholder')} enterButton={t('bd.gz.searchButton')} allowClear onSearch={(v) => setText(v.trim())} aria-label={t('bd.gz.tester')} data-testid="gz-search" />
          {text ? (
            <List
              size="small"
              className="wg-bd-hits"
              loading={search.isFetching}
              locale={{ emptyText: t('bd.gz.noHits') }}
              dataSource={search.data?.items ?? []}
              data-testid="gz-hits"
              renderItem={(e) => (
                <List.Item onClick={() => flyTo(e)} className="wg-bd-hit">
                  <KindTag kind={e.kind} /> <b>{e.name}</b>
                  <span className="wg-bd-hit-area">{[e.streetName, e.communityName].filter(Boolean).join(' ')}</span>
                  {e.generated ? <Tag className="wg-bd-gen">{t('bd.generated')}</Tag> : null}
                </List.Item>
              )}
            />
          ) : null}
          <div className="wg-bd-reverse" data-testid="gz-reverse">
            {!clicked ? (
              <Typography.Text type="secondary">
                <EnvironmentOutlined /> {t('bd.gz.clickMap')}
              </Typography.Text>
            ) : reverse.isError ? (
              <Alert type="warning" showIcon title={apiErrorText(reverse.error, lang)} />
            ) : reverse.data ? (
              <>
                <div className="wg-bd-location-label">{t('bd.gz.locationText')}</div>
                <div className="wg-bd-location" data-testid="gz-location-text">
                  {reverse.data.locationText}
                </div>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'g', label: t('bd.layer1.grids'), children: <code>{reverse.data.gridCode}</code> },
                    { key: 'c', label: t('bd.layer1.communities'), children: `${reverse.data.communityName} ${reverse.data.communityCode}` },
                    { key: 's', label: t('bd.layer1.streets'), children: `${reverse.data.streetName} ${reverse.data.streetCode}` },
                    {
                      key: 'a',
                      label: t('bd.gz.nearest'),
                      children: reverse.data.address ? t('bd.gz.nearestText', { name: reverse.data.address.name, m: reverse.data.address.distanceM, dir: lang === 'en' ? reverse.data.address.direction : reverse.data.address.directionZh }) : t('bd.gz.noneNear'),
                    },
                    { key: 'p', label: t('bd.comp.position'), children: `${clicked[0].toFixed(6)}, ${clicked[1].toFixed(6)}` },
                  ]}
                />
              </>
            ) : null}
          </div>
        </Card>
        <div className="wg-bd-toolbar">
          <Select allowClear placeholder={t('bd.gz.kind')} aria-label={t('bd.gz.kind')} value={kind} onChange={(v) => (setKind(v), setPage(1))} options={KINDS.map((k) => ({ value: k, label: t(`bd.gz.kind.${k}` as BdKey) }))} style={{ width: 96 }} />
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('bd.filter.street')} aria-label={t('bd.filter.street')} value={streetCode} onChange={(v) => (setStreetCode(v), setPage(1))} options={(streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }))} style={{ width: 130 }} />
          <Input.Search allowClear placeholder={t('bd.search.codeName')} aria-label={t('bd.search')} onSearch={(v) => (setQ(v.trim()), setPage(1))} style={{ width: 150 }} />
        </div>
        <div className="wg-bd-toolbar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('bd.gz.add')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('bd.import')}
          </Button>
          <Dropdown menu={{ items: exportItems }} trigger={['click']}>
            <Button icon={<DownloadOutlined />}>{t('bd.export')}</Button>
          </Dropdown>
        </div>
        <Table<GazetteerEntry>
          rowKey="id"
          size="small"
          className="wg-bd-table"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          onRow={(e) => ({ onClick: () => flyTo(e), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('bd.total', { n }), size: 'small' }}
          data-testid="gz-table"
        />
      </div>
      <div className="wg-bd-mapbox">
        <MapView name="gazetteer" ariaLabel={t('bd.gz.map')} onReady={onReady} layers={{ streets: true, communities: true, grids: true }} gridMinZoom={15} className="wg-bd-map" />
        <div className="wg-bd-map-hint">{t('bd.gz.mapHint')}</div>
      </div>
      {editing ? (
        <EntryDialog
          entry={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          pickOnMap={(f) => {
            picker.current = f;
            if (map) map.getCanvas().style.cursor = 'crosshair';
          }}
        />
      ) : null}
      {importing ? <GazetteerImportDialog onClose={() => setImporting(false)} /> : null}
    </section>
  );
}

type EntryForm = Omit<GazetteerInput, 'crs'>;

function EntryDialog({ entry, onClose, pickOnMap }: { entry: GazetteerEntry | null; onClose(): void; pickOnMap(f: (p: [number, number]) => void): void }) {
  const { t, lang } = useBdI18n();
  const [form] = Form.useForm<EntryForm>();
  const [hidden, setHidden] = useState(false);
  const save = useBdMutation({
    mutationFn: (v: EntryForm) =>
      entry
        ? api<GazetteerEntry>(`/api/geocode/gazetteer/${entry.id}`, { method: 'PATCH', body: { name: v.name, road: v.road || null, houseNumber: v.houseNumber || null, lng: v.lng, lat: v.lat } })
        : api<GazetteerEntry>('/api/geocode/gazetteer', { method: 'POST', body: { ...v, code: v.code || undefined, road: v.road || null, houseNumber: v.houseNumber || null } }),
    invalidate: [KEYS.gazetteer],
    success: entry ? t('bd.saved') : t('bd.created'),
    onSuccess: onClose,
    toastError: false,
  });
  const kind = Form.useWatch('kind', form);
  return (
    <Modal open={!hidden} title={entry ? t('bd.gz.editTitle', { name: entry.name }) : t('bd.gz.add')} onCancel={onClose} onOk={() => form.submit()} okText={t('bd.save')} confirmLoading={save.isPending} width={600} forceRender>
      {save.error ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(save.error, lang)} /> : null}
      <Form<EntryForm>
        form={form}
        layout="vertical"
        name="bd-gazetteer"
        initialValues={entry ? { ...entry, road: entry.road ?? undefined, houseNumber: entry.houseNumber ?? undefined } : { kind: 'place' }}
        onFinish={(v) => save.mutate(v)}
      >
        <div className="wg-bd-form-row">
          <Form.Item name="kind" label={t('bd.gz.kind')} rules={[{ required: true }]}>
            <Select disabled={!!entry} options={KINDS.map((k) => ({ value: k, label: t(`bd.gz.kind.${k}` as BdKey) }))} />
          </Form.Item>
          <Form.Item name="code" label={t('bd.col.code')} extra={entry ? undefined : t('bd.gz.codeHint')}>
            <Input disabled={!!entry} maxLength={100} className="wg-mono" />
          </Form.Item>
        </div>
        <Form.Item name="name" label={t('bd.col.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('bd.required') }]}>
          <Input placeholder={t('bd.gz.namePlaceholder')} />
        </Form.Item>
        {kind === 'address' || kind === 'road' ? (
          <div className="wg-bd-form-row">
            <Form.Item name="road" label={t('bd.gz.road')}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="houseNumber" label={t('bd.gz.houseNumber')}>
              <Input maxLength={20} placeholder="12号" />
            </Form.Item>
          </div>
        ) : null}
        <Form.Item label={t('bd.comp.position')} required extra={t('bd.gz.positionHint')}>
          <Space.Compact>
            <Form.Item name="lng" noStyle rules={[{ required: true, message: t('bd.required') }]}>
              <InputNumber step={0.00001} placeholder={t('bd.comp.lng')} aria-label={t('bd.comp.lng')} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="lat" noStyle rules={[{ required: true, message: t('bd.required') }]}>
              <InputNumber step={0.00001} placeholder={t('bd.comp.lat')} aria-label={t('bd.comp.lat')} style={{ width: 140 }} />
            </Form.Item>
            <Button
              icon={<AimOutlined />}
              onClick={() => {
                setHidden(true);
                pickOnMap((p) => {
                  form.setFieldsValue({ lng: p[0], lat: p[1] });
                  setHidden(false);
                });
              }}
            >
              {t('bd.gz.pickOnMap')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GazetteerImportDialog({ onClose }: { onClose(): void }) {
  const { t, lang } = useBdI18n();
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<CrsChoice>({ crs: 'auto', zoneWidth: 3, zonePrefix: 'auto' });
  const [checked, setChecked] = useState<GazetteerImportResult | null>(null);
  const send = (dryRun: boolean) => uploadForm<GazetteerImportResult>('/api/geocode/gazetteer/import', { file: file! }, { ...crsFields(crs), dryRun });
  const check = useBdMutation({ mutationFn: () => send(true), invalidate: [], onSuccess: setChecked, toastError: false });
  const run = useBdMutation({ mutationFn: () => send(false), invalidate: [KEYS.gazetteer], success: (r) => t('bd.gz.imported', { n: r.saved }), onSuccess: onClose, toastError: false });
  const err = check.error ?? run.error;
  const problems = useMemo(() => checked?.problems ?? [], [checked]);
  return (
    <Modal
      open
      title={t('bd.gz.importTitle')}
      onCancel={onClose}
      width={700}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('bd.cancel')}</Button>
          <Button loading={check.isPending} disabled={!file} onClick={() => check.mutate(undefined)}>
            {t('bd.check')}
          </Button>
          <Button type="primary" loading={run.isPending} disabled={!checked || problems.length > 0} onClick={() => run.mutate(undefined)}>
            {t('bd.gz.importRun')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('bd.gz.importHint')}</Typography.Paragraph>
      <Upload.Dragger className="wg-bd-upload" accept=".csv,.xlsx,.geojson,.json" maxCount={1} beforeUpload={(f) => (setFile(f), setChecked(null), false)} onRemove={() => (setFile(null), setChecked(null))} fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}>
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('bd.gz.dropFile')}</p>
      </Upload.Dragger>
      <div className="wg-bd-under">
        <Typography.Text strong>{t('bd.crs')}</Typography.Text>
        <CrsFields value={crs} onChange={(v) => (setCrs(v), setChecked(null))} />
      </div>
      {err ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(err, lang)} /> : null}
      {checked ? (
        <div className="wg-bd-under">
          <Alert type={problems.length ? 'error' : 'success'} showIcon title={problems.length ? t('bd.gz.checkBlocked', { n: problems.length }) : t('bd.gz.checkOk', { rows: checked.rows, added: checked.added, changed: checked.changed })} />
          {problems.length ? (
            <List size="small" dataSource={problems.slice(0, 50)} renderItem={(p) => <List.Item>{t('bd.rowN', { n: p.row })} · {lang === 'en' ? p.en : p.zh}</List.Item>} />
          ) : null}
        </div>
      ) : null}
      {!file && !checked ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bd.gz.columns')} /> : null}
    </Modal>
  );
}
