// Users and roles (用户与角色): the list with filters, adding a user, changing roles, department, phone, password, active.
import { useMemo, useState } from 'react';
import { Button, Form, Input, Modal, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '../../shared/labels';
import { api } from '../../shared/api';
import { useDepartments } from '../common/data';
import { ActiveBadge, FormError, SectionHead } from './common';
import { changedFields, KEYS, patchIfChanged, useAdminMutation, useUsers } from './data';
import { useAdminI18n } from './messages';
import { ASSIGNABLE_ROLES, type AdminUser, type AssignableRole, type UserCreate, type UserPatch } from './types';

/** The "no department" choice: a Select option cannot carry null. */
const NONE = '__none__';

interface UserForm {
  username?: string;
  displayName: string;
  password?: string;
  roles: AssignableRole[];
  departmentId: string;
  phone?: string;
  active?: boolean;
}

export default function UsersSection() {
  const { t, lang, pick } = useAdminI18n();
  const users = useUsers();
  const depts = useDepartments();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<AssignableRole>();
  const [deptId, setDeptId] = useState<string>();
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);

  const deptName = useMemo(() => new Map((depts.data ?? []).map((d) => [d.id, lang === 'en' ? d.nameEn : d.nameZh])), [depts.data, lang]);
  const deptOptions = (depts.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }));

  const rows = useMemo(() => {
    const words = q.trim().toLowerCase();
    return (users.data ?? []).filter(
      (u) =>
        (!words || `${u.username} ${u.displayName} ${u.phone ?? ''}`.toLowerCase().includes(words)) &&
        (!role || u.roles.includes(role)) &&
        (!deptId || u.departmentId === deptId),
    );
  }, [users.data, q, role, deptId]);

  const columns: TableColumnsType<AdminUser> = [
    { title: t('admin.users.username'), dataIndex: 'username', width: 180, render: (v: string) => <code>{v}</code> },
    { title: t('admin.users.displayName'), dataIndex: 'displayName', width: 200 },
    {
      title: t('admin.users.roles'),
      dataIndex: 'roles',
      width: 200,
      render: (roles: string[]) => roles.map((r) => <Tag key={r} color={r === 'admin' ? 'volcano' : 'blue'} variant="filled">{pick(ROLE_LABELS[r as AssignableRole], r)}</Tag>),
    },
    { title: t('admin.users.department'), dataIndex: 'departmentId', ellipsis: true, render: (id: string | null) => (id ? (deptName.get(id) ?? id) : '—') },
    { title: t('admin.users.phone'), dataIndex: 'phone', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('admin.status'), dataIndex: 'active', width: 90, render: (v: boolean) => <ActiveBadge active={v} /> },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 90,
      render: (_, u) => (
        // Integration and citizen accounts are managed where they are made (API keys, the public portal), not here.
        <Button
          size="small"
          type="link"
          icon={<EditOutlined />}
          disabled={u.roles.some((r) => r === 'system' || r === 'citizen')}
          onClick={() => setEditing(u)}
          aria-label={`${t('admin.edit')} ${u.displayName}`}
        >
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <section aria-label={t('admin.tab.users')}>
      <div className="wg-adm-toolbar">
        <Input.Search allowClear placeholder={t('admin.users.search')} aria-label={t('admin.search')} onChange={(e) => setQ(e.target.value)} style={{ width: 240 }} />
        <Select
          allowClear
          placeholder={t('admin.users.filterRole')}
          aria-label={t('admin.users.filterRole')}
          value={role}
          onChange={setRole}
          options={ASSIGNABLE_ROLES.map((r) => ({ value: r, label: pick(ROLE_LABELS[r]) }))}
          style={{ width: 150 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('admin.users.filterDepartment')}
          aria-label={t('admin.users.filterDepartment')}
          value={deptId}
          onChange={setDeptId}
          options={deptOptions}
          style={{ width: 240 }}
        />
        <span className="wg-adm-count">{t('admin.total', { n: rows.length })}</span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} className="wg-adm-toolbar-end">
          {t('admin.users.add')}
        </Button>
      </div>
      <Table<AdminUser>
        rowKey="id"
        size="small"
        className="wg-adm-table"
        columns={columns}
        dataSource={rows}
        loading={users.isPending}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        rowClassName={(u) => (u.active ? '' : 'wg-adm-row-off')}
      />
      {editing ? <UserDialog user={editing === 'new' ? null : editing} deptOptions={deptOptions} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

function UserDialog({ user, deptOptions, onClose }: { user: AdminUser | null; deptOptions: { value: string; label: string }[]; onClose: () => void }) {
  const { t, pick } = useAdminI18n();
  const [form] = Form.useForm<UserForm>();
  const save = useAdminMutation<UserForm>({
    mutationFn: (v) => {
      const departmentId = v.departmentId === NONE ? null : v.departmentId;
      const phone = v.phone?.trim() || null;
      if (!user) {
        const body: UserCreate = { username: v.username!.trim(), displayName: v.displayName, password: v.password!, roles: v.roles, departmentId, phone };
        return api('/api/admin/users', { method: 'POST', body });
      }
      const body: UserPatch = { ...changedFields(user, { displayName: v.displayName, roles: v.roles, departmentId, phone, active: v.active }), ...(v.password ? { password: v.password } : {}) };
      return patchIfChanged(`/api/admin/users/${user.id}`, body);
    },
    invalidate: [KEYS.users, KEYS.inspectors],
    success: (_, v) => (user ? t('admin.saved') : t('admin.users.created', { name: v.displayName })),
    onSuccess: onClose,
    toastError: false,
  });

  return (
    <Modal
      open
      title={user ? t('admin.users.edit', { name: user.displayName }) : t('admin.users.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      <FormError error={save.error} />
      <Form<UserForm>
        form={form}
        layout="vertical"
        name="admin-user"
        initialValues={user ? { ...user, departmentId: user.departmentId ?? NONE, phone: user.phone ?? undefined } : { roles: [], departmentId: NONE, active: true }}
        onFinish={(v) => save.mutate(v)}
      >
        {user ? null : (
          <Form.Item name="username" label={t('admin.users.username')} extra={t('admin.users.usernameRule')} rules={[{ required: true, pattern: /^[a-zA-Z0-9_.-]{2,64}$/, message: t('admin.users.usernameRule') }]}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, whitespace: true, max: 50, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('admin.users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.required') }]}>
          <Select mode="multiple" options={ASSIGNABLE_ROLES.map((r) => ({ value: r, label: pick(ROLE_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item
          name="departmentId"
          label={t('admin.users.department')}
          dependencies={['roles']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v) => ((getFieldValue('roles') as string[] | undefined)?.includes('department') && (!v || v === NONE) ? Promise.reject(new Error(t('admin.users.departmentNeeded'))) : Promise.resolve()),
            }),
          ]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={[{ value: NONE, label: t('admin.users.noDepartment') }, ...deptOptions]} />
        </Form.Item>
        <Form.Item name="phone" label={t('admin.users.phone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('admin.users.phoneRule') }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('admin.users.newPassword') : t('admin.users.password')}
          extra={user ? t('admin.users.passwordKeep') : t('admin.users.passwordRule')}
          rules={[{ required: !user, min: 8, max: 256, message: t('admin.users.passwordRule') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label={t('admin.status')} valuePropName="checked" extra={t('admin.users.activeHint')}>
            <Switch checkedChildren={t('admin.active')} unCheckedChildren={t('admin.inactive')} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
