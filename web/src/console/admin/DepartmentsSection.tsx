// Departments (部门): functional departments and street offices; adding one, renaming, deactivating.
import { useMemo, useState } from 'react';
import { Button, Form, Input, Modal, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useGeo } from '../../shared/map/MapView';
import type { Department } from '../../shared/types';
import { useDepartments } from '../common/data';
import { ActiveBadge, FormError } from './common';
import { changedFields, KEYS, patchIfChanged, useAdminMutation, useUsers } from './data';
import { useAdminI18n, type AdminKey } from './messages';
import { DEPARTMENT_KINDS, type DepartmentCreate, type DepartmentKind, type DepartmentPatch } from './types';

type DeptForm = DepartmentCreate & { active?: boolean };

export default function DepartmentsSection() {
  const { t, lang } = useAdminI18n();
  const depts = useDepartments();
  const users = useUsers();
  const streets = useGeo('streets');
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<DepartmentKind>();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);

  const kindLabel = (k: string) => t(`admin.deptKind.${k}` as AdminKey);
  const streetName = useMemo(() => new Map((streets.data?.features ?? []).map((f) => [String(f.properties.code), String(f.properties.name)])), [streets.data]);
  const userCount = useMemo(() => {
    const m = new Map<string, number>();
    for (const u of users.data ?? []) if (u.departmentId) m.set(u.departmentId, (m.get(u.departmentId) ?? 0) + 1);
    return m;
  }, [users.data]);
  const rows = useMemo(() => {
    const words = q.trim().toLowerCase();
    return (depts.data ?? []).filter((d) => (!words || `${d.code} ${d.nameZh} ${d.nameEn}`.toLowerCase().includes(words)) && (!kind || d.kind === kind));
  }, [depts.data, q, kind]);

  const columns: TableColumnsType<Department> = [
    { title: t('admin.code'), dataIndex: 'code', width: 240, render: (v: string) => <code>{v}</code> },
    { title: t('admin.nameZh'), dataIndex: 'nameZh', width: 220 },
    { title: t('admin.nameEn'), dataIndex: 'nameEn', ellipsis: true },
    { title: t('admin.depts.kind'), dataIndex: 'kind', width: 120, render: (k: string) => <Tag variant="filled" color={k === 'street' ? 'green' : 'blue'}>{kindLabel(k)}</Tag> },
    { title: t('admin.depts.street'), dataIndex: 'streetCode', width: 130, render: (c: string | null) => (c ? (streetName.get(c) ?? c) : '—') },
    { title: t('admin.depts.users'), key: 'users', width: 80, align: 'right', render: (_, d) => userCount.get(d.id) ?? 0 },
    { title: t('admin.status'), dataIndex: 'active', width: 80, render: (v: boolean) => <ActiveBadge active={v} /> },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 90,
      render: (_, d) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(d)} aria-label={`${t('admin.edit')} ${lang === 'en' ? d.nameEn : d.nameZh}`}>
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <section aria-label={t('admin.tab.departments')}>
      <div className="wg-adm-toolbar">
        <Input.Search allowClear placeholder={t('admin.depts.search')} aria-label={t('admin.search')} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} />
        <Select allowClear placeholder={t('admin.depts.kind')} aria-label={t('admin.depts.kind')} value={kind} onChange={setKind} options={DEPARTMENT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} style={{ width: 160 }} />
        <span className="wg-adm-count">{t('admin.total', { n: rows.length })}</span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} className="wg-adm-toolbar-end">
          {t('admin.depts.add')}
        </Button>
      </div>
      <Table<Department>
        rowKey="id"
        size="small"
        className="wg-adm-table"
        columns={columns}
        dataSource={rows}
        loading={depts.isPending}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        rowClassName={(d) => (d.active ? '' : 'wg-adm-row-off')}
      />
      {editing ? (
        <DepartmentDialog
          dept={editing === 'new' ? null : editing}
          streetOptions={[...streetName].map(([value, label]) => ({ value, label: `${label} ${value}` }))}
          kindLabel={kindLabel}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}

function DepartmentDialog({
  dept,
  streetOptions,
  kindLabel,
  onClose,
}: {
  dept: Department | null;
  streetOptions: { value: string; label: string }[];
  kindLabel: (k: string) => string;
  onClose: () => void;
}) {
  const { t, lang } = useAdminI18n();
  const [form] = Form.useForm<DeptForm>();
  const kind = Form.useWatch('kind', form);
  const save = useAdminMutation<DeptForm>({
    mutationFn: (v) => {
      if (!dept) {
        const body: DepartmentCreate = { code: v.code.trim(), nameZh: v.nameZh, nameEn: v.nameEn, kind: v.kind, streetCode: v.kind === 'street' ? (v.streetCode ?? null) : null };
        return api('/api/admin/departments', { method: 'POST', body });
      }
      const body: DepartmentPatch = changedFields(dept, { nameZh: v.nameZh, nameEn: v.nameEn, active: v.active });
      return patchIfChanged(`/api/admin/departments/${dept.id}`, body);
    },
    invalidate: [KEYS.departments],
    success: dept ? t('admin.saved') : t('admin.created'),
    onSuccess: onClose,
    toastError: false,
  });

  return (
    <Modal
      open
      title={dept ? t('admin.depts.edit', { name: lang === 'en' ? dept.nameEn : dept.nameZh }) : t('admin.depts.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      <FormError error={save.error} />
      <Form<DeptForm> form={form} layout="vertical" name="admin-department" initialValues={dept ?? { active: true }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="code" label={t('admin.code')} extra={dept ? undefined : t('admin.depts.codeRule')} rules={[{ required: true, whitespace: true, min: 2, max: 40, message: t('admin.depts.codeRule') }]}>
          <Input disabled={!!dept} autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('admin.depts.kind')} rules={[{ required: true, message: t('admin.required') }]}>
          <Select disabled={!!dept} options={DEPARTMENT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
        </Form.Item>
        {kind === 'street' ? (
          <Form.Item name="streetCode" label={t('admin.depts.street')} rules={[{ required: true, message: t('admin.depts.streetNeeded') }]}>
            <Select disabled={!!dept} showSearch={{ optionFilterProp: 'label' }} options={streetOptions} />
          </Form.Item>
        ) : null}
        {dept ? (
          <Form.Item name="active" label={t('admin.status')} valuePropName="checked" extra={t('admin.depts.deactivateHint')}>
            <Switch checkedChildren={t('admin.active')} unCheckedChildren={t('admin.inactive')} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
