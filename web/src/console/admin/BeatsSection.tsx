// Inspector beats (责任网格): which inspector patrols which unit grids. Adding a beat, renaming it, choosing its
// inspector, and moving unit grids into it (chosen from its community, or pasted as codes).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Form, Input, Modal, Select, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useGeo } from '../../shared/map/MapView';
import type { GeoFeatureCollection } from '../../shared/types';
import { useInspectors } from '../common/data';
import { FormError, SectionHead } from './common';
import { changedFields, KEYS, patchIfChanged, useAdminMutation, useBeats, useUsers } from './data';
import { useAdminI18n } from './messages';
import type { Beat, BeatInput, BeatPatch } from './types';

const GRID_CODE = /^\d{15}$/;

export default function BeatsSection() {
  const { t } = useAdminI18n();
  const beats = useBeats();
  const users = useUsers();
  const inspectors = useInspectors();
  const streets = useGeo('streets');
  const communities = useGeo('communities');
  const [q, setQ] = useState('');
  const [street, setStreet] = useState<string>();
  const [inspectorId, setInspectorId] = useState<string>();
  const [unassigned, setUnassigned] = useState(false);
  const [editing, setEditing] = useState<Beat | 'new' | null>(null);

  const userName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.displayName])), [users.data]);
  const community = useMemo(
    () => new Map((communities.data?.features ?? []).map((f) => [String(f.properties.code), { name: String(f.properties.name), streetCode: String(f.properties.streetCode) }])),
    [communities.data],
  );
  const streetOptions = (streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }));
  const inspectorOptions = (inspectors.data ?? []).map((i) => ({ value: i.id, label: `${i.displayName}（${i.username}）` }));

  const rows = useMemo(() => {
    const words = q.trim().toLowerCase();
    return (beats.data ?? []).filter(
      (b) =>
        (!words || `${b.code} ${b.name}`.toLowerCase().includes(words)) &&
        (!street || (b.communityCode && community.get(b.communityCode)?.streetCode === street)) &&
        (!inspectorId || b.inspectorId === inspectorId) &&
        (!unassigned || !b.inspectorId),
    );
  }, [beats.data, q, street, inspectorId, unassigned, community]);

  const columns: TableColumnsType<Beat> = [
    { title: t('admin.code'), dataIndex: 'code', width: 170, render: (v: string) => <code>{v}</code> },
    { title: t('admin.beats.name'), dataIndex: 'name', width: 220 },
    {
      title: t('admin.beats.community'),
      dataIndex: 'communityCode',
      width: 200,
      render: (c: string | null) => (c ? (community.get(c)?.name ?? c) : '—'),
    },
    {
      title: t('admin.beats.inspector'),
      dataIndex: 'inspectorId',
      width: 200,
      render: (id: string | null) => (id ? (userName.get(id) ?? id) : <Tag color="warning">{t('admin.beats.noInspector')}</Tag>),
    },
    { title: t('admin.beats.gridCount'), dataIndex: 'gridCount', width: 110, align: 'right' },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 90,
      render: (_, b) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(b)} aria-label={`${t('admin.edit')} ${b.name}`}>
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <section aria-label={t('admin.tab.beats')}>
      <SectionHead hint={t('admin.beats.hint')} />
      <div className="wg-adm-toolbar">
        <Input.Search allowClear placeholder={t('admin.beats.search')} aria-label={t('admin.search')} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('admin.beats.filterStreet')} aria-label={t('admin.beats.filterStreet')} value={street} onChange={setStreet} options={streetOptions} style={{ width: 150 }} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('admin.beats.filterInspector')}
          aria-label={t('admin.beats.filterInspector')}
          value={inspectorId}
          onChange={setInspectorId}
          options={inspectorOptions}
          style={{ width: 200 }}
        />
        <Checkbox checked={unassigned} onChange={(e) => setUnassigned(e.target.checked)}>
          {t('admin.beats.onlyUnassigned')}
        </Checkbox>
        <span className="wg-adm-count">{t('admin.total', { n: rows.length })}</span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} className="wg-adm-toolbar-end">
          {t('admin.beats.add')}
        </Button>
      </div>
      <Table<Beat>
        rowKey="id"
        size="small"
        className="wg-adm-table"
        columns={columns}
        dataSource={rows}
        loading={beats.isPending}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      />
      {editing ? (
        <BeatDialog
          beat={editing === 'new' ? null : editing}
          inspectorOptions={inspectorOptions}
          communityOptions={[...community].map(([value, c]) => ({ value, label: `${c.name} ${value}` }))}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}

interface BeatForm {
  code: string;
  name: string;
  communityCode?: string;
  inspectorId?: string;
  gridCodes: string[];
}

/** The bounding box of a community's boundary, to ask for its unit grids only. */
function bboxOf(geometry: GeoJSON.Geometry | undefined): string | null {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return null;
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings)
    for (const [x, y] of ring) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return Number.isFinite(x0) ? [x0, y0, x1, y1].map((v) => v.toFixed(6)).join(',') : null;
}

function useCommunityGrids(communityCode: string | undefined) {
  const communities = useGeo('communities');
  const feature = communities.data?.features.find((f) => f.properties.code === communityCode);
  const bbox = bboxOf(feature?.geometry);
  return useQuery({
    queryKey: ['geo', 'grids', communityCode],
    queryFn: async () =>
      (await api<GeoFeatureCollection>('/api/geo/grids', { query: { bbox } })).features
        .filter((f) => f.properties.communityCode === communityCode)
        .map((f) => String(f.properties.code))
        .sort(),
    enabled: !!communityCode && !!bbox,
    staleTime: Infinity,
  });
}

function BeatDialog({
  beat,
  inspectorOptions,
  communityOptions,
  onClose,
}: {
  beat: Beat | null;
  inspectorOptions: { value: string; label: string }[];
  communityOptions: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useAdminI18n();
  const [form] = Form.useForm<BeatForm>();
  const picked = Form.useWatch('communityCode', form);
  const communityCode = beat?.communityCode ?? picked;
  const grids = useCommunityGrids(communityCode ?? undefined);

  const save = useAdminMutation<BeatForm>({
    mutationFn: (v) => {
      const gridCodes = [...new Set(v.gridCodes ?? [])];
      if (!beat) {
        const body: BeatInput = { code: v.code.trim(), name: v.name, communityCode: v.communityCode ?? null, inspectorId: v.inspectorId ?? null, gridCodes };
        return api('/api/admin/beats', { method: 'POST', body });
      }
      const body: BeatPatch = { ...changedFields(beat, { name: v.name, inspectorId: v.inspectorId ?? null }), ...(gridCodes.length ? { gridCodes } : {}) };
      return patchIfChanged(`/api/admin/beats/${beat.id}`, body);
    },
    invalidate: [KEYS.beats, ['geo', 'grids']],
    success: beat ? t('admin.saved') : t('admin.created'),
    onSuccess: onClose,
    toastError: false,
  });

  return (
    <Modal
      open
      title={beat ? t('admin.beats.edit', { name: beat.name }) : t('admin.beats.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={600}
    >
      <FormError error={save.error} />
      <Form<BeatForm>
        form={form}
        layout="vertical"
        name="admin-beat"
        initialValues={beat ? { code: beat.code, name: beat.name, communityCode: beat.communityCode ?? undefined, inspectorId: beat.inspectorId ?? undefined, gridCodes: [] } : { gridCodes: [] }}
        onFinish={(v) => save.mutate(v)}
      >
        <div className="wg-adm-form-row">
          <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, whitespace: true, min: 2, max: 40, message: t('admin.required') }]}>
            <Input disabled={!!beat} autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t('admin.beats.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.required') }]}>
            <Input />
          </Form.Item>
        </div>
        <Form.Item name="communityCode" label={t('admin.beats.community')}>
          <Select allowClear disabled={!!beat} showSearch={{ optionFilterProp: 'label' }} options={communityOptions} onChange={() => form.setFieldValue('gridCodes', [])} />
        </Form.Item>
        <Form.Item name="inspectorId" label={t('admin.beats.inspector')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('admin.beats.noInspector')} options={inspectorOptions} data-testid="beat-inspector" />
        </Form.Item>
        <Form.Item
          name="gridCodes"
          label={t('admin.beats.grids')}
          extra={
            <>
              {beat ? `${t('admin.beats.gridsEditHint')} ` : ''}
              {t('admin.beats.gridsHint')}
            </>
          }
          rules={[
            {
              validator: (_, v: string[] | undefined) => {
                const bad = (v ?? []).filter((c) => !GRID_CODE.test(c));
                return bad.length ? Promise.reject(new Error(t('admin.beats.gridInvalid', { codes: bad.join('、') }))) : Promise.resolve();
              },
            },
          ]}
        >
          <Select
            mode="tags"
            allowClear
            tokenSeparators={[',', '，', ' ', '\n', '、']}
            maxTagCount="responsive"
            loading={grids.isFetching}
            placeholder={communityCode ? undefined : t('admin.beats.pickCommunity')}
            options={(grids.data ?? []).map((c) => ({ value: c, label: c }))}
          />
        </Form.Item>
        {grids.data?.length ? (
          <Button type="link" size="small" onClick={() => form.setFieldValue('gridCodes', grids.data)} className="wg-adm-link-button">
            {t('admin.beats.allOfCommunity', { n: grids.data.length })}
          </Button>
        ) : null}
      </Form>
    </Modal>
  );
}
