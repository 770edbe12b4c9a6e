// Road segments to sweep: the list with its area to sweep and responsible unit; administrators add a segment by clicking
// its centre line on the map, and change its width, area, grade, unit or service dates.
import { useMemo, useRef, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GeoJSONSource } from 'maplibre-gl';
import { api, errorText } from '../../shared/api';
import { MapView } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { useGeo } from '../../shared/map/MapView';
import { hasRole, useUser } from '../auth';
import { useDepartments } from '../common/data';
import { useSegments, type Segment } from './data';
import { useSweepI18n } from './messages';

const GRADES = ['1', '2', '3', '4'] as const;

/** Metres between two WGS84 points (haversine), for the length shown while drawing. */
function metres(a: [number, number], b: [number, number]): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

interface SegmentForm {
  name: string;
  roadName: string;
  grade: (typeof GRADES)[number];
  widthM: number;
  areaM2?: number | null;
  maintainerDepartmentId?: string | null;
  inServiceFrom: Dayjs;
  inServiceUntil?: Dayjs | null;
}

function SegmentDialog({ segment, onClose }: { segment: Segment | null; onClose: () => void }) {
  const { ts, lang } = useSweepI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const depts = useDepartments();
  const [form] = Form.useForm<SegmentForm>();
  const [points, setPoints] = useState<[number, number][]>([]);
  const pointsRef = useRef<[number, number][]>([]);
  const mapRef = useRef<MapInstance | null>(null);
  const length = points.slice(1).reduce((m, p, i) => m + metres(points[i], p), 0);

  const draw = (pts: [number, number][]) => {
    pointsRef.current = pts;
    setPoints(pts);
    const src = mapRef.current?.getSource('draft') as GeoJSONSource | undefined;
    src?.setData({
      type: 'FeatureCollection',
      features: [
        ...(pts.length > 1 ? [{ type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates: pts }, properties: {} }] : []),
        ...pts.map((p) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: p }, properties: {} })),
      ],
    });
  };
  const onReady = (m: MapInstance) => {
    mapRef.current = m;
    m.addSource('draft', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({ id: 'draft-line', type: 'line', source: 'draft', paint: { 'line-color': '#1d4f91', 'line-width': 4 } });
    m.addLayer({ id: 'draft-point', type: 'circle', source: 'draft', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1d4f91', 'circle-stroke-width': 2 } });
    m.on('click', (e) => draw([...pointsRef.current, [Math.round(e.lngLat.lng * 1e7) / 1e7, Math.round(e.lngLat.lat * 1e7) / 1e7]]));
  };

  const save = useMutation({
    mutationFn: (v: SegmentForm) => {
      const common = {
        name: v.name.trim(),
        grade: v.grade,
        widthM: v.widthM,
        maintainerDepartmentId: v.maintainerDepartmentId ?? null,
        inServiceFrom: v.inServiceFrom.format('YYYY-MM-DD'),
      };
      if (!segment) {
        return api<Segment>('/api/sweeping/segments', {
          body: { ...common, roadName: v.roadName.trim(), geometry: { type: 'LineString', coordinates: points }, ...(v.areaM2 ? { areaM2: v.areaM2 } : {}), ...(v.inServiceUntil ? { inServiceUntil: v.inServiceUntil.format('YYYY-MM-DD') } : {}) },
        });
      }
      return api<Segment>(`/api/sweeping/segments/${segment.id}`, { method: 'PATCH', body: { ...common, ...(v.areaM2 ? { areaM2: v.areaM2 } : {}), inServiceUntil: v.inServiceUntil ? v.inServiceUntil.format('YYYY-MM-DD') : null } });
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['sweeping'] });
      void message.success(segment ? ts('segment.saved') : ts('segment.created', { code: s.code }));
      onClose();
    },
  });

  return (
    <Modal
      open
      width={segment ? 560 : 880}
      title={segment ? ts('segment.edit', { name: segment.name }) : ts('segment.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={ts('save')}
      cancelText={ts('cancel')}
      okButtonProps={{ disabled: !segment && points.length < 2 }}
      confirmLoading={save.isPending}
    >
      <div className={segment ? '' : 'wg-sweep-dialog'}>
        <Form<SegmentForm>
          form={form}
          layout="vertical"
          onFinish={(v) => save.mutate(v)}
          initialValues={
            segment
              ? { ...segment, inServiceFrom: dayjs(segment.inServiceFrom), inServiceUntil: segment.inServiceUntil ? dayjs(segment.inServiceUntil) : null }
              : { grade: '2', widthM: 16, inServiceFrom: dayjs() }
          }
        >
          <Form.Item name="name" label={ts('col.name')} rules={[{ required: true, message: ts('required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          {!segment ? (
            <Form.Item name="roadName" label={ts('col.road')} rules={[{ required: true, message: ts('required') }]}>
              <Input maxLength={50} />
            </Form.Item>
          ) : null}
          <Space wrap>
            <Form.Item name="grade" label={ts('col.grade')}>
              <Select style={{ width: 110 }} options={GRADES.map((g) => ({ value: g, label: ts(`grade.${g}`) }))} />
            </Form.Item>
            <Form.Item name="widthM" label={ts('col.width')} rules={[{ required: true, message: ts('required') }]}>
              <InputNumber min={1} max={200} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="areaM2" label={ts('col.area')} extra={ts('segment.areaHint')}>
              <InputNumber min={1} max={1_000_000} style={{ width: 150 }} />
            </Form.Item>
          </Space>
          <Form.Item name="maintainerDepartmentId" label={ts('col.maintainer')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(depts.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="inServiceFrom" label={ts('segment.from')} rules={[{ required: true, message: ts('required') }]}>
              <DatePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="inServiceUntil" label={ts('segment.until')}>
              <DatePicker />
            </Form.Item>
          </Space>
          {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} /> : null}
        </Form>
        {!segment ? (
          <div>
            <p className="wg-sweep-muted">{ts('segment.draw')}</p>
            <MapView name="segment-draw" onReady={onReady} layers={{ streets: true, communities: true, grids: false }} ariaLabel={ts('segment.draw')} style={{ height: 380 }} />
            <Space style={{ marginTop: 8 }}>
              <span data-testid="segment-points">{ts('segment.points', { n: points.length, m: Math.round(length) })}</span>
              <Button size="small" onClick={() => draw([])} disabled={!points.length}>
                {ts('segment.clear')}
              </Button>
            </Space>
          </div>
        ) : null}
      </div>
    </Modal>
  );
}

export function SegmentsTab() {
  const { ts } = useSweepI18n();
  const user = useUser();
  const segments = useSegments();
  const streets = useGeo('streets');
  const [street, setStreet] = useState<string>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Segment | 'new' | null>(null);
  const admin = hasRole(user, 'admin');
  const rows = useMemo(
    () => (segments.data ?? []).filter((s) => (!street || s.streetCode === street) && (!q || `${s.name} ${s.code}`.includes(q.trim()))),
    [segments.data, street, q],
  );
  const columns: TableColumnsType<Segment> = [
    { title: ts('col.code'), dataIndex: 'code', width: 150, render: (v: string) => <code>{v}</code> },
    { title: ts('col.name'), dataIndex: 'name', ellipsis: true },
    { title: ts('col.street'), dataIndex: 'streetName', width: 120 },
    { title: ts('col.grade'), dataIndex: 'grade', width: 80, render: (g: string) => <Tag>{ts(`grade.${g}` as 'grade.1')}</Tag> },
    { title: ts('col.length'), dataIndex: 'lengthM', width: 100, align: 'right', render: (v: number) => Math.round(v).toLocaleString() },
    { title: ts('col.width'), dataIndex: 'widthM', width: 90, align: 'right' },
    { title: ts('col.area'), dataIndex: 'areaM2', width: 120, align: 'right', render: (v: number) => Math.round(v).toLocaleString() },
    { title: ts('col.maintainer'), dataIndex: 'maintainerName', width: 190, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: ts('col.inService'), key: 'svc', width: 190, render: (_, s) => `${s.inServiceFrom} — ${s.inServiceUntil ?? ''}` },
    ...(admin
      ? [
          {
            title: ts('col.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, s: Segment) => (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(s)} aria-label={ts('segment.edit', { name: s.name })} />
            ),
          },
        ]
      : []),
  ];
  return (
    <section aria-label={ts('tab.segments')}>
      <Space wrap className="wg-sweep-toolbar">
        <Input.Search allowClear placeholder={ts('segment.search')} aria-label={ts('segment.search')} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} />
        <Select
          allowClear
          placeholder={ts('street.all')}
          aria-label={ts('col.street')}
          style={{ width: 180 }}
          value={street}
          onChange={setStreet}
          options={(streets.data?.features ?? []).map((f) => ({ value: String(f.properties?.code), label: String(f.properties?.name) }))}
        />
        <span className="wg-sweep-muted">{ts('records.total', { n: rows.length })}</span>
        {admin ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {ts('segment.add')}
          </Button>
        ) : null}
      </Space>
      <Table<Segment> rowKey="id" size="small" columns={columns} dataSource={rows} loading={segments.isPending} pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }} />
      {editing ? <SegmentDialog segment={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}
