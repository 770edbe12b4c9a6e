// Geography (地理数据): streets, communities, unit grids and responsibility grids on a map and in lists searchable by
// code and name; a record's details; editing a unit grid (renumber, community, responsibility grid, boundary);
// generating grids for a community; exporting a layer as GeoJSON, Shapefile or CSV.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Collapse, Descriptions, Dropdown, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { AppstoreAddOutlined, DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { MapView, useGeo } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { apiErrorText, BASEDATA_CHANGED, bboxOfGeometry, useBdMutation, useRecord, useRecords } from './data';
import { useBdI18n, type BdKey } from './messages';
import { ProblemList } from './ProblemList';
import type { ApplyResult, BaseLayer, ImportPreview, RecordDetail, RecordRow } from './types';

const LAYERS: BaseLayer[] = ['streets', 'communities', 'grids', 'beats'];
const PAGE = 15;
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function ExportMenu({ layer }: { layer: BaseLayer }) {
  const { t } = useBdI18n();
  const items = (['geojson', 'zip', 'csv'] as const).map((f) => ({
    key: f,
    label: (
      <a href={`/api/basedata/export/${layer}.${f}`} download data-testid={`export-${layer}-${f}`}>
        {t(`bd.export.${f}` as BdKey)}
      </a>
    ),
  }));
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button icon={<DownloadOutlined />}>{t('bd.export')}</Button>
    </Dropdown>
  );
}

export default function GeographySection() {
  const { t } = useBdI18n();
  const navigate = useNavigate();
  const streets = useGeo('streets');
  const communities = useGeo('communities');
  const [layer, setLayer] = useState<BaseLayer>('grids');
  const [q, setQ] = useState('');
  const [streetCode, setStreetCode] = useState<string>();
  const [communityCode, setCommunityCode] = useState<string>();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<{ layer: BaseLayer; code: string } | null>(null);
  const [editing, setEditing] = useState<RecordDetail | null>(null);
  const [generating, setGenerating] = useState<string[] | null>(null);
  const [map, setMap] = useState<MapInstance | null>(null);

  const records = useRecords(layer, { q: q || undefined, streetCode, communityCode: layer === 'streets' ? undefined : communityCode, limit: PAGE, offset: (page - 1) * PAGE });
  const detail = useRecord(selected?.layer, selected?.code);

  const streetOptions = (streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: `${f.properties.name} ${f.properties.code}` }));
  const communityOptions = (communities.data?.features ?? [])
    .filter((f) => !streetCode || f.properties.streetCode === streetCode)
    .map((f) => ({ value: String(f.properties.code), label: `${f.properties.name} ${f.properties.code}` }));

  // The selected record, highlighted and in view.
  useEffect(() => {
    if (!map) return;
    const src = map.getSource('bd-highlight') as { setData(d: GeoJSON.FeatureCollection): void } | undefined;
    const g = detail.data?.geometry;
    src?.setData(g ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: g, properties: {} }] } : EMPTY);
    const b = bboxOfGeometry(g);
    if (b) map.fitBounds(b, { padding: 60, maxZoom: selected?.layer === 'grids' ? 16.5 : 15, duration: 300 });
  }, [map, detail.data, selected?.layer]);

  const layerRef = useRef(layer);
  layerRef.current = layer;
  const onReady = useCallback((m: MapInstance) => {
    m.addSource('bd-highlight', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'bd-highlight-fill', type: 'fill', source: 'bd-highlight', paint: { 'fill-color': '#1d4f91', 'fill-opacity': 0.18 } });
    m.addLayer({ id: 'bd-highlight-line', type: 'line', source: 'bd-highlight', paint: { 'line-color': '#1d4f91', 'line-width': 2.5 } });
    // A click picks the grid, community or street there (whichever list is open).
    m.on('click', (e) => {
      void api<{ gridCode: string; communityCode: string; streetCode: string }>('/api/geo/resolve', { query: { lng: e.lngLat.lng, lat: e.lngLat.lat } })
        .then((p) => {
          const l = layerRef.current;
          const code = l === 'streets' ? p.streetCode : l === 'communities' ? p.communityCode : p.gridCode;
          setSelected({ layer: l === 'beats' ? 'grids' : l, code });
        })
        .catch(() => {});
    });
    setMap(m);
  }, []);

  const columns = useMemo<TableColumnsType<RecordRow>>(() => {
    const code = { title: t('bd.col.code'), dataIndex: 'code', width: 150, render: (v: string) => <code>{v}</code> };
    const generated = (r: RecordRow) => (r.generated ? <Tag className="wg-bd-gen">{t('bd.generated')}</Tag> : null);
    if (layer === 'streets')
      return [
        code,
        { title: t('bd.col.name'), dataIndex: 'name', render: (v: string, r) => <>{v} {generated(r)}</> },
        { title: t('bd.col.communities'), dataIndex: 'communityCount', width: 80, align: 'right' },
        { title: t('bd.col.grids'), dataIndex: 'gridCount', width: 80, align: 'right' },
      ];
    if (layer === 'communities')
      return [
        code,
        { title: t('bd.col.name'), dataIndex: 'name', render: (v: string, r) => <>{v} {generated(r)}</> },
        { title: t('bd.col.street'), dataIndex: 'streetName', width: 110 },
        { title: t('bd.col.grids'), dataIndex: 'gridCount', width: 70, align: 'right' },
      ];
    if (layer === 'grids')
      return [
        { ...code, width: 160 },
        { title: t('bd.col.community'), dataIndex: 'communityName', width: 120 },
        { title: t('bd.col.area'), dataIndex: 'areaM2', width: 90, align: 'right', render: (v: number) => Math.round(v).toLocaleString() },
        { title: t('bd.col.beat'), dataIndex: 'beatName', render: (v: string | null) => v ?? '—' },
      ];
    return [
      code,
      { title: t('bd.col.name'), dataIndex: 'name' },
      { title: t('bd.col.inspector'), dataIndex: 'inspectorName', width: 120, render: (v: string | null) => v ?? '—' },
      { title: t('bd.col.grids'), dataIndex: 'gridCount', width: 70, align: 'right' },
    ];
  }, [layer, t]);

  return (
    <section aria-label={t('bd.tab.geography')} className="wg-bd-split">
      <div className="wg-bd-side">
        <div className="wg-bd-toolbar">
          <Segmented
            value={layer}
            onChange={(v) => {
              setLayer(v as BaseLayer);
              setPage(1);
              setQ('');
            }}
            options={LAYERS.map((l) => ({ value: l, label: t(`bd.layer.${l}` as BdKey) }))}
            aria-label={t('bd.layer')}
          />
          <Space wrap>
            <Button icon={<UploadOutlined />} onClick={() => navigate('/basedata/imports')}>
              {t('bd.import')}
            </Button>
            <ExportMenu layer={layer} />
          </Space>
        </div>
        <div className="wg-bd-toolbar">
          <Input.Search
            allowClear
            placeholder={t(layer === 'grids' ? 'bd.search.grids' : 'bd.search.codeName')}
            aria-label={t('bd.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 200 }}
            data-testid="geo-search"
          />
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('bd.filter.street')} aria-label={t('bd.filter.street')} value={streetCode} onChange={(v) => (setStreetCode(v), setCommunityCode(undefined), setPage(1))} options={streetOptions} style={{ width: 150 }} />
          {layer !== 'streets' ? (
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('bd.filter.community')} aria-label={t('bd.filter.community')} value={communityCode} onChange={(v) => (setCommunityCode(v), setPage(1))} options={communityOptions} style={{ width: 170 }} />
          ) : null}
          {layer === 'grids' || layer === 'communities' ? (
            <Button icon={<AppstoreAddOutlined />} onClick={() => setGenerating(communityCode ? [communityCode] : [])}>
              {t('bd.generate')}
            </Button>
          ) : null}
        </div>
        <Table<RecordRow>
          rowKey="code"
          size="small"
          className="wg-bd-table"
          columns={columns}
          dataSource={records.data?.items ?? []}
          loading={records.isFetching}
          rowClassName={(r) => (selected?.code === r.code ? 'wg-bd-row-selected' : '')}
          onRow={(r) => ({ onClick: () => setSelected({ layer, code: r.code }), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: PAGE, total: records.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('bd.total', { n }), size: 'small' }}
          data-testid="geo-table"
        />
        <RecordCard
          detail={detail.data ?? null}
          loading={detail.isFetching}
          onEdit={(d) => setEditing(d)}
          onGenerate={(code) => setGenerating([code])}
          onClose={() => setSelected(null)}
        />
      </div>
      <div className="wg-bd-mapbox">
        <MapView name="basedata" ariaLabel={t('bd.map')} onReady={onReady} layers={{ streets: true, communities: layer !== 'streets', grids: layer === 'grids' || layer === 'beats' }} gridMinZoom={13.5} className="wg-bd-map" />
        <div className="wg-bd-map-hint">{t('bd.mapHint')}</div>
      </div>
      {editing ? <GridEditDialog detail={editing} onClose={() => setEditing(null)} onSaved={(code) => setSelected({ layer: 'grids', code })} /> : null}
      {generating ? <GenerateDialog initial={generating} onClose={() => setGenerating(null)} /> : null}
    </section>
  );
}

function RecordCard({ detail, loading, onEdit, onGenerate, onClose }: { detail: RecordDetail | null; loading: boolean; onEdit(d: RecordDetail): void; onGenerate(code: string): void; onClose(): void }) {
  const { t } = useBdI18n();
  if (!detail) return loading ? <Card size="small" loading className="wg-bd-card" /> : null;
  const p = detail.properties;
  const items: { label: string; value: React.ReactNode }[] = [{ label: t('bd.col.code'), value: <code>{detail.code}</code> }];
  if (p.name) items.push({ label: t('bd.col.name'), value: p.name });
  if (p.type) items.push({ label: t('bd.col.type'), value: p.type });
  if (p.areaClass) items.push({ label: t('bd.col.areaClass'), value: p.areaClass });
  if (p.streetName) items.push({ label: t('bd.col.street'), value: `${p.streetName} ${p.streetCode}` });
  if (p.communityName) items.push({ label: t('bd.col.community'), value: `${p.communityName} ${p.communityCode}` });
  if (p.areaM2 !== undefined) items.push({ label: t('bd.col.area'), value: Math.round(p.areaM2).toLocaleString() });
  if (detail.layer === 'grids') items.push({ label: t('bd.col.beat'), value: p.beatName ? `${p.beatName}（${p.inspector ?? t('bd.noInspector')}）` : t('bd.none') });
  if (p.inspectorName !== undefined) items.push({ label: t('bd.col.inspector'), value: p.inspectorName ?? t('bd.noInspector') });
  if (p.communityCount !== undefined) items.push({ label: t('bd.col.communities'), value: p.communityCount });
  if (p.gridCount !== undefined) items.push({ label: t('bd.col.grids'), value: p.gridCount });
  if (p.componentCount !== undefined) items.push({ label: t('bd.col.components'), value: p.componentCount });
  items.push({ label: t('bd.col.source'), value: p.generated ? <Tag className="wg-bd-gen">{t('bd.generatedLong')}</Tag> : t('bd.official') });
  return (
    <Card
      size="small"
      className="wg-bd-card"
      data-testid="record-card"
      title={`${t(`bd.layer1.${detail.layer}` as BdKey)} ${p.name ?? detail.code}`}
      extra={
        <Space size={4}>
          {detail.layer === 'grids' ? (
            <Button size="small" type="primary" icon={<EditOutlined />} onClick={() => onEdit(detail)}>
              {t('bd.grid.edit')}
            </Button>
          ) : null}
          {detail.layer === 'communities' ? (
            <Button size="small" icon={<AppstoreAddOutlined />} onClick={() => onGenerate(detail.code)}>
              {t('bd.generate')}
            </Button>
          ) : null}
          <Button size="small" type="text" onClick={onClose} aria-label={t('bd.close')}>
            ×
          </Button>
        </Space>
      }
    >
      <Descriptions size="small" column={1} items={items.map((i, k) => ({ key: k, label: i.label, children: i.value }))} />
    </Card>
  );
}

interface GridForm {
  code: string;
  communityCode: string;
  beatCode?: string;
  geometry?: string;
  note?: string;
}

/** Edits a unit grid: renumber it, move it to another community, put it in another responsibility grid, replace its boundary — one version. */
function GridEditDialog({ detail, onClose, onSaved }: { detail: RecordDetail; onClose(): void; onSaved(code: string): void }) {
  const { t, lang } = useBdI18n();
  const [form] = Form.useForm<GridForm>();
  const communities = useGeo('communities');
  const communityCode = Form.useWatch('communityCode', form) ?? String(detail.record.communityCode);
  const beats = useRecords('beats', { communityCode, limit: 500, offset: 0 });
  const oldBeat = detail.properties.beatCode ?? undefined;

  const save = useBdMutation<GridForm, ApplyResult & { preview: ImportPreview }>({
    mutationFn: async (v) => {
      let geometry = detail.geometry;
      if (v.geometry?.trim()) {
        const parsed = JSON.parse(v.geometry) as GeoJSON.Geometry | GeoJSON.Feature;
        geometry = parsed.type === 'Feature' ? parsed.geometry : parsed;
      }
      const changes: { layer: BaseLayer; upsert: unknown[]; remove: string[] }[] = [];
      const renamed = v.code !== detail.code;
      const gridChanged = renamed || v.communityCode !== detail.record.communityCode || !!v.geometry?.trim();
      if (gridChanged) changes.push({ layer: 'grids', upsert: [{ type: 'Feature', properties: { code: v.code, communityCode: v.communityCode }, geometry }], remove: renamed ? [detail.code] : [] });
      const beatUpserts: unknown[] = [];
      const beatFeature = async (code: string, f: (grids: string[]) => string[]) => {
        const b = await api<RecordDetail>(`/api/basedata/records/beats/${code}`);
        return { type: 'Feature', properties: { ...b.record, gridCodes: f((b.record.gridCodes as string[]) ?? []) }, geometry: null };
      };
      if (oldBeat && (oldBeat !== v.beatCode || renamed)) beatUpserts.push(await beatFeature(oldBeat, (g) => [...g.filter((c) => c !== detail.code), ...(oldBeat === v.beatCode ? [v.code] : [])]));
      if (v.beatCode && v.beatCode !== oldBeat) beatUpserts.push(await beatFeature(v.beatCode, (g) => [...g, v.code]));
      if (beatUpserts.length) changes.push({ layer: 'beats', upsert: beatUpserts, remove: [] });
      if (changes.length === 0) return { version: null, unchanged: true } as ApplyResult & { preview: ImportPreview };
      return api('/api/basedata/edits', { method: 'POST', body: { changes, note: v.note || undefined } });
    },
    invalidate: BASEDATA_CHANGED,
    success: (r) => (r.version ? t('bd.savedAsVersion', { n: r.version.number }) : t('bd.noChanges')),
    onSuccess: (_r, v) => {
      onSaved(v.code);
      onClose();
    },
    toastError: false,
  });

  const communityOptions = (communities.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: `${f.properties.name} ${f.properties.code}` }));
  const beatOptions = (beats.data?.items ?? []).map((b) => ({ value: b.code, label: `${b.name}（${b.inspectorName ?? t('bd.noInspector')}）` }));
  const count = detail.properties.componentCount ?? 0;

  return (
    <Modal open title={t('bd.grid.editTitle', { code: detail.code })} onCancel={onClose} onOk={() => form.submit()} okText={t('bd.saveAsVersion')} confirmLoading={save.isPending} destroyOnHidden width={620}>
      {save.error ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(save.error, lang)} /> : null}
      <Form<GridForm>
        form={form}
        layout="vertical"
        name="bd-grid"
        initialValues={{ code: detail.code, communityCode: String(detail.record.communityCode), beatCode: oldBeat }}
        onFinish={(v) => save.mutate(v)}
      >
        <div className="wg-bd-form-row">
          <Form.Item
            name="communityCode"
            label={t('bd.col.community')}
            rules={[{ required: true, message: t('bd.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={communityOptions}
              onChange={(c: string) => {
                // The code names its community: keep the serial, change the prefix; the responsibility grid belongs to the old one.
                form.setFieldsValue({ code: c + String(form.getFieldValue('code')).slice(12), beatCode: undefined });
              }}
            />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('bd.grid.code')}
            extra={t('bd.grid.codeHint')}
            dependencies={['communityCode']}
            rules={[
              { required: true, message: t('bd.required') },
              { pattern: /^\d{15}$/, message: t('bd.grid.code15') },
              ({ getFieldValue }) => ({
                validator: (_, v: string) => (!v || v.startsWith(getFieldValue('communityCode')) ? Promise.resolve() : Promise.reject(new Error(t('bd.grid.codePrefix')))),
              }),
            ]}
          >
            <Input autoComplete="off" className="wg-mono" />
          </Form.Item>
        </div>
        <Form.Item name="beatCode" label={t('bd.col.beat')}>
          <Select allowClear placeholder={t('bd.none')} options={beatOptions} loading={beats.isFetching} data-testid="grid-beat" />
        </Form.Item>
        {count > 0 ? <Alert type="info" showIcon className="wg-bd-form-note" title={t('bd.grid.componentsFollow', { n: count })} /> : null}
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'g',
              label: t('bd.grid.replaceBoundary'),
              children: (
                <Form.Item
                  name="geometry"
                  extra={t('bd.grid.boundaryHint')}
                  rules={[
                    {
                      validator: (_, v: string | undefined) => {
                        if (!v?.trim()) return Promise.resolve();
                        try {
                          const g = JSON.parse(v) as { type?: string; geometry?: { type?: string } };
                          const type = g.type === 'Feature' ? g.geometry?.type : g.type;
                          return type === 'Polygon' ? Promise.resolve() : Promise.reject(new Error(t('bd.grid.boundaryPolygon')));
                        } catch {
                          return Promise.reject(new Error(t('bd.grid.boundaryJson')));
                        }
                      },
                    },
                  ]}
                >
                  <Input.TextArea rows={4} className="wg-mono" placeholder='{"type":"Polygon","coordinates":[[[125.25,43.88],…]]}' aria-label={t('bd.grid.replaceBoundary')} />
                </Form.Item>
              ),
            },
          ]}
        />
        <Form.Item name="note" label={t('bd.note')}>
          <Input maxLength={500} placeholder={t('bd.notePlaceholder')} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('bd.grid.oneVersion')}</Typography.Text>
    </Modal>
  );
}

/** Cuts communities into ~10,000 m² grids: a preview first (how many, any problem), applied only when confirmed. */
function GenerateDialog({ initial, onClose }: { initial: string[]; onClose(): void }) {
  const { t, lang } = useBdI18n();
  const communities = useGeo('communities');
  const [form] = Form.useForm<{ communityCodes: string[]; cellSizeM: number; note?: string }>();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const generate = useBdMutation({
    mutationFn: (v: { communityCodes: string[]; cellSizeM: number; note?: string }) => api<ImportPreview>('/api/basedata/grids/generate', { method: 'POST', body: v }),
    invalidate: [],
    onSuccess: (p) => setPreview(p),
    toastError: false,
  });
  const apply = useBdMutation({
    mutationFn: (id: string) => api<ApplyResult>(`/api/basedata/imports/${id}/apply`, { method: 'POST', body: {} }),
    invalidate: BASEDATA_CHANGED,
    success: (r) => (r.version ? t('bd.appliedAsVersion', { n: r.version.number }) : t('bd.noChanges')),
    onSuccess: onClose,
    toastError: false,
  });
  const discard = () => {
    if (preview?.canApply) void api(`/api/basedata/imports/${preview.id}/discard`, { method: 'POST', body: {} }).catch(() => {});
    onClose();
  };
  const s = preview?.summary.grids;
  const err = generate.error ?? apply.error;
  return (
    <Modal
      open
      title={t('bd.generateTitle')}
      onCancel={discard}
      width={640}
      destroyOnHidden
      footer={
        preview ? (
          <Space>
            <Button onClick={discard}>{t('bd.discard')}</Button>
            <Button onClick={() => setPreview(null)}>{t('bd.back')}</Button>
            <Button type="primary" disabled={!preview.canApply} loading={apply.isPending} onClick={() => apply.mutate(preview.id)}>
              {t('bd.applyAsVersion')}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('bd.cancel')}</Button>
            <Button type="primary" loading={generate.isPending} onClick={() => form.submit()}>
              {t('bd.generatePreview')}
            </Button>
          </Space>
        )
      }
    >
      {err ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(err, lang)} /> : null}
      {preview && s ? (
        <>
          <Alert
            type={preview.canApply ? 'success' : 'error'}
            showIcon
            title={preview.canApply ? t('bd.generateReady', { added: s.added, changed: s.changed, removed: s.removed, total: s.total }) : t('bd.previewBlocked', { n: preview.errorCount })}
          />
          {preview.problems.length ? <ProblemList problems={preview.problems} compact /> : null}
        </>
      ) : (
        <Form form={form} layout="vertical" name="bd-generate" initialValues={{ communityCodes: initial, cellSizeM: 100 }} onFinish={(v) => generate.mutate(v)}>
          <Typography.Paragraph type="secondary">{t('bd.generateHint')}</Typography.Paragraph>
          <Form.Item name="communityCodes" label={t('bd.generateCommunities')} extra={t('bd.generateCommunitiesHint')}>
            <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={(communities.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: `${f.properties.name} ${f.properties.code}` }))} maxTagCount="responsive" />
          </Form.Item>
          <Form.Item name="cellSizeM" label={t('bd.cellSize')} extra={t('bd.cellSizeHint')}>
            <InputNumber min={50} max={500} step={10} addonAfter="m" />
          </Form.Item>
          <Form.Item name="note" label={t('bd.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
