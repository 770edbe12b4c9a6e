// The responsibility list (权责清单) editor: who handles each class, optionally per filing condition, area class and street.
// A rule without a department is "locality first" (属地): the street office where the case is handles it.
import { useMemo, useState } from 'react';
import { Button, Checkbox, Form, Modal, Popconfirm, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { KIND_LABELS } from '../../shared/labels';
import { api } from '../../shared/api';
import { useGeo } from '../../shared/map/MapView';
import { ClassPicker } from '../common/ClassPicker';
import { useDepartments } from '../common/data';
import { FormError, LimitInput, limitText, SectionHead } from './common';
import { KEYS, useAdminCatalogue, useAdminMutation, useRules } from './data';
import { useAdminI18n } from './messages';
import type { AdminClass, Limit, Rule, RuleInput } from './types';

/** The department choice "the local street office": a Select option cannot carry null. */
const LOCALITY = '__locality__';

interface RuleForm {
  classKey: string;
  filingCondition?: string | null;
  areaClass?: 'A' | 'B' | 'C' | null;
  streetCode?: string | null;
  departmentId: string;
  coDepartmentIds: string[];
  ownLimit: boolean;
  limit?: Limit;
}

export default function ResponsibilitySection() {
  const { t, lang, pick } = useAdminI18n();
  const rules = useRules();
  const catalogue = useAdminCatalogue();
  const depts = useDepartments();
  const streets = useGeo('streets');
  const [kind, setKind] = useState<'component' | 'matter'>();
  const [classKey, setClassKey] = useState<string>();
  const [deptId, setDeptId] = useState<string>();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);

  const classes = useMemo(() => new Map((catalogue.data ?? []).map((c) => [`${c.kind}:${c.code}`, c])), [catalogue.data]);
  const deptName = useMemo(() => new Map((depts.data ?? []).map((d) => [d.id, lang === 'en' ? d.nameEn : d.nameZh])), [depts.data, lang]);
  const streetName = useMemo(() => new Map((streets.data?.features ?? []).map((f) => [String(f.properties.code), String(f.properties.name)])), [streets.data]);
  const deptOptions = useMemo(() => (depts.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh })), [depts.data, lang]);

  const rows = useMemo(
    () =>
      (rules.data ?? []).filter(
        (r) =>
          (!kind || r.kind === kind) &&
          (!classKey || `${r.kind}:${r.classCode}` === classKey) &&
          (!deptId || (deptId === LOCALITY ? r.departmentId === null : r.departmentId === deptId || r.coDepartmentIds.includes(deptId))),
      ),
    [rules.data, kind, classKey, deptId],
  );

  const remove = useAdminMutation<string>({
    mutationFn: (id) => api(`/api/admin/responsibility/${id}`, { method: 'DELETE' }),
    invalidate: [KEYS.rules],
    success: t('admin.deleted'),
  });

  const className = (r: Rule) => {
    const c = classes.get(`${r.kind}:${r.classCode}`);
    return c ? (lang === 'en' ? c.nameEn : c.nameZh) : '';
  };
  const conditionName = (r: Rule) => {
    if (!r.filingCondition) return <Typography.Text type="secondary">{t('admin.rules.anyCondition')}</Typography.Text>;
    const fc = classes.get(`${r.kind}:${r.classCode}`)?.filingConditions.find((f) => f.code === r.filingCondition);
    return fc ? (lang === 'en' ? fc.nameEn : fc.nameZh) : r.filingCondition;
  };

  const columns: TableColumnsType<Rule> = [
    {
      title: t('admin.rules.class'),
      key: 'class',
      width: 270,
      render: (_, r) => (
        <span className="wg-class-option">
          <Tag color={r.kind === 'matter' ? 'geekblue' : 'cyan'} variant="filled">
            {pick(KIND_LABELS[r.kind as 'component' | 'matter'])}
          </Tag>
          <code>{r.classCode}</code> {className(r)}
          {classes.get(`${r.kind}:${r.classCode}`)?.local ? <Tag color="gold">{t('admin.cat.local')}</Tag> : null}
        </span>
      ),
    },
    { title: t('admin.rules.filingCondition'), key: 'fc', width: 170, ellipsis: true, render: (_, r) => conditionName(r) },
    {
      title: t('admin.rules.areaClass'),
      dataIndex: 'areaClass',
      width: 90,
      render: (a: string | null) => (a ? t('admin.rules.area', { cls: a }) : <Typography.Text type="secondary">{t('admin.rules.anyArea')}</Typography.Text>),
    },
    {
      title: t('admin.rules.street'),
      dataIndex: 'streetCode',
      width: 100,
      render: (s: string | null) => (s ? (streetName.get(s) ?? s) : <Typography.Text type="secondary">{t('admin.rules.anyStreet')}</Typography.Text>),
    },
    {
      title: t('admin.rules.department'),
      dataIndex: 'departmentId',
      width: 200,
      ellipsis: true,
      render: (id: string | null) => (id ? (deptName.get(id) ?? id) : <Tag color="green" variant="filled" className="wg-adm-locality">{t('admin.rules.locality')}</Tag>),
    },
    {
      title: t('admin.rules.coDepartments'),
      dataIndex: 'coDepartmentIds',
      ellipsis: true,
      render: (ids: string[]) => (ids.length ? ids.map((id) => deptName.get(id) ?? id).join('、') : '—'),
    },
    {
      title: t('admin.rules.limit'),
      key: 'limit',
      width: 130,
      ellipsis: true,
      render: (_, r) =>
        r.limitAmount && r.limitUnit ? limitText({ amount: r.limitAmount, unit: r.limitUnit }, pick, lang) : <Typography.Text type="secondary">{t('admin.rules.limitDefault')}</Typography.Text>,
    },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, r) => (
        <span className="wg-adm-row-actions">
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={`${t('admin.edit')} ${r.classCode} ${className(r)}`}>
            {t('admin.edit')}
          </Button>
          <Popconfirm title={t('admin.rules.deleteConfirm')} onConfirm={() => remove.mutate(r.id)} okText={t('admin.delete')} okButtonProps={{ danger: true }}>
            <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={`${t('admin.delete')} ${r.classCode} ${className(r)}`}>
              {t('admin.delete')}
            </Button>
          </Popconfirm>
        </span>
      ),
    },
  ];

  return (
    <section aria-label={t('admin.tab.responsibility')}>
      <SectionHead hint={t('admin.rules.hint')} />
      <div className="wg-adm-toolbar">
        <Select
          allowClear
          placeholder={t('admin.kind')}
          aria-label={t('admin.kind')}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setClassKey(undefined);
          }}
          options={(['matter', 'component'] as const).map((k) => ({ value: k, label: pick(KIND_LABELS[k]) }))}
          style={{ width: 110 }}
        />
        <span className="wg-adm-filter">
          <label htmlFor="rules-filter-class" className="wg-adm-sr-only">
            {t('admin.rules.filterClass')}
          </label>
          <ClassPicker id="rules-filter-class" kind={kind} value={classKey} onChange={(v) => setClassKey(v)} allowClear placeholder={t('admin.rules.filterClass')} style={{ width: 300 }} />
        </span>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('admin.rules.filterDepartment')}
          aria-label={t('admin.rules.filterDepartment')}
          value={deptId}
          onChange={setDeptId}
          options={[{ value: LOCALITY, label: t('admin.rules.locality') }, ...deptOptions]}
          style={{ width: 240 }}
          data-testid="rules-filter-department"
        />
        <span className="wg-adm-count">{t('admin.total', { n: rows.length })}</span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} className="wg-adm-toolbar-end">
          {t('admin.rules.add')}
        </Button>
      </div>
      <Table<Rule>
        rowKey="id"
        size="small"
        className="wg-adm-table"
        columns={columns}
        dataSource={rows}
        loading={rules.isPending}
        scroll={{ x: 1320 }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-class': `${r.kind}:${r.classCode}` }) as React.HTMLAttributes<HTMLElement>}
      />
      {editing ? (
        <RuleDialog rule={editing === 'new' ? null : editing} classes={classes} deptOptions={deptOptions} streetOptions={[...streetName].map(([value, label]) => ({ value, label }))} onClose={() => setEditing(null)} />
      ) : null}
    </section>
  );
}

function RuleDialog({
  rule,
  classes,
  deptOptions,
  streetOptions,
  onClose,
}: {
  rule: Rule | null;
  classes: Map<string, AdminClass>;
  deptOptions: { value: string; label: string }[];
  streetOptions: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t, lang, pick } = useAdminI18n();
  const [form] = Form.useForm<RuleForm>();
  const classKey = Form.useWatch('classKey', form);
  const ownLimit = Form.useWatch('ownLimit', form);
  const cls = classKey ? classes.get(classKey) : undefined;

  const save = useAdminMutation<RuleForm>({
    mutationFn: (v) => {
      const [kind, classCode] = v.classKey.split(':') as ['component' | 'matter', string];
      const body: RuleInput = {
        kind,
        classCode,
        filingCondition: v.filingCondition ?? null,
        areaClass: v.areaClass ?? null,
        streetCode: v.streetCode ?? null,
        departmentId: v.departmentId === LOCALITY ? null : v.departmentId,
        coDepartmentIds: v.coDepartmentIds ?? [],
        limit: v.ownLimit && v.limit ? v.limit : null,
      };
      return rule ? api(`/api/admin/responsibility/${rule.id}`, { method: 'PUT', body }) : api('/api/admin/responsibility', { method: 'POST', body });
    },
    invalidate: [KEYS.rules],
    success: rule ? t('admin.saved') : t('admin.created'),
    onSuccess: onClose,
    toastError: false,
  });

  const initial: Partial<RuleForm> = rule
    ? {
        classKey: `${rule.kind}:${rule.classCode}`,
        filingCondition: rule.filingCondition,
        areaClass: rule.areaClass as RuleForm['areaClass'],
        streetCode: rule.streetCode,
        departmentId: rule.departmentId ?? LOCALITY,
        coDepartmentIds: rule.coDepartmentIds,
        ownLimit: !!(rule.limitAmount && rule.limitUnit),
        limit: rule.limitAmount && rule.limitUnit ? { amount: rule.limitAmount, unit: rule.limitUnit as Limit['unit'] } : { amount: 5, unit: 'working_days' },
      }
    : { coDepartmentIds: [], ownLimit: false, limit: { amount: 5, unit: 'working_days' } };

  return (
    <Modal
      open
      title={rule ? t('admin.rules.edit') : t('admin.rules.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={620}
    >
      <FormError error={save.error} />
      <Form<RuleForm> form={form} layout="vertical" name="admin-rule" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="classKey" label={t('admin.rules.class')} rules={[{ required: true, message: t('admin.rules.needClass') }]}>
          <ClassPicker onChange={() => form.setFieldValue('filingCondition', null)} />
        </Form.Item>
        <Form.Item name="filingCondition" label={t('admin.rules.filingCondition')}>
          <Select
            allowClear
            placeholder={t('admin.rules.anyCondition')}
            disabled={!cls}
            options={(cls?.filingConditions ?? []).map((f) => ({ value: f.code, label: `${lang === 'en' ? f.nameEn : f.nameZh}（${limitText(f.limit, pick, lang)}）` }))}
          />
        </Form.Item>
        <div className="wg-adm-form-row">
          <Form.Item name="areaClass" label={t('admin.rules.areaClass')}>
            <Select allowClear placeholder={t('admin.rules.anyArea')} options={(['A', 'B', 'C'] as const).map((a) => ({ value: a, label: t('admin.rules.area', { cls: a }) }))} />
          </Form.Item>
          <Form.Item name="streetCode" label={t('admin.rules.street')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('admin.rules.anyStreet')} options={streetOptions} />
          </Form.Item>
        </div>
        <Form.Item name="departmentId" label={t('admin.rules.department')} rules={[{ required: true, message: t('admin.rules.needDepartment') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={[{ value: LOCALITY, label: t('admin.rules.localityLong') }, ...deptOptions]} data-testid="rule-department" />
        </Form.Item>
        <Form.Item name="coDepartmentIds" label={t('admin.rules.coDepartments')}>
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} maxCount={10} options={deptOptions} />
        </Form.Item>
        <Form.Item name="ownLimit" valuePropName="checked" extra={t('admin.rules.ownLimitHint')} className="wg-adm-tight">
          <Checkbox>{t('admin.rules.ownLimit')}</Checkbox>
        </Form.Item>
        {ownLimit ? (
          <Form.Item name="limit" label={t('admin.rules.limit')}>
            <LimitInput />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
