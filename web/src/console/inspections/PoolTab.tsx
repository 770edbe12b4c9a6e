// The qualified inspector pool (人员库): who may be drawn for which sector, known to the public by code only; and the
// declared conflicts of interest (回避), which the inspectors declare themselves or the centre records.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { hasRole, useUser } from '../auth';
import { KEYS, MANAGE_ROLES, SECTOR_CODES, useCandidates, useConflicts, useEntities, usePool, type Conflict, type PoolMember, type Sector } from './data';
import { useInspI18n } from './messages';
import { SectorTag } from './PlansTab';

function PoolDialog({ onClose }: { onClose: () => void }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const candidates = useCandidates(true);
  const [form] = Form.useForm<{ userId: string; code: string; sectors: Sector[] }>();
  const save = useMutation({
    mutationFn: (v: { userId: string; code: string; sectors: Sector[] }) => api('/api/inspections/inspectors', { body: v }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void message.success(ti('pool.added'));
      onClose();
    },
  });
  return (
    <Modal open title={ti('pool.add')} onCancel={onClose} onOk={() => form.submit()} okText={ti('save')} cancelText={ti('cancel')} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="userId" label={ti('pool.user')} rules={[{ required: true, message: ti('required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={candidates.isPending} options={(candidates.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）${u.departmentName ?? ''}` }))} />
        </Form.Item>
        <Form.Item name="code" label={ti('pool.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, message: ti('required') }]}>
          <Input maxLength={40} placeholder="JC-015" />
        </Form.Item>
        <Form.Item name="sectors" label={ti('pool.sectors')} rules={[{ required: true, message: ti('required') }]}>
          <Select mode="multiple" options={SECTOR_CODES.map((s) => ({ value: s, label: ti(`sector.${s}`) }))} />
        </Form.Item>
        {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} /> : null}
      </Form>
    </Modal>
  );
}

function ConflictDialog({ centre, onClose }: { centre: boolean; onClose: () => void }) {
  const { ti, lang } = useInspI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pool = usePool(centre);
  const entities = useEntities({}, centre);
  const [form] = Form.useForm<{ userId?: string; entityCode: string; reason: string }>();
  const [entityId, setEntityId] = useState<string>();
  const save = useMutation({
    mutationFn: (v: { userId?: string; reason: string }) => api('/api/inspections/conflicts', { body: { ...(v.userId ? { userId: v.userId } : {}), entityId, reason: v.reason } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: KEYS.all });
      void message.success(ti('conflict.added'));
      onClose();
    },
  });
  return (
    <Modal open title={ti('conflict.add')} onCancel={onClose} onOk={() => form.submit()} okText={ti('save')} cancelText={ti('cancel')} okButtonProps={{ disabled: !entityId }} confirmLoading={save.isPending}>
      <Alert type="info" showIcon title={ti('conflict.hint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {centre ? (
          <Form.Item name="userId" label={ti('conflict.inspector')} rules={[{ required: true, message: ti('required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(pool.data ?? []).map((p) => ({ value: p.userId, label: `${p.code} ${p.displayName}` }))} />
          </Form.Item>
        ) : null}
        <Form.Item label={ti('conflict.entity')} required>
          {centre ? (
            <Select showSearch={{ optionFilterProp: 'label' }} value={entityId} onChange={setEntityId} aria-label={ti('conflict.entity')} options={(entities.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.code} ${e.name}` }))} />
          ) : (
            <EntityIdInput onChange={setEntityId} />
          )}
        </Form.Item>
        <Form.Item name="reason" label={ti('conflict.reason')} rules={[{ required: true, min: 2, message: ti('required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} /> : null}
      </Form>
    </Modal>
  );
}

/** A pool member outside the centre does not see the register: they pick from the public list of registered codes. */
function EntityIdInput({ onChange }: { onChange: (id: string | undefined) => void }) {
  const { ti } = useInspI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const search = async (q: string) => {
    if (q.trim().length < 2) return;
    const r = await api<{ items: { id: string; code: string; name: string }[] }>('/api/inspections/declarable', { query: { q } });
    setOptions(r.items.map((e) => ({ value: e.id, label: `${e.code} ${e.name}` })));
  };
  return <Select showSearch={{ filterOption: false, onSearch: (q) => void search(q) }} onChange={onChange} options={options} aria-label={ti('conflict.entity')} placeholder={ti('entity.search')} />;
}

export function ConflictsPanel({ centre = false }: { centre?: boolean }) {
  const { ti } = useInspI18n();
  const conflicts = useConflicts();
  const [adding, setAdding] = useState(false);
  const columns: TableColumnsType<Conflict> = [
    { title: ti('conflict.inspector'), key: 'who', width: 200, render: (_, c) => `${c.inspectorCode ?? ''} ${c.inspectorName}` },
    { title: ti('conflict.entity'), key: 'what', render: (_, c) => `${c.entityCode} ${c.entityName}` },
    { title: ti('conflict.reason'), dataIndex: 'reason' },
    { title: ti('conflict.declaredAt'), dataIndex: 'declaredAt', width: 150, render: (v: string) => fmtDateTime(v) },
  ];
  return (
    <Card size="small" title={ti('conflict.title')} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{ti('conflict.add')}</Button>}>
      <p className="wg-insp-muted">{ti('conflict.hint')}</p>
      <Table<Conflict> rowKey="id" size="small" columns={columns} dataSource={conflicts.data ?? []} loading={conflicts.isPending} pagination={{ pageSize: 10, hideOnSinglePage: true }} />
      {adding ? <ConflictDialog centre={centre} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}

export function PoolTab() {
  const { ti } = useInspI18n();
  const user = useUser();
  const qc = useQueryClient();
  const pool = usePool();
  const [adding, setAdding] = useState(false);
  const canManage = hasRole(user, ...MANAGE_ROLES);
  const patch = useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: { sectors?: Sector[]; active?: boolean } }) => api(`/api/inspections/inspectors/${userId}`, { method: 'PATCH', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEYS.all }),
  });
  const columns: TableColumnsType<PoolMember> = [
    { title: ti('pool.code'), dataIndex: 'code', width: 130, render: (v: string) => <code>{v}</code> },
    { title: ti('pool.name'), dataIndex: 'displayName', width: 220 },
    { title: ti('pool.department'), dataIndex: 'departmentName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: ti('pool.sectors'),
      dataIndex: 'sectors',
      width: 330,
      render: (sectors: Sector[], p) =>
        canManage ? (
          <Select
            mode="multiple"
            size="small"
            value={sectors}
            style={{ width: '100%' }}
            aria-label={`${p.code} ${ti('pool.sectors')}`}
            onChange={(v: Sector[]) => v.length && patch.mutate({ userId: p.userId, body: { sectors: v } })}
            options={SECTOR_CODES.map((s) => ({ value: s, label: ti(`sector.${s}`) }))}
          />
        ) : (
          sectors.map((s) => <SectorTag key={s} sector={s} />)
        ),
    },
    { title: ti('pool.conflicts'), dataIndex: 'conflicts', width: 70, align: 'right', render: (v: number) => (v ? <Tag color="purple">{v}</Tag> : '0') },
    {
      title: ti('pool.active'),
      dataIndex: 'active',
      width: 100,
      render: (v: boolean, p) => <Switch size="small" checked={v} disabled={!canManage} onChange={(active) => patch.mutate({ userId: p.userId, body: { active } })} aria-label={`${p.code} ${ti('pool.active')}`} />,
    },
  ];
  return (
    <section aria-label={ti('tab.pool')} className="wg-insp-pool">
      <Space wrap className="wg-insp-toolbar">
        <span className="wg-insp-muted">{ti('pool.hint')}</span>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {ti('pool.add')}
          </Button>
        ) : null}
      </Space>
      {patch.isError ? <Alert type="error" showIcon title={errorText(patch.error, 'zh')} /> : null}
      <Table<PoolMember> rowKey="userId" size="small" columns={columns} dataSource={pool.data ?? []} loading={pool.isPending} pagination={false} style={{ marginBottom: 16 }} />
      <ConflictsPanel centre={canManage} />
      {adding ? <PoolDialog onClose={() => setAdding(false)} /> : null}
    </section>
  );
}
