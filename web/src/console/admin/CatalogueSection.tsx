// The class catalogue (类别): standard classes (GB/T 47678.5) and local sub-classes, each with its filing conditions
// (立案条件) and their handling limits and close conditions. Adds local sub-classes; edits classes and conditions.
import { useMemo, useState } from 'react';
import { Button, Checkbox, Form, Input, Modal, Radio, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { KIND_LABELS } from '../../shared/labels';
import { api } from '../../shared/api';
import { ActiveBadge, FormError, LimitInput, limitText, SectionHead } from './common';
import { changedFields, KEYS, patchIfChanged, useAdminCatalogue, useAdminMutation } from './data';
import { useAdminI18n } from './messages';
import type { AdminClass, ClassPatch, FilingConditionPatch, Limit, LocalClassInput } from './types';

type Condition = AdminClass['filingConditions'][number];
type Kind = AdminClass['kind'];

export default function CatalogueSection() {
  const { t, lang, pick } = useAdminI18n();
  const catalogue = useAdminCatalogue();
  const [kind, setKind] = useState<Kind>();
  const [major, setMajor] = useState<string>();
  const [q, setQ] = useState('');
  const [onlyLocal, setOnlyLocal] = useState(false);
  const [editClass, setEditClass] = useState<AdminClass | null>(null);
  const [editCondition, setEditCondition] = useState<Condition | null>(null);
  const [adding, setAdding] = useState(false);

  const all = catalogue.data ?? [];
  const majors = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of all) if (!kind || c.kind === kind) m.set(`${c.kind}:${c.majorCode}`, `${c.majorCode} ${lang === 'en' ? c.majorNameEn : c.majorNameZh}`);
    return [...m].map(([value, label]) => ({ value, label: `${pick(KIND_LABELS[value.split(':')[0] as Kind])} · ${label}` }));
  }, [all, kind, lang, pick]);
  const rows = useMemo(() => {
    const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return all.filter(
      (c) =>
        (!kind || c.kind === kind) &&
        (!major || `${c.kind}:${c.majorCode}` === major) &&
        (!onlyLocal || c.local) &&
        words.every((w) => `${c.code} ${c.nameZh} ${c.nameEn}`.toLowerCase().includes(w)),
    );
  }, [all, kind, major, onlyLocal, q]);

  const name = (x: { nameZh: string; nameEn: string }) => (lang === 'en' ? x.nameEn : x.nameZh);

  const columns: TableColumnsType<AdminClass> = [
    {
      title: t('admin.code'),
      key: 'code',
      width: 150,
      render: (_, c) => (
        <span className="wg-class-option">
          <Tag color={c.kind === 'matter' ? 'geekblue' : 'cyan'} variant="filled">
            {pick(KIND_LABELS[c.kind])}
          </Tag>
          <code>{c.code}</code>
        </span>
      ),
    },
    { title: t('admin.cat.major'), key: 'major', width: 150, ellipsis: true, render: (_, c) => `${c.majorCode} ${lang === 'en' ? c.majorNameEn : c.majorNameZh}` },
    { title: t('admin.nameZh'), dataIndex: 'nameZh', width: 170 },
    { title: t('admin.nameEn'), dataIndex: 'nameEn', ellipsis: true },
    {
      title: t('admin.cat.flags'),
      key: 'flags',
      width: 170,
      render: (_, c) => (
        <>
          {c.local ? <Tag color="gold">{t('admin.cat.local')}</Tag> : <Tag>{t('admin.cat.standard')}</Tag>}
          {c.urgent ? <Tag color="red">{t('admin.cat.urgent')}</Tag> : null}
          {c.privatePoint ? <Tag color="purple">{t('admin.cat.privatePoint')}</Tag> : null}
        </>
      ),
    },
    { title: t('admin.rules.filingCondition'), key: 'n', width: 90, align: 'right', render: (_, c) => t('admin.cat.conditionCount', { n: c.filingConditions.length }) },
    { title: t('admin.status'), dataIndex: 'active', width: 70, render: (v: boolean) => <ActiveBadge active={v} /> },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 90,
      render: (_, c) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditClass(c)} aria-label={`${t('admin.edit')} ${c.code} ${name(c)}`}>
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  const conditionColumns: TableColumnsType<Condition> = [
    { title: t('admin.code'), dataIndex: 'code', width: 130, render: (v: string) => <code>{v}</code> },
    { title: t('admin.rules.filingCondition'), key: 'name', width: 240, render: (_, f) => name(f) },
    { title: t('admin.limit'), key: 'limit', width: 120, render: (_, f) => limitText(f.limit, pick, lang) },
    { title: t('admin.cat.closeCondition'), key: 'close', ellipsis: true, render: (_, f) => (lang === 'en' ? f.closeConditionEn : f.closeConditionZh) || '—' },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 90,
      render: (_, f) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditCondition(f)} aria-label={`${t('admin.edit')} ${f.code} ${name(f)}`}>
          {t('admin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <section aria-label={t('admin.tab.catalogue')}>
      <SectionHead hint={t('admin.cat.hint')} />
      <div className="wg-adm-toolbar">
        <Input.Search allowClear placeholder={t('admin.cat.search')} aria-label={t('admin.search')} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} />
        <Select
          allowClear
          placeholder={t('admin.kind')}
          aria-label={t('admin.kind')}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setMajor(undefined);
          }}
          options={(['matter', 'component'] as const).map((k) => ({ value: k, label: pick(KIND_LABELS[k]) }))}
          style={{ width: 110 }}
        />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('admin.cat.major')} aria-label={t('admin.cat.major')} value={major} onChange={setMajor} options={majors} style={{ width: 240 }} popupMatchSelectWidth={false} />
        <Checkbox checked={onlyLocal} onChange={(e) => setOnlyLocal(e.target.checked)}>
          {t('admin.cat.onlyLocal')}
        </Checkbox>
        <span className="wg-adm-count">{t('admin.total', { n: rows.length })}</span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} className="wg-adm-toolbar-end">
          {t('admin.cat.addLocal')}
        </Button>
      </div>
      <Table<AdminClass>
        rowKey={(c) => `${c.kind}:${c.code}`}
        size="small"
        className="wg-adm-table"
        columns={columns}
        dataSource={rows}
        loading={catalogue.isPending}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        rowClassName={(c) => (c.active ? '' : 'wg-adm-row-off')}
        expandable={{
          expandedRowRender: (c) => (
            <Table<Condition> rowKey="code" size="small" className="wg-adm-subtable" columns={conditionColumns} dataSource={c.filingConditions} pagination={false} />
          ),
          rowExpandable: (c) => c.filingConditions.length > 0,
          expandIcon: ({ expanded, onExpand, record, expandable }) =>
            expandable ? (
              <button
                type="button"
                className={`ant-table-row-expand-icon ${expanded ? 'ant-table-row-expand-icon-expanded' : 'ant-table-row-expand-icon-collapsed'}`}
                aria-label={`${expanded ? t('admin.cat.collapse') : t('admin.cat.expand')} ${record.code}`}
                aria-expanded={expanded}
                onClick={(e) => onExpand(record, e)}
              />
            ) : null,
        }}
      />
      {editClass ? <ClassDialog cls={editClass} onClose={() => setEditClass(null)} /> : null}
      {editCondition ? <ConditionDialog condition={editCondition} onClose={() => setEditCondition(null)} /> : null}
      {adding ? <LocalClassDialog classes={all} onClose={() => setAdding(false)} /> : null}
    </section>
  );
}

function ClassDialog({ cls, onClose }: { cls: AdminClass; onClose: () => void }) {
  const { t, lang } = useAdminI18n();
  const [form] = Form.useForm<ClassPatch>();
  const save = useAdminMutation<ClassPatch>({
    mutationFn: (v) => patchIfChanged(`/api/admin/catalogue/classes/${cls.kind}/${cls.code}`, changedFields(cls, v) satisfies ClassPatch),
    invalidate: [KEYS.catalogue, ['filing']],
    success: t('admin.saved'),
    onSuccess: onClose,
    toastError: false,
  });
  return (
    <Modal
      open
      title={t('admin.cat.editClass', { code: cls.code, name: lang === 'en' ? cls.nameEn : cls.nameZh })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={540}
    >
      <FormError error={save.error} />
      <Form<ClassPatch> form={form} layout="vertical" name="admin-class" initialValues={cls} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <div className="wg-adm-form-row">
          <Form.Item name="urgent" label={t('admin.cat.urgent')} valuePropName="checked" extra={t('admin.cat.urgentHint')}>
            <Switch checkedChildren={t('admin.yes')} unCheckedChildren={t('admin.no')} />
          </Form.Item>
          <Form.Item name="privatePoint" label={t('admin.cat.privatePoint')} valuePropName="checked" extra={t('admin.cat.privatePointHint')}>
            <Switch checkedChildren={t('admin.yes')} unCheckedChildren={t('admin.no')} />
          </Form.Item>
        </div>
        <Form.Item name="active" label={t('admin.status')} valuePropName="checked" extra={t('admin.cat.inactiveHint')}>
          <Switch checkedChildren={t('admin.active')} unCheckedChildren={t('admin.inactive')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ConditionForm {
  nameZh: string;
  nameEn: string;
  limit: Limit;
  closeConditionZh: string;
  closeConditionEn: string;
}

function ConditionDialog({ condition, onClose }: { condition: Condition; onClose: () => void }) {
  const { t } = useAdminI18n();
  const [form] = Form.useForm<ConditionForm>();
  const save = useAdminMutation<ConditionForm>({
    mutationFn: ({ limit, ...rest }) => {
      const { limit: was, ...before } = condition;
      const body: FilingConditionPatch = changedFields({ ...before, amount: was.amount, unit: was.unit }, { ...rest, amount: limit.amount, unit: limit.unit });
      return patchIfChanged(`/api/admin/catalogue/filing-conditions/${encodeURIComponent(condition.code)}`, body);
    },
    invalidate: [KEYS.catalogue, ['filing']],
    success: t('admin.saved'),
    onSuccess: onClose,
    toastError: false,
  });
  return (
    <Modal
      open
      title={t('admin.cat.editCondition', { code: condition.code })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={580}
    >
      <FormError error={save.error} />
      <Form<ConditionForm> form={form} layout="vertical" name="admin-condition" initialValues={condition} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="limit" label={t('admin.limit')} rules={[{ required: true, message: t('admin.required') }]}>
          <LimitInput />
        </Form.Item>
        <Form.Item name="closeConditionZh" label={t('admin.cat.closeConditionZh')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="closeConditionEn" label={t('admin.cat.closeConditionEn')} rules={[{ max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface LocalClassForm {
  kind: Kind;
  parentCode: string;
  suffix: string;
  nameZh: string;
  nameEn: string;
  conditions: { nameZh: string; nameEn: string; limit: Limit }[];
}

function LocalClassDialog({ classes, onClose }: { classes: AdminClass[]; onClose: () => void }) {
  const { t, lang, pick } = useAdminI18n();
  const [form] = Form.useForm<LocalClassForm>();
  const kind = Form.useWatch('kind', form);
  const parentCode = Form.useWatch('parentCode', form);
  const suffix = Form.useWatch('suffix', form);
  const parents = useMemo(
    () =>
      classes
        .filter((c) => c.kind === kind && !c.local && c.code.length === 5)
        .map((c) => ({ value: c.code, label: `${c.code} ${lang === 'en' ? c.nameEn : c.nameZh}`, search: `${c.code} ${c.nameZh} ${c.nameEn}`.toLowerCase() })),
    [classes, kind, lang],
  );
  const taken = useMemo(() => new Set(classes.filter((c) => c.kind === kind).map((c) => c.code)), [classes, kind]);
  const code = parentCode && /^\d{2,3}$/.test(suffix ?? '') ? parentCode + suffix : null;

  const save = useAdminMutation<LocalClassForm, AdminClass>({
    mutationFn: (v) => {
      const body: LocalClassInput = {
        kind: v.kind,
        parentCode: v.parentCode,
        suffix: v.suffix,
        nameZh: v.nameZh,
        nameEn: v.nameEn,
        filingConditions: v.conditions.map((c) => ({ nameZh: c.nameZh, nameEn: c.nameEn, amount: c.limit.amount, unit: c.limit.unit })),
      };
      return api('/api/admin/catalogue/classes', { method: 'POST', body });
    },
    invalidate: [KEYS.catalogue, KEYS.rules, ['filing']],
    success: (c) => t('admin.cat.created', { code: c.code }),
    onSuccess: onClose,
    toastError: false,
  });

  return (
    <Modal
      open
      title={t('admin.cat.addLocal')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={680}
    >
      <FormError error={save.error} />
      <Form<LocalClassForm>
        form={form}
        layout="vertical"
        name="admin-local-class"
        initialValues={{ kind: 'matter', conditions: [{ nameZh: '', nameEn: '', limit: { amount: 2, unit: 'working_days' } }] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('admin.kind')}>
          <Radio.Group onChange={() => form.setFieldValue('parentCode', undefined)} options={(['matter', 'component'] as const).map((k) => ({ value: k, label: pick(KIND_LABELS[k]) }))} />
        </Form.Item>
        <div className="wg-adm-form-row wg-adm-form-row-wide">
          <Form.Item name="parentCode" label={t('admin.cat.parent')} extra={t('admin.cat.parentHint')} rules={[{ required: true, message: t('admin.required') }]}>
            <Select
              showSearch={{
                filterOption: (input, option) => input.toLowerCase().split(/\s+/).every((w) => (option as { search?: string } | undefined)?.search?.includes(w) ?? false),
              }}
              options={parents}
              data-testid="local-parent"
            />
          </Form.Item>
          <Form.Item
            name="suffix"
            label={t('admin.cat.suffix')}
            extra={code ? t('admin.cat.codePreview', { code }) : t('admin.cat.suffixRule')}
            rules={[
              { required: true, pattern: /^\d{2,3}$/, message: t('admin.cat.suffixRule') },
              { validator: (_, v: string) => (parentCode && v && taken.has(parentCode + v) ? Promise.reject(new Error(t('admin.cat.codeTaken', { code: parentCode + v }))) : Promise.resolve()) },
            ]}
          >
            <Input inputMode="numeric" maxLength={3} autoComplete="off" />
          </Form.Item>
        </div>
        <div className="wg-adm-form-row">
          <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.required') }]}>
            <Input />
          </Form.Item>
        </div>
        <Form.List name="conditions">
          {(fields, { add, remove }) => (
            <div className="wg-adm-conditions">
              {fields.map((field, i) => (
                <fieldset key={field.key} className="wg-adm-condition">
                  <legend>
                    {t('admin.cat.conditionN', { n: i + 1 })}
                    {fields.length > 1 ? (
                      <Button type="text" size="small" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={`${t('admin.cat.removeCondition')} ${i + 1}`} />
                    ) : null}
                  </legend>
                  <div className="wg-adm-form-row wg-adm-form-row-3">
                    <Form.Item name={[field.name, 'nameZh']} label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.required') }]}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'nameEn']} label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 200, message: t('admin.required') }]}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'limit']} label={t('admin.limit')}>
                      <LimitInput />
                    </Form.Item>
                  </div>
                </fieldset>
              ))}
              {fields.length < 10 ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ nameZh: '', nameEn: '', limit: { amount: 2, unit: 'working_days' } })} block>
                  {t('admin.cat.addCondition')}
                </Button>
              ) : null}
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
