// The register of inspectable entities (检查对象名录库): list by sector, add one at a point on the map; the contacts are
// private (never published).
import { useRef, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GeoJSONSource } from 'maplibre-gl';
import { api, errorText } from '../../shared/api';
import { MapView } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { hasRole, useUser } from '../auth';
import { KEYS, MANAGE_ROLES, SECTOR_CODES, useEntities, type Entity, type Sector } from './data';
import { useInspI18n } from './messages';
import { SectorTag } from './PlansTab';

interface EntityForm {
  name: string;
  sector: Sector;
  address?: string;
  uscc?: string;
  contactName?: string;
  contactPhone?: string;
}

function EntityDialog({ onClose }: { onClose: () => void }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<EntityForm>();
  const [point, setPoint] = useState<[number, number] | null>(null);
  const mapRef = useRef<MapInstance | null>(null);
  const onReady = (m: MapInstance) => {
    mapRef.current = m;
    m.addSource('pick', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({ id: 'pick', type: 'circle', source: 'pick', paint: { 'circle-radius': 7, 'circle-color': '#c62828', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    m.on('click', (e) => {
      const p: [number, number] = [Math.round(e.lngLat.lng * 1e7) / 1e7, Math.round(e.lngLat.lat * 1e7) / 1e7];
      setPoint(p);
      (m.getSource('pick') as GeoJSONSource).setData({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} }] });
    });
  };
  const save = useMutation({
    mutationFn: (v: EntityForm) =>
      api<Entity>('/api/inspections/entities', {
        body: Object.fromEntries(Object.entries({ ...v, lng: point![0], lat: point![1] }).filter(([, x]) => x !== undefined && x !== '')),
      }),
    onSuccess: (e) => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void message.success(ti('entity.created', { code: e.code }));
      onClose();
    },
  });
  return (
    <Modal open width={900} title={ti('entity.add')} onCancel={onClose} onOk={() => form.submit()} okText={ti('save')} cancelText={ti('cancel')} okButtonProps={{ disabled: !point }} confirmLoading={save.isPending}>
      <div className="wg-insp-dialog">
        <Form<EntityForm> form={form} layout="vertical" initialValues={{ sector: 'food' }} onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={ti('entity.name')} rules={[{ required: true, min: 2, message: ti('required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="sector" label={ti('sector')}>
            <Select options={SECTOR_CODES.map((s) => ({ value: s, label: ti(`sector.${s}`) }))} />
          </Form.Item>
          <Form.Item name="address" label={ti('entity.address')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="uscc" label={ti('entity.uscc')}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="contactName" label={ti('entity.contactName')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={ti('entity.contactPhone')}>
            <Input maxLength={20} />
          </Form.Item>
          {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} /> : null}
        </Form>
        <div>
          <p className="wg-insp-muted">{point ? ti('entity.positionSet', { lng: point[0].toFixed(6), lat: point[1].toFixed(6) }) : ti('entity.position')}</p>
          <MapView name="entity-pick" onReady={onReady} ariaLabel={ti('entity.position')} layers={{ streets: true, communities: true, grids: false }} style={{ height: 420 }} />
        </div>
      </div>
    </Modal>
  );
}

export function EntitiesTab() {
  const { ti } = useInspI18n();
  const user = useUser();
  const [sector, setSector] = useState<Sector>();
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const qc = useQueryClient();
  const entities = useEntities({ sector, q: q || undefined });
  const canManage = hasRole(user, ...MANAGE_ROLES);
  const toggle = useMutation({
    mutationFn: (e: Entity) => api(`/api/inspections/entities/${e.id}`, { method: 'PATCH', body: { active: !e.active } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEYS.all }),
  });
  const columns: TableColumnsType<Entity> = [
    { title: ti('entity.code'), dataIndex: 'code', width: 100, render: (v: string) => <code>{v}</code> },
    { title: ti('entity.name'), dataIndex: 'name', ellipsis: true },
    { title: ti('sector'), dataIndex: 'sector', width: 100, render: (s: Sector) => <SectorTag sector={s} /> },
    { title: ti('entity.address'), dataIndex: 'address', ellipsis: true },
    { title: ti('entity.contactName'), key: 'contact', width: 180, render: (_, e) => [e.contactName, e.contactPhone].filter(Boolean).join(' ') },
    { title: ti('entity.last'), dataIndex: 'lastInspectedOn', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: ti('entity.active'),
      dataIndex: 'active',
      width: 110,
      render: (v: boolean, e) =>
        canManage ? (
          <Switch size="small" checked={v} onChange={() => toggle.mutate(e)} aria-label={`${e.name} ${v ? ti('entity.active') : ti('entity.inactive')}`} checkedChildren={ti('entity.active')} unCheckedChildren={ti('entity.inactive')} />
        ) : (
          <Tag>{v ? ti('entity.active') : ti('entity.inactive')}</Tag>
        ),
    },
  ];
  return (
    <section aria-label={ti('tab.entities')}>
      <Space wrap className="wg-insp-toolbar">
        <Input.Search allowClear placeholder={ti('entity.search')} aria-label={ti('entity.search')} onSearch={setQ} style={{ width: 260 }} />
        <Select allowClear placeholder={ti('sector')} aria-label={ti('sector')} style={{ width: 140 }} value={sector} onChange={setSector} options={SECTOR_CODES.map((s) => ({ value: s, label: ti(`sector.${s}`) }))} />
        <span className="wg-insp-muted">{ti('total', { n: entities.data?.total ?? 0 })}</span>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {ti('entity.add')}
          </Button>
        ) : null}
      </Space>
      <Table<Entity> rowKey="id" size="small" columns={columns} dataSource={entities.data?.items ?? []} loading={entities.isPending} pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }} />
      {adding ? <EntityDialog onClose={() => setAdding(false)} /> : null}
    </section>
  );
}
